"""`import_plone`: stream the export, write it in batches (each one transaction, then a checkpoint),
retry the items whose parent came later in the stream, and finally rewrite the internal links.

Keyed by Plone UID (PloneProvenance): an unchanged item (same SHA-256 of its JSON) is skipped, a changed
one becomes a new revision.  A dry run does all of it in one transaction that is rolled back.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.models import HandbookPage, LegalActPage
from portal.plone.acts import EXTERNAL, write_external
from portal.plone.blobs import MissingBlob, read_blob
from portal.plone.items import ItemError, PloneItem, read_item
from portal.plone.links import rewrite_pending_links
from portal.plone.mapping import DOCUMENT, IMAGE, INDEX, PAGE, SKIP, ImportMap
from portal.plone.media import FileJournal, ensure_collection, write_media
from portal.plone.models import PloneProvenance
from portal.plone.pages import Users, ensure_archive, write_page
from portal.plone.people import import_members
from portal.plone.postpass import run_post_passes
from portal.plone.reader import ExportFormatError, RawItem, iter_items, read_optional
from portal.plone.redirects import make_redirects
from portal.plone.report import CREATED, FAILED, SKIPPED, UPDATED, Checkpoint, Entry, Report
from portal.plone.richtext import has_links
from portal.plone.times import TimeFormatError
from portal.plone.translations import link_translations

PAGE_KINDS = (INDEX, PAGE)
EXTERNAL_MODELS = (LegalActPage, HandbookPage)
SITE_TYPES = {"Plone Site", "LRF", "Subsite"}


class _Deferred(Exception):
    """The item's parent page is not there yet (it comes later in the stream)."""


@dataclass
class Options:
    path: Path
    import_map: ImportMap
    site_path: str = "/Plone"
    blob_dir: Path | None = None
    dry_run: bool = False
    batch_size: int = 200
    checkpoint: Path | None = None
    progress: bool = True


class PloneImporter:
    def __init__(self, options: Options):
        self.options = options
        self.report = Report(source=str(options.path), dry_run=options.dry_run)
        self.users = Users()
        self.journal = FileJournal(dry_run=options.dry_run)
        self.checkpoint = Checkpoint(None if options.dry_run else options.checkpoint, options.path)
        self.deferred: list[RawItem] = []
        # The pages of the batch being written: their references are indexed with it.
        self.touched_pages: list[Page] = []
        self.hosts: set[str] = set()  # the old site's host names, to know its absolute links

    def run(self) -> Report:
        if not self.options.dry_run:
            self._run()
            return self.report
        try:
            with transaction.atomic():
                self._run()
                transaction.set_rollback(True)
        finally:
            self.journal.discard()
        return self.report

    def _run(self) -> None:
        from portal.publishing import ensure_site

        with transaction.atomic():
            self.archive = ensure_archive(ensure_site())
            self.collection = ensure_collection()
        members = read_optional(self.options.path, "export_members.json")
        if isinstance(members, dict):
            # First, so that the versions and the history find their authors.
            with transaction.atomic():
                self.report.members = import_members(
                    members, self.options.import_map.groups, self.options.import_map.roles
                )
        start = self.checkpoint.load()
        self.report.resumed_from = start
        # Wagtail would rebuild a page's references at each of its saves (three per page): the batch does it
        # once per page, and the link pass again for the pages whose links it rewrote.
        with disable_reference_index_auto_update():
            try:
                self._stream(start)
            except ExportFormatError as exc:
                self.report.fatal = str(exc)  # the batch being read was not written; the checkpoint stays
                return
            self._retry_deferred()
            with transaction.atomic():
                self.report.unresolved_links = rewrite_pending_links(
                    self.options.site_path, tuple(self.hosts)
                )
        with transaction.atomic():
            groups = read_optional(self.options.path, "export_translations.json")
            self.report.translation_problems = link_translations(groups if isinstance(groups, list) else None)
        with transaction.atomic():
            plone_redirects = read_optional(self.options.path, "export_redirects.json")
            self.report.redirects, self.report.unknown_redirects = make_redirects(
                self.options.site_path, plone_redirects if isinstance(plone_redirects, dict) else None
            )
        # Local roles, ordering, default pages, related items, comments: once every item is in place.
        self.report.post_passes = run_post_passes(
            self.options.path, self.options.site_path, self.options.import_map.groups
        )
        # The run went through: a re-run starts from the top (failed items are tried again, the others are
        # skipped by UID).  Only an interrupted run (unreadable export, crash) leaves its checkpoint.
        self.checkpoint.clear()

    def _stream(self, start: int) -> None:
        batch: list[RawItem] = []
        bar = tqdm(unit=" items", file=sys.stderr, disable=not self.options.progress, initial=start)
        try:
            for raw in iter_items(self.options.path, start):
                batch.append(raw)
                if len(batch) >= self.options.batch_size:
                    self._write_batch(batch)
                    bar.update(len(batch))
                    batch = []
            self._write_batch(batch)
            bar.update(len(batch))
        finally:
            bar.close()

    def _write_batch(self, batch: list[RawItem]) -> None:
        if not batch:
            return
        entries: list[Entry] = []
        try:
            with transaction.atomic():
                for raw in batch:
                    entry = self._import(raw)
                    if entry is not None:
                        entries.append(entry)
                for page in self.touched_pages:
                    ReferenceIndex.create_or_update_for_object(page)
        except BaseException:
            self.journal.discard()
            raise
        finally:
            self.touched_pages = []
        self.journal.commit()
        for entry in entries:
            self.report.add(entry)
        pending = [raw.position for raw in self.deferred]
        self.checkpoint.save(min(pending) if pending else batch[-1].position + 1)

    def _retry_deferred(self) -> None:
        while self.deferred:
            waiting, self.deferred = self.deferred, []
            self._write_batch(waiting)
            if len(self.deferred) == len(waiting):  # no parent appeared: they never will
                for raw in self.deferred:
                    self.report.add(self._entry(raw, FAILED, "the parent item was not imported"))
                self.deferred = []

    # ------------------------------------------------------------------------------------------ one item

    def _entry(self, raw: RawItem, status: str, reason: str = "", target: str = "") -> Entry:
        data = raw.data
        return Entry(
            position=raw.position,
            source=raw.source,
            uid=str(data.get("UID") or ""),
            path=str(data.get("@id") or ""),
            portal_type=str(data.get("@type") or ""),
            status=status,
            reason=reason,
            target=target,
        )

    def _import(self, raw: RawItem) -> Entry | None:
        try:
            item = read_item(raw.data)
        except (ItemError, TimeFormatError) as exc:
            return self._entry(raw, FAILED, str(exc))
        self.hosts.add(urlparse(str(raw.data.get("@id") or "")).netloc)
        kind = self.options.import_map.target(item.portal_type)
        entry = self.options.import_map.item_target(item.uid, item.path)  # --map "items": acts, handbooks
        kind = entry["target"] if entry else kind
        if kind is None:
            return self._entry(raw, FAILED, f"no mapping for the Plone type {item.portal_type!r}")
        if kind == SKIP:
            return self._entry(raw, SKIPPED, "skipped by the map")
        provenance = PloneProvenance.objects.filter(uid=item.uid).first()
        existing = _target_of(provenance)
        if existing is not None and provenance.item_sha256 == item.sha256:
            return self._entry(raw, SKIPPED, "unchanged", _label(existing))
        try:
            with transaction.atomic():
                obj, created, blob_sha = self._write(item, kind, existing)
                _save_provenance(provenance, item, obj, blob_sha)
        except _Deferred:
            self.deferred.append(raw)
            return None
        except MissingBlob as exc:
            self.report.missing_blobs += 1
            return self._entry(raw, FAILED, f"missing file: {exc}")
        except Exception as exc:  # noqa: BLE001 — one broken item is reported, the batch goes on
            return self._entry(raw, FAILED, f"{type(exc).__name__}: {exc}")
        if isinstance(obj, Page):
            self.touched_pages.append(obj)
        return self._entry(raw, CREATED if created else UPDATED, "", _label(obj))

    def _write(self, item: PloneItem, kind: str, existing):
        if kind in EXTERNAL:
            entry = self.options.import_map.item_target(item.uid, item.path) or {"target": kind}
            live = self.options.import_map.is_live(item.review_state)
            page, created = write_external(item, entry, existing, live, self.users, self.options.site_path)
            return page, created, ""
        if kind in PAGE_KINDS:
            if existing is not None and not isinstance(existing, Page):
                raise ItemError("the item was imported before as a file; the map now makes it a page")
            parent = self._parent(item)
            live = self.options.import_map.is_live(item.review_state)
            page, created = write_page(item, kind, parent, existing, live, self.users)
            return page, created, ""
        blob = read_blob(item.blob, self.options.blob_dir, item.plone_id)
        obj, created = write_media(item, kind, blob, existing, self.collection, self.journal)
        return obj, created, blob.sha256

    def _parent(self, item: PloneItem) -> Page:
        if item.parent_uid:
            parent = _target_of(PloneProvenance.objects.filter(uid=item.parent_uid).first())
            if isinstance(parent, Page):
                return parent
        site_path = self.options.site_path.rstrip("/")
        if item.parent_type in SITE_TYPES or item.parent_path in {site_path or "/", "/"}:
            return self.archive
        raise _Deferred


def _target_of(provenance: PloneProvenance | None):
    if provenance is None or provenance.target_type_id is None:
        return None
    model = provenance.target_type.model_class()
    if model is None:
        return None
    return model.objects.filter(pk=provenance.target_id).first()


def _label(obj) -> str:
    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    return f"{'image' if isinstance(obj, get_image_model()) else 'document'}:{obj.pk}"


def _save_provenance(provenance: PloneProvenance | None, item: PloneItem, obj, blob_sha: str) -> None:
    provenance = provenance or PloneProvenance(uid=item.uid)
    provenance.old_path = item.path
    provenance.portal_type = item.portal_type
    provenance.review_state = item.review_state
    provenance.language = item.language
    provenance.target_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    provenance.target_id = obj.pk
    provenance.item_sha256 = item.sha256
    provenance.blob_sha256 = blob_sha
    provenance.created, provenance.modified, provenance.effective = (
        item.created,
        item.modified,
        item.effective,
    )
    texts = [item.html, *(version.html for version in item.versions)]
    provenance.links_pending = isinstance(obj, Page) and any(has_links(text) for text in texts)
    provenance.links_pending &= not isinstance(obj, EXTERNAL_MODELS)  # acts.py rewrote or dropped them
    provenance.save()


__all__ = ["Options", "PloneImporter", "DOCUMENT", "IMAGE"]
