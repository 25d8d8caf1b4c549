"""A small per-client rate limiter on Django's cache (fixed windows), for public pages that look things
up by a code: the verification page here, the application tracker in records.

Usage::

    @rate_limited("verify", limit=30, window=60)
    def view(request, ...): ...

or ``if not allow(request, "tracker", 30, 60): return too_many_requests(request)``.

The client is REMOTE_ADDR: behind a reverse proxy, set it from the trusted forwarded header in the proxy
or a middleware, never from a header the client controls.  The counter lives in the default cache, so
every worker must share it (Redis or Memcached in production; the local-memory cache counts per process).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

DEFAULT_TEMPLATE = "certificates/rate_limited.html"


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, scope: str, limit: int, window: int) -> bool:
    """Count this request; False once the client has made more than ``limit`` in the current window."""
    slot = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request)}:{slot}"
    # add() is atomic and a no-op when the key exists; incr() is atomic on the shared backends.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many_requests(
    request: HttpRequest, window: int = 60, template: str = DEFAULT_TEMPLATE
) -> HttpResponse:
    response = render(request, template, {"retry_after": window}, status=429)
    response["Retry-After"] = str(window)
    return response


def rate_limited(
    scope: str,
    limit: int | Callable[[], int],
    window: int | Callable[[], int] = 60,
    template: str = DEFAULT_TEMPLATE,
) -> Callable:
    """Decorate a view: beyond ``limit`` requests per ``window`` seconds a client gets a translated 429.
    ``limit`` and ``window`` may be callables so that settings are read per request (tests override)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            max_requests = limit() if callable(limit) else limit
            seconds = window() if callable(window) else window
            if not allow(request, scope, max_requests, seconds):
                return too_many_requests(request, seconds, template)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
