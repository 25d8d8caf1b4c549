"""Internal links rewritten while a batch is written, when every target is already known.

The links pass at the end of the import (portal.plone.links) reads each page with links again and saves its
text and every revision once more.  Most links of an export point backwards (to a folder, a file or a page
read earlier), so the batch resolves them first: one query for the UIDs and one for the old paths that the
batch's texts name, plus the items of the batch itself.  A page whose links all resolve is written with
Wagtail's links in its text and revisions and is not left pending; a page with any link still unknown
keeps its texts as they are (the end pass rewrites them, and reports what stays unknown), so no link is
ever lost or half-rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from portal.plone.models import PloneProvenance
from portal.plone.richtext import Target, rewrite_links

Ref = tuple[str, str]  # ("uid", UID) or ("path", /old/path), as richtext.reference_of gives them
CHUNK = 500
_LAST = float("inf")  # the batch's own items sort after the rows already in the database


class BatchLinks:
    def __init__(self, site_path: str, site_hosts: Iterable[str]):
        self.site_path = site_path.rstrip("/")
        self.site_hosts = tuple(site_hosts)
        self.by_uid: dict[str, Target] = {}
        self.by_path: dict[str, list[tuple[str, float, Target | None]]] = {}
        self.resolved: dict[Ref, Target | None] = {}
        self.kinds = {get_document_model(): "document", get_image_model(): "image"}

    def note(self, uid: str, path: str, target: Target) -> None:
        """An object written by this batch (not yet in PloneProvenance)."""
        self.by_uid[uid] = target
        self.by_path.setdefault(path, []).append((path, _LAST, target))

    def prepare(self, texts: Iterable[tuple[str, str]]) -> None:
        """Look up, in two queries, every reference of the (html, old path) texts."""
        refs: set[Ref] = set()

        def record(ref: Ref) -> None:
            refs.add(ref)

        for html, base in texts:
            rewrite_links(html, base, record, self.site_hosts)
        uids = sorted(value for how, value in refs if how == "uid" and value not in self.by_uid)
        paths = sorted({p for how, value in refs if how == "path" for p in self._candidates(value)})
        rows = PloneProvenance.objects.exclude(target_id=None)
        for chunk in _chunks(uids):
            for uid, type_id, target_id in rows.filter(uid__in=chunk).values_list(
                "uid", "target_type_id", "target_id"
            ):
                self.by_uid.setdefault(uid, self._target(type_id, target_id))
        found: dict[str, list] = {}
        for chunk in _chunks(paths):
            for path, pk, type_id, target_id in rows.filter(old_path__in=chunk).values_list(
                "old_path", "pk", "target_type_id", "target_id"
            ):
                found.setdefault(path, []).append((path, pk, self._target(type_id, target_id)))
        for how, value in refs:
            if how == "uid":
                self.resolved[(how, value)] = self.by_uid.get(value)
            else:
                matches = [
                    m for p in self._candidates(value) for m in found.get(p, []) + self.by_path.get(p, [])
                ]
                # As links.py: the first row in the order of old_path (then the older row).
                self.resolved[(how, value)] = min(matches, key=lambda m: (m[0], m[1]))[2] if matches else None

    def rewrite(self, texts: list[str], base: str) -> list[str] | None:
        """The texts with Wagtail's links, or None when any link of them is not known yet."""
        out = []
        for html in texts:
            new, lost = rewrite_links(html, base, self.resolved.get, self.site_hosts)
            if lost:
                return None
            out.append(new)
        return out

    def _candidates(self, path: str) -> set[str]:
        return {path, self.site_path + path} if self.site_path else {path}

    def _target(self, type_id: int, target_id: int) -> Target | None:
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            return None
        kind = "page" if issubclass(model, Page) else self.kinds.get(model)
        return Target(kind, target_id) if kind else None


def _chunks(values: list[str]):
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
