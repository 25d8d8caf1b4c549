"""The Akoma Ntoso XML of the published acts at their FRBR addresses, outside the language prefixes.

``/akn/kz/act/resolution/2017/19/`` (the work: its current expression), ``…/kaz@2017-02-20`` (an expression)
and either with ``.xml``.  The XML is built from portal.act_tree and kept in the cache until a page of the act
is published again.  An expression of another date than the act's is served when portal.versions can give the
act as it stood on that date (``page_as_at``); without it, only the act's own expression exists.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import re_path
from django.views.decorators.http import require_safe
from wagtail.models import Page

from portal.act_tree import act_tree
from portal.akn import CONTENT_TYPE, SUBTYPES, akn_bytes, frbr_number
from portal.models import LegalActPage
from portal.versions import page_as_at

CACHE_PREFIX = "portal:akn:v1"
ADDRESS = (
    r"^kz/act/(?:(?P<subtype>[a-z]+)/)?(?P<year>\d{4})/(?P<number>[0-9a-z-]+)"
    r"(?:/kaz(?:@(?P<on>\d{4}-\d{2}-\d{2}))?)?(?:\.xml|\.akn)?/?$"
)


def find_act(subtype: str | None, year: int, number: str) -> LegalActPage | None:
    """The live act a work URI names (numbers compared as written in URIs: «7-1/418» → «7-1-418»)."""
    acts = LegalActPage.objects.live().public().filter(act_date__year=year).order_by("code")
    for act in acts:
        act_subtype = act.act_type if act.act_type in SUBTYPES else None
        if act_subtype == subtype and frbr_number(act.number, act.code) == number:
            return act
    return None


def subtree_version(page: Page) -> str:
    """Changes whenever a page under ``page`` (or itself) is published, unpublished, added or deleted."""
    agg = Page.objects.filter(path__startswith=page.path, live=True).aggregate(
        n=Count("id"), mx=Max("live_revision_id")
    )
    return f"{agg['n']}-{agg['mx']}"


def _as_at(act: LegalActPage, on: date):
    """The act as its expression of ``on`` (a version of that date: portal.versions), with its documents as
    they were then, or None when no version carries that date."""
    page, version = page_as_at(act, on)
    if version is None or on not in (version.version_date, version.in_force_from):
        return None
    documents, appendices, _handbooks = getattr(page, "version_children", None) or ([], [], [])
    grouped: dict[str, list] = {}
    for appendix in appendices:
        grouped.setdefault(appendix.path[: -act.steplen], []).append(appendix)
    return page, [(doc, grouped.get(doc.path, [])) for doc in documents] if documents else None


def act_xml(act: LegalActPage, on: date | None = None) -> bytes:
    """The XML of the live act, or of the act as it stood on ``on`` (Http404 when it did not exist then)."""
    if on is None or on == act.act_date:
        key = f"{CACHE_PREFIX}:{act.pk}:{subtree_version(act)}"
        data = cache.get(key)
        if data is None:
            data = akn_bytes(act_tree(act))
            cache.set(key, data)
        return data
    found = _as_at(act, on)
    if found is None:
        raise Http404("No expression of the act on this date.")
    page, children = found
    return akn_bytes(act_tree(page, children), expression_date=on)


@require_safe
def akn_document(
    request: HttpRequest, year: str, number: str, subtype: str | None = None, on: str | None = None
) -> HttpResponse:
    # This URLconf only: LocaleMiddleware would turn the 404 of an unknown URI into a redirect to /kk/akn/….
    request.urlconf = __name__
    act = find_act(subtype, int(year), number)
    if act is None:
        return HttpResponseNotFound("No published act has this FRBR URI.", content_type="text/plain")
    try:
        data = act_xml(act, date.fromisoformat(on) if on else None)
    except (ValueError, Http404):
        return HttpResponseNotFound("No expression of the act on this date.", content_type="text/plain")
    response = HttpResponse(data, content_type=f"{CONTENT_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="act-{act.code}.xml"'
    response["Cache-Control"] = "public, max-age=300"
    return response


urlpatterns = [re_path(ADDRESS, akn_document, name="akn_document")]
