"""Security middleware of the composition root: the Content-Security-Policy's admin variant and the request
body limit that refuses an oversize upload before it is read (issue 13)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Wagtail's admin still writes inline <script> blocks (panels, date widgets) and avatars from elsewhere, so
# under /admin/ the browser only gets the directives that break nothing there.
ADMIN_POLICY = {
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],  # Wagtail's preview frames its own pages
}


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp with the strict policy on public pages and ``ADMIN_POLICY`` under ``/admin/``."""

    def get_policy_parts(self, request: HttpRequest, response: Any, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/") and parts.config is None:
            parts.config = ADMIN_POLICY
        return parts


class RequestBodyTooLarge(RequestDataTooBig):
    """Raised by ``BoundedStream`` when a body without a Content-Length passes the limit (Django answers a
    ``SuspiciousOperation`` with 400; the middleware then says 413)."""


class BoundedStream:
    """A request body stream that gives up once more than ``limit`` bytes have been read."""

    def __init__(self, stream: Any, limit: int, on_overflow: Callable[[], None]) -> None:
        self.stream, self.limit, self.on_overflow, self.read_bytes = stream, limit, on_overflow, 0

    def _count(self, data: bytes) -> bytes:
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            self.on_overflow()
            raise RequestBodyTooLarge
        return data

    def read(self, size: int = -1) -> bytes:
        # Never more than one byte past the limit per call, so a huge read() cannot buffer the body.
        room = self.limit - self.read_bytes + 1
        return self._count(self.stream.read(room if size is None or size < 0 else min(size, room)))

    def close(self) -> None:
        """Django closes the body stream after reading it; the server's input stream is the server's."""

    def readline(self, size: int = -1) -> bytes:
        room = self.limit - self.read_bytes + 1
        return self._count(self.stream.readline(room if size is None or size < 0 else min(size, room)))


def upload_limit(path: str) -> int:
    """The largest body accepted at ``path``: ``MAX_UPLOAD_BYTES``, or a larger limit from
    ``MAX_UPLOAD_BYTES_BY_PATH`` (pattern → bytes) for the pages that legitimately take big files."""
    for pattern, limit in getattr(settings, "MAX_UPLOAD_BYTES_BY_PATH", {}).items():
        if re.match(pattern, path):
            return int(limit)
    return int(settings.MAX_UPLOAD_BYTES)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413: JSON for the API, the portal's page elsewhere."""
    megabytes = max(1, limit // (1024 * 1024))
    message = _("The request is too large: at most %(size)s MB can be sent at once.") % {"size": megabytes}
    if request.path_info.startswith("/api/"):
        # The API's error shape (records.api.errors), with the same code as a body past Django's own limit.
        body = {"code": "payload_too_large", "message": message, "field_errors": {}}
        response = JsonResponse(body, status=413)
    else:
        response = render(request, "413.html", {"message": message}, status=413)
    # The client is still sending its body: a length lets it read the answer without waiting for the close.
    response["Content-Length"] = str(len(response.content))
    return response


class RequestBodyLimitMiddleware:
    """Refuses a body whose Content-Length passes the limit before anything reads it, and stops reading a
    body of unknown length (chunked) as soon as it passes the limit; either way nothing is stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = upload_limit(request.path_info)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large(request, limit)
        overflowed: list[bool] = []
        if not length and request.META.get("wsgi.input_terminated"):
            # The server de-chunks the body and ends the stream itself: read it, but only up to the limit.
            request._stream = BoundedStream(
                request.META["wsgi.input"], limit, lambda: overflowed.append(True)
            )
        response = self.get_response(request)
        # Whoever read the body (CSRF, a form) turned the overflow into a 400; the client is told why.
        return too_large(request, limit) if overflowed else response
