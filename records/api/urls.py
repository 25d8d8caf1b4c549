"""The URLs of /api/v1/: the NinjaAPI's, each answering as the API always has — HEAD like GET, a method the
address does not take as a JSON 405 naming the allowed ones, never cached — and a JSON 404 for any other
address under /api/v1/."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.utils.cache import add_never_cache_headers

from .errors import MethodNotAllowed, UnknownEndpoint, error_response
from .main import api

app_name = "records_api"


def answering_json(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        head = request.method == "HEAD"
        if head:  # as Django's class-based views: HEAD is GET without the body (the server drops it)
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD" if head else request.method
        if isinstance(response, HttpResponseNotAllowed):
            allowed = {m.strip() for m in response["Allow"].split(",")}
            response = error_response(api, request, MethodNotAllowed())
            response["Allow"] = ", ".join(sorted(allowed | ({"HEAD"} if "GET" in allowed else set())))
        add_never_cache_headers(response)
        request.urlconf = "records.api.root_urls"  # see that module: a JSON 404 stays a 404
        return response

    wrapped.csrf_exempt = True  # a token, never a session: no CSRF
    return wrapped


def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    return error_response(api, request, UnknownEndpoint())


patterns, _app, _namespace = api.urls
urlpatterns = [
    *(
        URLPattern(p.pattern, answering_json(p.callback), p.default_args, p.name)
        for p in patterns
        if p.name != "api-root"  # ninja's root raises Http404 as HTML; any other address is `unknown`
    ),
    re_path(r"^(?P<path>[\s\S]*)$", answering_json(unknown)),  # newlines too,
]
