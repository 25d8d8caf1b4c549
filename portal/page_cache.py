"""Whole public pages from a cache, answered before Wagtail's routing (issue 17, "Speed").

An entry is keyed by (host, path, query) — the language is the path's /kk/ or /ru/ prefix — and holds the
page's id, the page's *version tokens* read before it was rendered, the view's headers and the body (raw,
and gzip or brotli once a reader asked for them: compressed once, not per request).  A hit compares the
entry's tokens with the current ones in the token store and answers without touching the database.
Publishing a page replaces the tokens of the pages it changes (portal.cache_invalidation), so their entries
stop matching in every worker at once, while the rest of the site stays cached.

Stores (settings.CACHES): "pages" holds the entries (Redis when REDIS_URL is set, else this worker's memory);
"page_versions" holds the tokens (the same Redis, else files under PAGE_CACHE_DIR that every process of the
machine reads: a stat and a read, no database).  Without those aliases the default cache serves both.

Only what is the same for every reader is stored: GET of a page that asked for it (CachedServeMixin), a
request without a session cookie (staff, applicants signed in, previews and the user bar never qualify), a
200 without cookies set, and the query strings listed in CACHEABLE_QUERIES.
"""

from __future__ import annotations

import gzip
import hashlib
import secrets
from collections.abc import Callable

import brotli
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

PAGES_ALIAS = "pages"
VERSIONS_ALIAS = "page_versions"
ALL_PAGES = "*"  # a token every entry also depends on: bumped when a change touches too many pages
SITEMAP = "sitemap"
SITEMAP_PATH = "/sitemap.xml"
# "?full=1" is the whole act on one page; any other query (?at=, ?status=) is answered by the view.
CACHEABLE_QUERIES = {"", "full=1"}
# Headers not replayed from the stored response: set per answer, or never shared.
DROPPED_HEADERS = {
    "set-cookie",
    "content-length",
    "content-encoding",
    "etag",
    "vary",
    "cache-control",
    "date",
    "expires",
    "x-page-cache",
}
# Vary a stored response may carry: what the answer sets anyway (the language is in the path).
SHARED_VARY = {"cookie", "accept-encoding", "accept-language"}
STATE_HEADER = "X-Page-Cache"
GZIP_LEVEL = 6
BROTLI_QUALITY = 6  # once per entry and worker: ~15 ms for act 003's 270 KB, 11 % smaller than gzip -6


def pages_cache() -> BaseCache:
    return caches[PAGES_ALIAS if PAGES_ALIAS in settings.CACHES else "default"]


def versions_cache() -> BaseCache:
    return caches[VERSIONS_ALIAS if VERSIONS_ALIAS in settings.CACHES else "default"]


# ------------------------------------------------------------------------------------------ tokens


def _token_key(page_id: int | str) -> str:
    return f"portal:pagever:{page_id}"


def read_tokens(page_id: int | str) -> tuple[str, str]:
    """The page's token and the site-wide one; made on first use (add: two workers agree on one)."""
    store = versions_cache()
    keys = [_token_key(page_id), _token_key(ALL_PAGES)]
    found = store.get_many(keys)
    for key in keys:
        if key not in found:
            store.add(key, secrets.token_hex(8), timeout=None)
            # Unreadable at this instant (a file being rewritten): a token nothing will ever match.
            found[key] = store.get(key) or f"unread-{secrets.token_hex(8)}"
    return found[keys[0]], found[keys[1]]


def bump(page_ids) -> None:
    """New tokens for these pages: their stored entries no longer match, in any process."""
    ids = set(page_ids)
    if ids:
        versions_cache().set_many({_token_key(pid): secrets.token_hex(8) for pid in ids}, timeout=None)


# ------------------------------------------------------------------------------------------ entries


def _entry_key(host: str, path: str, query: str) -> str:
    digest = hashlib.sha256(f"{host}\n{path}\n{query}".encode()).hexdigest()[:40]
    return f"portal:page:{digest}"


def _query(request: HttpRequest) -> str:
    return request.META.get("QUERY_STRING", "")


def request_key(request: HttpRequest) -> str | None:
    """The entry key when this request may be answered from the cache, else None."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if _query(request) not in CACHEABLE_QUERIES:
        return None
    path = request.path
    if not (path == SITEMAP_PATH or path[:4] in {f"/{code}/" for code, _ in settings.LANGUAGES}):
        return None
    return _entry_key(request.get_host().lower(), path, _query(request))


def mark_cacheable(request: HttpRequest, page_id: int | str) -> None:
    """Called before rendering: the response may be stored under the tokens read now (a publish during the
    render leaves the entry with old tokens, so it is never served)."""
    if getattr(request, "_page_cache_key", None) and not getattr(request, "is_preview", False):
        request._page_cache_page = (page_id, read_tokens(page_id))


def _accepts(request: HttpRequest, coding: str) -> bool:
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() == coding:
            q = params.strip().replace(" ", "")
            return q not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies or request.method != "GET":
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: it belongs to one reader
    control = response.get("Cache-Control", "")
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return "private" not in control and "no-store" not in control and vary <= SHARED_VARY


def _make_entry(page_id, tokens, response: HttpResponse) -> dict:
    """The stored page: the raw body now, each compressed body when a reader first asks for it."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    raw = response.content
    return {
        "page": page_id,
        "tokens": tokens,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS],
        "etag": f'W/"{hashlib.sha256(raw).hexdigest()[:32]}"',
        "bodies": {"": raw},
    }


def _encode(raw: bytes, coding: str) -> bytes:
    if coding == "br":
        return brotli.compress(raw, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)


def public_cache_control(response: HttpResponse) -> None:
    """Anonymous act pages: any cache may keep them for PAGE_CACHE_MAX_AGE; a purging proxy for longer."""
    options = {"public": True, "max_age": settings.PAGE_CACHE_MAX_AGE}
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        options["s_maxage"] = settings.PAGE_CACHE_PROXY_MAX_AGE
    patch_cache_control(response, **options)


def _respond(request: HttpRequest, key: str, entry: dict, state: str) -> HttpResponse:
    """The entry in the encoding the reader accepts (304 when its ETag matches).  A body in a new encoding
    is compressed once and written back, so no later reader of this worker (or of Redis) pays for it."""
    response = HttpResponse()
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = entry["etag"]
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    public_cache_control(response)
    response[STATE_HEADER] = state  # for operators and the tests: was the page rendered for this request?
    conditional = get_conditional_response(request, etag=entry["etag"], response=response)
    if conditional is not response:
        return conditional
    coding = "br" if _accepts(request, "br") else "gzip" if _accepts(request, "gzip") else ""
    body = entry["bodies"].get(coding)
    if body is None:
        body = entry["bodies"][coding] = _encode(entry["bodies"][""], coding)
        pages_cache().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
    if coding:
        response["Content-Encoding"] = coding
    response.content = body
    response["Content-Length"] = str(len(body))
    return response


def lookup(request: HttpRequest, key: str) -> HttpResponse | None:
    entry = pages_cache().get(key)
    if entry is None:
        return None
    store = versions_cache()
    wanted = [_token_key(entry["page"]), _token_key(ALL_PAGES)]
    current = store.get_many(wanted)
    if len(current) != len(wanted) or tuple(current[k] for k in wanted) != tuple(entry["tokens"]):
        return None
    return _respond(request, key, entry, "hit")


def store(request: HttpRequest, key: str, response: HttpResponse) -> HttpResponse:
    marked = getattr(request, "_page_cache_page", None)
    if marked is None or not _storable(request, response):
        return response
    entry = _make_entry(*marked, response)
    pages_cache().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
    return _respond(request, key, entry, "miss")


def private_cache_control(request: HttpRequest, response: HttpResponse) -> None:
    """Pages seen with a session (staff, signed-in applicants) stay in that browser only."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
        if response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True, no_store=True)


class PageCacheMiddleware:
    """Answers public GETs of act pages from the cache before Wagtail routes them.

    Sits right inside the security, static-file and compression middleware (the last leaves a precompressed
    hit alone) and outside the rest: a hit skips sessions, locale, CSP and CSRF and replays the headers they
    gave the stored response.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request_key(request)
        if key is not None:
            hit = lookup(request, key)
            if hit is not None:
                return hit
            request._page_cache_key = key
            if request.path == SITEMAP_PATH:
                mark_cacheable(request, SITEMAP)
        response = self.get_response(request)
        if key is not None:
            return store(request, key, response)
        private_cache_control(request, response)
        return response
