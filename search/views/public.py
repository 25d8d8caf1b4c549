"""Public search over the published acts, point by point: /kk/search/, /ru/search/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..backends import SearchUnavailable
from ..indexing import index_lost
from ..services import PER_PAGE, search_points
from .links import page_url, toggle_url

MAX_QUERY = 200


def public_search(request: HttpRequest) -> HttpResponse:
    text = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    acts = [v for v in request.GET.getlist("act") if v][:10]
    statuses = [v for v in request.GET.getlist("status") if v in ("in_force", "repealed")]
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 1
    context = {"query": text, "results": None, "unavailable": False}
    if text:
        try:
            results = search_points(text, acts=acts, statuses=statuses, page=page, per_page=PER_PAGE)
        except SearchUnavailable:
            context["unavailable"] = True
            return render(request, "search/public_search.html", context, status=503)
        params = {"act_code": "act", "status": "status"}
        for name, options in results.facets.items():
            for option in options:
                option.url = toggle_url(request.GET, params[name], option.value)
        context.update(
            results=results,
            # A search server that lost its data answers with few or no hits until the worker rebuilt it.
            rebuilding=index_lost("points"),
            previous_url=page_url(request.GET, results.page - 1) if results.page > 1 else "",
            next_url=page_url(request.GET, results.page + 1) if results.page < results.pages else "",
            suggestion_url=page_url(request.GET, 1, q=results.suggestion) if results.suggestion else "",
        )
    return render(request, "search/public_search.html", context)
