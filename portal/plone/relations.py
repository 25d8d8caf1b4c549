"""`export_relations.json` (`[{"from_uuid", "to_uuid", "relationship"}]`) → a page's related items.

`relatedItems` (Dexterity) and `relatesTo` (Archetypes) are the "related items" a Plone page showed its
readers: they become the page's related items (an orderable of ArchivePage, in the export's order),
saved as a revision and published when the page was live with nothing pending.  `isReferencing` holds the
links of the text, which the link pass rewrote already; translations come from export_translations.json.
Any other relation, a source that is not an archive page, and a target that was not imported or is an
image (it has no address of its own) are reported.
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.models import Page

from portal.plone.extra_models import ArchiveRelatedItem
from portal.plone.models import ArchivePage
from portal.plone.postpass import problem, publish_change, targets

RELATED = {"relatedItems", "relatesTo"}
IGNORED = {"isReferencing", "translationOf"}  # carried over by other passes


def apply(entries: list[dict]) -> dict:
    found = targets(
        uid for e in entries for uid in (str(e.get("from_uuid") or ""), str(e.get("to_uuid") or ""))
    )
    wanted: dict[int, list[tuple[int | None, int | None]]] = {}
    pages: dict[int, ArchivePage] = {}
    counts = {"set": 0, "unchanged": 0, "ignored": 0}
    problems: list[dict] = []
    for entry in entries:
        source, target = str(entry.get("from_uuid") or ""), str(entry.get("to_uuid") or "")
        kind = str(entry.get("relationship") or "")
        if kind in IGNORED:
            counts["ignored"] += 1
            continue
        if kind not in RELATED:
            problems.append(
                problem(source, f"the relation {kind!r} is not shown on the site", to_uuid=target)
            )
            continue
        page = found[source].page if source in found else None
        if not isinstance(page, ArchivePage):
            reason = "the source is not an archive page" if source in found else "the source was not imported"
            problems.append(problem(source, reason, to_uuid=target))
            continue
        link = _link(found.get(target))
        if link is None:
            reason = (
                "the related item was not imported"
                if target not in found
                else "an image cannot be a related item"
            )
            problems.append(problem(source, reason, to_uuid=target))
            continue
        pages[page.pk] = page
        items = wanted.setdefault(page.pk, [])
        if link not in items:
            items.append(link)
    for pk, links in wanted.items():
        counts["set" if _set_related(pages[pk], links) else "unchanged"] += 1
    counts["links"] = sum(len(links) for links in wanted.values())
    return {**counts, "problems": problems}


def _link(target) -> tuple[int | None, int | None] | None:
    if target is None or target.obj is None:
        return None
    if isinstance(target.obj, Page):
        return (target.obj.pk, None)
    if isinstance(target.obj, get_document_model()):
        return (None, target.obj.pk)
    return None


def _set_related(page: ArchivePage, links: list[tuple[int | None, int | None]]) -> bool:
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    current = [(item.link_page_id, item.link_document_id) for item in latest.related_items.all()]
    if current == links:
        return False
    latest.related_items = [
        ArchiveRelatedItem(link_page_id=page_id, link_document_id=document_id, sort_order=number)
        for number, (page_id, document_id) in enumerate(links)
    ]
    publish_change(latest, page.live, page.has_unpublished_changes)
    return True
