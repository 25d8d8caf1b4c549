"""The published acts in the public search: every point, sub-point and paragraph, one document each.
Registered with search from PortalConfig.ready(); search itself knows nothing of the acts' pages.

A page's documents are rebuilt together: the outbox names the page, and the worker replaces what the index
holds for it.  Only live, public pages whose ancestors are live are indexed; a repealed act stays searchable
with status «repealed».
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from search.analysis import analyze
from search.analysis.citations import citation_tokens, date_token, number_token, point_token
from search.documents import with_digest
from search.registry import Docs, Source, register_source
from search.sources.dates import iso

from .models import STATUS_CHOICES, AppendixPage, ApprovedDocumentPage, LegalActPage

NAME = "page"
_TEXT_KINDS = {"point", "subpoint", "paragraph", "preamble", "heading", "text", "legend"}
_APPENDIX_KINDS = {"heading", "text", "legend"}


INDEXED = (LegalActPage, ApprovedDocumentPage, AppendixPage)


def indexed_pages():
    return Page.objects.live().public().type(*INDEXED)


def build(object_ids: list[str]) -> Docs:
    docs: Docs = {object_id: [] for object_id in object_ids}
    pages = indexed_pages().filter(id__in=[int(i) for i in object_ids]).specific()
    for page in pages:
        if not page.get_ancestors().filter(depth__gt=1, live=False).exists():
            docs[str(page.id)] = list(page_documents(page))
    return docs


def page_documents(page) -> Iterator[dict[str, Any]]:
    chain = [page, *reversed(page.get_ancestors().filter(depth__gt=2).specific())]
    act = next(p for p in chain if isinstance(p, LegalActPage))
    doc = next((p for p in chain if isinstance(p, ApprovedDocumentPage)), None)
    context = {
        "act_code": act.code,
        "act_title": act.title,
        "status": act.status,
        "document_title": (doc.full_title or doc.title) if doc else act.title,
        "service": getattr(doc, "service_code", "") if doc else "",
        "path": _path(page),
        "page_id": page.id,
        "sort_date": iso(act.act_date),
    }
    appendix = not isinstance(page, (LegalActPage, ApprovedDocumentPage))
    header = act_header_tokens(act) if page.pk == act.pk else []
    seen: set[str] = set()
    for position, (block, division, point_number) in enumerate(_blocks(page.body.raw_data)):
        value = block["value"]
        kind = "appendix" if appendix else block["type"]
        anchor = value.get("anchor") or ""
        doc_id = (
            f"{act.code}:{anchor}" if anchor and anchor not in seen else f"{act.code}:{page.id}-{block['id']}"
        )
        seen.add(anchor)
        analysis = analyze(value["text"])
        yield with_digest(
            {
                "id": doc_id,
                "group": f"{NAME}:{page.id}",
                "sort_key": f"{act.code}:{page.path}:{position:05d}",
                "text": value["text"],
                "text_stems": analysis.stems,
                "text_words": analysis.words,
                "text_folded": analysis.folded,
                "refs": _refs(_own_number(kind, value), header, value["text"]),
                "kind": kind,
                "number": str(value.get("number") or ""),
                "point_number": point_number,
                "division": division,
                "anchor": anchor,
                **context,
            }
        )


def act_header_tokens(act) -> list[str]:
    """What the act's header cites, on the act's own points: its number, the number on the approval stamps,
    its justice registration number, the number of the act that repealed it, and their dates."""
    found = [number_token(n) for n in (act.number, act.stamp_number, act.registration_number) if n.isdigit()]
    found += [
        date_token(d.year, d.month, d.day)
        for d in (act.act_date, act.registration_date, act.repealed_date)
        if d
    ]
    return found + citation_tokens(act.repealed_by or "")


def _refs(own: list[str], header: list[str], text: str) -> str:
    return " ".join(dict.fromkeys([*own, *header, *citation_tokens(text)]))


def _own_number(kind: str, value: dict) -> list[str]:
    number = str(value.get("number") or "").strip().rstrip(".)")
    return [point_token(number)] if kind == "point" and number.isdigit() else []


def _blocks(items, division: str = "", point_number: str = "") -> Iterator[tuple[dict, str, str]]:
    """(block, division heading, number of the enclosing point) of every text block, in reading order."""
    for item in items or ():
        value = item.get("value") or {}
        kind = item.get("type")
        if kind == "division":
            yield from _blocks(value.get("content"), value.get("title", ""), "")
            continue
        if kind in _TEXT_KINDS and (value.get("text") or "").strip():
            yield item, division, point_number
        if value.get("children"):
            inner = str(value.get("number") or "") if kind == "point" else point_number
            yield from _blocks(value["children"], division, inner)


def _path(page) -> str:
    """The page's address without the language prefix («/acts/003/regulation-1/»)."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        url = page.get_url() or page.url_path
    prefix = f"/{language}/"
    return url[len(prefix) - 1 :] if url.startswith(prefix) else url


def affected_pages(page) -> list[int]:
    """The page and its indexed descendants: publishing an act changes its documents' status and title;
    unpublishing a page hides its descendants."""
    if page.pk is None or not page.path:
        return []
    descendants = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth).type(*INDEXED)
    return [page.pk, *descendants.values_list("id", flat=True)]


def object_ids() -> Iterator[str]:
    for page_id in indexed_pages().order_by("path").values_list("id", flat=True):
        yield str(page_id)


def act_titles() -> dict[str, str]:
    return dict(LegalActPage.objects.values_list("code", "title"))


def register() -> None:
    register_source(
        Source(
            name=NAME,
            index="points",
            build=build,
            object_ids=object_ids,
            count=lambda: indexed_pages().count(),
            triggers={model._meta.label: affected_pages for model in INDEXED},
            page_changes=affected_pages,
            facet_labels={"act_code": act_titles, "status": lambda: dict(STATUS_CHOICES)},
        )
    )
