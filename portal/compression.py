"""Compression of text responses (issue 17, "Speed"): brotli for public ones, gzip for the rest.

Django's GZipMiddleware (listed before BrotliMiddleware, so it runs after it) gzips the rest, text only:
PDFs, images and recordings are compressed already, and a download keeps its Content-Length.  Brotli is
applied only to responses marked `Cache-Control: public`: they hold nothing secret, so compressing them
cannot leak a CSRF token or personal data through the compressed length (BREACH); Django's gzip has its
own guard.  The act pages from portal.page_cache arrive already compressed (once per entry).
"""

from __future__ import annotations

from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from portal.page_cache import _accepts

MIN_LENGTH = 200
QUALITY = 5  # per request: fast, and still smaller than gzip -6
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript", "image/svg+xml")


def _is_text(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(COMPRESSIBLE)


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip, for text responses only."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not _is_text(response):
            return response
        return super().process_response(request, response)


def _compressible(response: HttpResponse) -> bool:
    if response.streaming or response.has_header("Content-Encoding") or len(response.content) < MIN_LENGTH:
        return False
    if "public" not in response.get("Cache-Control", ""):
        return False
    return _is_text(response)


class BrotliMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _accepts(request, "br") or not _compressible(response):
            return response
        response.content = brotli.compress(response.content, quality=QUALITY, mode=brotli.MODE_TEXT)
        response["Content-Length"] = str(len(response.content))
        response["Content-Encoding"] = "br"
        patch_vary_headers(response, ("Accept-Encoding",))
        etag = response.get("ETag", "")
        if etag.startswith('"'):
            response["ETag"] = f"W/{etag}"  # another body than the one the strong tag named
        return response
