"""Every old address answers a permanent redirect, in one hop, to where its item is now.

For each imported page or document: its old path with and without the site path (`/Plone/a/b` and
`/a/b`, as a virtual-hosted site served it), the same with `/view`, a file's `/@@download/file`, and
`/resolveuid/<UID>`; then every entry of `export_redirects.json` (Plone's own redirection tool), whose
chains are flattened to the final target.  Wagtail's redirects app holds them (staff can edit them); an
address that already has a redirect is left as it is, so a re-run never undoes an editor's change.
Images have no public address of their own (media is not served), so they get none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page

from portal.plone.models import PloneProvenance
from portal.plone.richtext import reference_of

CHUNK = 500
MAX_HOPS = 20


def _forms(path: str, site_path: str, uid: str, is_file: bool) -> list[str]:
    paths = {path}
    if site_path and path.startswith(site_path + "/"):
        paths.add(path[len(site_path) :])
    forms = set()
    for base in paths:
        forms |= {base, base + "/view"}
        if is_file:
            forms |= {base + "/@@download/file", base + "/download"}
    forms |= {f"/resolveuid/{uid}", f"{site_path}/resolveuid/{uid}"}
    return sorted(Redirect.normalise_path(form) for form in forms)


class _Targets:
    def __init__(self) -> None:
        self.document_model = get_document_model()

    def target_of(self, row: PloneProvenance) -> dict | None:
        model = row.target_type.model_class() if row.target_type_id else None
        if model is None or row.target_id is None:
            return None
        if issubclass(model, Page):
            return {"redirect_page_id": row.target_id}
        if issubclass(model, self.document_model):
            document = self.document_model.objects.filter(pk=row.target_id).first()
            return {"redirect_link": document.url} if document else None
        return None


def _rows(site_path: str) -> Iterator[tuple[str, dict, list[str]]]:
    targets = _Targets()
    rows = PloneProvenance.objects.exclude(target_id=None).select_related("target_type").order_by("pk")
    for row in rows.iterator(chunk_size=CHUNK):
        target = targets.target_of(row)
        if target is not None:
            is_file = "redirect_link" in target
            yield row.old_path, target, _forms(row.old_path, site_path, row.uid, is_file)


def _flatten(plone_redirects: dict) -> Iterator[tuple[str, str]]:
    """(old path, final path) for each entry of export_redirects.json, chains followed to their end."""
    for old in plone_redirects:
        new, hops = plone_redirects[old], 0
        while new in plone_redirects and hops < MAX_HOPS and plone_redirects[new] != new:
            new, hops = plone_redirects[new], hops + 1
        yield old, new


def _create(pending: dict[str, dict]) -> int:
    """Create the redirects of `pending` (normalised old path → target) that do not exist yet."""
    created = 0
    paths = list(pending)
    for start in range(0, len(paths), CHUNK):
        chunk = paths[start : start + CHUNK]
        existing = set(
            Redirect.objects.filter(site=None, old_path__in=chunk).values_list("old_path", flat=True)
        )
        new = [
            Redirect(old_path=path, site=None, is_permanent=True, **pending[path])
            for path in chunk
            if path not in existing
        ]
        Redirect.objects.bulk_create(new)
        created += len(new)
    return created


def make_redirects(site_path: str, plone_redirects: dict | None) -> tuple[int, list[dict]]:
    """Create the missing redirects; returns how many, and the Plone redirects whose target is unknown."""
    site_path = site_path.rstrip("/")
    pending: dict[str, dict] = {}
    by_path: dict[str, dict] = {}
    for old_path, target, forms in _rows(site_path):
        by_path[old_path] = target
        for form in forms:
            pending.setdefault(form, target)
    unknown: list[dict] = []
    for old, new in _flatten(plone_redirects or {}):
        ref = reference_of(new, "/")
        target = None
        if ref is not None and ref[0] == "path":
            target = by_path.get(ref[1]) or by_path.get(site_path + ref[1])
        if target is None:
            unknown.append({"old": old, "new": new})
            continue
        for form in _plain_forms(old, site_path):
            pending.setdefault(form, target)
    return _create(pending), unknown


def _plain_forms(path: str, site_path: str) -> Iterable[str]:
    forms = {path, path + "/view"}
    if site_path and path.startswith(site_path + "/"):
        forms |= {path[len(site_path) :], path[len(site_path) :] + "/view"}
    return sorted(Redirect.normalise_path(form) for form in forms)
