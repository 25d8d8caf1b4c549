"""Per-client limits on the public pages that look things up by a code (the verification page here, the
application tracker and the online form in records), counted by django-ratelimit, and their one 429 answer.

The client is its address (REMOTE_ADDR): behind a reverse proxy, set it from the trusted forwarded header in
the proxy or a middleware, never from a header the client controls.  django-ratelimit keeps its counters in
Django's default cache, so a limit holds across workers only when that cache is shared (Redis or Memcached in
production); the local-memory cache of the development settings counts per process.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

TEMPLATE = "certificates/rate_limited.html"


def client_address(group: str, request: HttpRequest) -> str:
    # Not django-ratelimit's "ip" key: that one fails on an empty REMOTE_ADDR (a proxy on a Unix socket),
    # where these pages keep answering and such clients share one counter.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, group: str, rate: tuple[int, int]) -> bool:
    """Count this request in ``group``; True once the client has made more than ``rate`` = (requests,
    seconds) allows in the current window."""
    limit, window = rate
    return is_ratelimited(request, group=group, key=client_address, rate=(limit, window), increment=True)


def too_many_requests(request: HttpRequest, window: int) -> HttpResponse:
    response = render(request, TEMPLATE, {"retry_after": window}, status=429)
    response["Retry-After"] = str(window)
    return response
