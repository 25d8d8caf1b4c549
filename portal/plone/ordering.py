"""`export_ordering.json` (`[{"uuid", "order"}]`, the position in the Plone folder) → sibling order.

Under each parent the imported pages take their Plone order; siblings the export does not name (pages
added in Wagtail, files, which are not pages) keep their place after them, in their current order.  A
parent already in that order is left alone, so a re-run moves nothing.  The moves are treebeard's own:
the parent does not change, so neither do the URLs, and Wagtail logs no move.
"""

from __future__ import annotations

from treebeard.mp_tree import MP_Node
from wagtail.models import Page

from portal.plone.postpass import CHUNK, page_ids

UNLISTED = 1 << 30  # after every ordered sibling


def apply(entries: list[dict]) -> dict:
    order: dict[str, int] = {}
    for entry in entries:
        try:
            order[str(entry.get("uuid") or "")] = int(entry.get("order"))
        except (TypeError, ValueError):
            continue
    positions = {page_id: order[uid] for uid, page_id in page_ids(order).items()}
    parents: set[str] = set()
    ids = sorted(positions)
    for start in range(0, len(ids), CHUNK):
        paths = Page.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("path", flat=True)
        parents.update(path[: -Page.steplen] for path in paths)
    counts = {"ordered_pages": len(positions), "reordered_parents": 0, "unchanged_parents": 0}
    # By id: moving a folder's children renumbers the paths of everything under them.
    parent_ids = []
    ordered_parents = sorted(parents)
    for start in range(0, len(ordered_parents), CHUNK):
        chunk = ordered_parents[start : start + CHUNK]
        parent_ids += Page.objects.filter(path__in=chunk).order_by("path").values_list("pk", flat=True)
    for parent_id in parent_ids:
        if _reorder(Page.objects.get(pk=parent_id), positions):
            counts["reordered_parents"] += 1
        else:
            counts["unchanged_parents"] += 1
    counts["not_pages"] = len(order) - len(positions)
    return counts


def _reorder(parent: Page, positions: dict[int, int]) -> bool:
    current = list(parent.get_children().order_by("path").values_list("pk", flat=True))
    index = {pk: number for number, pk in enumerate(current)}
    wanted = sorted(current, key=lambda pk: (positions.get(pk, UNLISTED), index[pk]))
    if wanted == current:
        return False
    for pk in wanted:
        # Each move to the end, in the wanted order; re-read, as an earlier move may have renumbered paths.
        MP_Node.move(Page.objects.get(pk=pk), Page.objects.get(pk=parent.pk), pos="last-child")
    return True
