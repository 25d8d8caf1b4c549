"""The citation page of one point: /<lang>/cite/<page path>/<anchor>/ gives the point and each of its
sub-points as a citation in Kazakh and Russian, with the permanent URL.  A page, not a script: it works
without JavaScript (the copy buttons only add to it)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import re_path
from django.utils.translation import override
from wagtail.models import Site

from portal.citations import cite


def _walk(items: list[dict]) -> Iterator[dict]:
    for item in items or ():
        value = item.get("value") or {}
        if isinstance(value, dict):
            yield value
            yield from _walk(value.get("children") or [])
            yield from _walk(value.get("content") or [])


def _subtree(raw: list[dict], anchor: str) -> list[dict]:
    """The node with `anchor` and its descendants, in reading order."""
    for value in _walk(raw):
        if value.get("anchor") == anchor:
            return [value, *_walk(value.get("children") or [])]
    return []


def _page(page_path: str):
    from portal.models import ApprovedDocumentPage, LegalActPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise Http404
    url_path = site.root_page.url_path + page_path
    for model in (ApprovedDocumentPage, LegalActPage):
        page = model.objects.live().public().filter(url_path=url_path).first()
        if page is not None:
            return page
    raise Http404


def cite_point(request: HttpRequest, page_path: str, anchor: str) -> HttpResponse:
    page = _page(page_path)
    document = page if hasattr(page, "document_kind") else None
    act = page.get_parent().specific if document is not None else page
    page_url = page.get_url(request) or ""
    urls = {}
    for code in ("kk", "ru"):
        with override(code):
            urls[code] = request.build_absolute_uri(page.get_url(request) or "")
    nodes = [n for n in _subtree(page.body.raw_data, anchor) if n.get("anchor")]
    citations = [
        c
        for n in nodes
        if (
            c := cite(
                act, document, n["anchor"], f"{urls['kk']}#{n['anchor']}", f"{urls['ru']}#{n['anchor']}"
            )
        )
    ]
    if not citations:
        raise Http404
    context = {"cited_page": page, "act": act, "citations": citations, "point_url": f"{page_url}#{anchor}"}
    return render(request, "portal/cite_page.html", context)


urlpatterns = [
    re_path(r"^cite/(?P<page_path>(?:[\w-]+/)+)(?P<anchor>[\w-]+)/$", cite_point, name="portal_cite"),
]
