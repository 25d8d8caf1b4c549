"""`import_plone`: stream the export, write it in batches (each one transaction, then a checkpoint),
retry the items whose parent came later in the stream, and finally rewrite the internal links.

Keyed by Plone UID (PloneProvenance): an unchanged item (same SHA-256 of its JSON) is skipped, a changed
one becomes a new revision.  A dry run does all of it in one transaction that is rolled back.

A batch is decided from one query of PloneProvenance (UID → SHA-256 and target) without loading any page:
unchanged items are skipped, new files and pages are written in bulk (media.create_media, bulk.PageWriter,
with their links rewritten at once where every target is known: batchlinks), and changed items go one by
one through pages.write_page / media.write_media.  Should the bulk write fail, its items are written one by
one as well, so that a broken item fails alone.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.models import HandbookPage, LegalActPage
from portal.plone.acts import EXTERNAL, write_external
from portal.plone.batchlinks import BatchLinks
from portal.plone.blobs import Blob, MissingBlob, read_blob
from portal.plone.bulk import PagePlan, PageWriter, index_objects
from portal.plone.items import ItemError, PloneItem, read_item
from portal.plone.links import rewrite_pending_links
from portal.plone.mapping import DOCUMENT, IMAGE, INDEX, PAGE, SKIP, ImportMap
from portal.plone.media import FileJournal, create_media, ensure_collection, write_media
from portal.plone.models import ArchivePage, PloneProvenance
from portal.plone.pages import Users, ensure_archive, write_page
from portal.plone.people import import_members
from portal.plone.postpass import run_post_passes
from portal.plone.reader import ExportFormatError, RawItem, iter_items, read_optional
from portal.plone.redirects import make_redirects
from portal.plone.report import CREATED, FAILED, SKIPPED, UPDATED, Checkpoint, Entry, Report
from portal.plone.richtext import Target, has_links
from portal.plone.times import TimeFormatError
from portal.plone.translations import link_translations

PAGE_KINDS = (INDEX, PAGE)
EXTERNAL_MODELS = (LegalActPage, HandbookPage)
SITE_TYPES = {"Plone Site", "LRF", "Subsite"}
logger = logging.getLogger(__name__)


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
        self.hosts_at_first_rewrite: frozenset[str] | None = None  # see _mark_late_hosts
        self.locales: dict = {}  # language → Locale, for the bulk writer
        self.bulk_fallbacks = 0  # batches whose bulk write failed and went item by item

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
                self._mark_late_hosts()
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
        try:
            with transaction.atomic():
                entries = self._write_items(batch)
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
        _forget_queries()

    def _retry_deferred(self) -> None:
        while self.deferred:
            waiting, self.deferred = self.deferred, []
            self._write_batch(waiting)
            if len(self.deferred) == len(waiting):  # no parent appeared: they never will
                for raw in self.deferred:
                    self.report.add(self._entry(raw, FAILED, "the parent item was not imported"))
                self.deferred = []

    # ------------------------------------------------------------------------------------------ a batch

    def _write_items(self, batch: list[RawItem]) -> list[Entry]:
        """The batch's entries in its order (deferred items have none yet)."""
        entries: dict[int, Entry] = {}
        readable: list[tuple[int, RawItem, PloneItem, str]] = []
        for key, raw in enumerate(batch):
            read = self._read(raw)
            if isinstance(read, Entry):
                entries[key] = read
            else:
                readable.append((key, raw, *read))
        rows = {row.uid: row for row in PloneProvenance.objects.filter(uid__in=[r[2].uid for r in readable])}
        alive = _alive_targets(rows.values())
        new, one_by_one, seen = [], [], set()
        for key, raw, item, kind in readable:
            row = rows.get(item.uid)
            exists = row is not None and (row.target_type_id, row.target_id) in alive
            if item.uid in seen or (exists and row.item_sha256 != item.sha256):
                one_by_one.append((key, raw))  # changed, or the same UID twice in the batch
            elif exists:
                entries[key] = self._entry(
                    raw, SKIPPED, "unchanged", _label_of(row.target_type_id, row.target_id)
                )
            elif kind in EXTERNAL:
                one_by_one.append((key, raw))  # an act or handbook goes through the act importer (acts.py)
            else:
                new.append((key, raw, item, kind))
            seen.add(item.uid)
        one_by_one += self._write_new(new, rows, entries)
        for key, raw in sorted(one_by_one, key=lambda pair: pair[0]):
            entry = self._import(raw)
            if entry is not None:
                entries[key] = entry
        return [entries[key] for key in sorted(entries)]

    def _read(self, raw: RawItem) -> tuple[PloneItem, str] | Entry:
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
        return item, kind

    def _write_new(self, new: list, rows: dict, entries: dict[int, Entry]) -> list[tuple[int, RawItem]]:
        """Write the batch's new items in bulk; returns those to write one by one (when the bulk failed)."""
        media: list[tuple[int, RawItem, PloneItem, str, Blob]] = []
        plans: list[PagePlan] = []
        raws = {key: raw for key, raw, _item, _kind in new}
        for key, raw, item, kind in new:
            if kind in PAGE_KINDS:
                live = self.options.import_map.is_live(item.review_state)
                plans.append(PagePlan(key, item, kind, live, raw=raw))
                continue
            try:
                media.append(
                    (key, raw, item, kind, read_blob(item.blob, self.options.blob_dir, item.plone_id))
                )
            except MissingBlob as exc:
                self.report.missing_blobs += 1
                entries[key] = self._entry(raw, FAILED, f"missing file: {exc}")
        if not media and not plans:
            return []
        mark, deferred_mark = self.journal.mark(), len(self.deferred)
        try:
            with transaction.atomic():
                written = self._bulk(media, plans, rows)
        except Exception:  # noqa: BLE001 — written again item by item, where a broken one fails alone
            logger.exception("bulk write of a batch failed; writing its items one by one")
            self.bulk_fallbacks += 1
            self.journal.discard_since(mark)
            del self.deferred[deferred_mark:]
            self.locales.clear()  # a locale created in the rolled-back savepoint is gone
            return [(key, raws[key]) for key in sorted(raws) if key not in entries]
        for key, obj in written.items():
            entries[key] = self._entry(raws[key], CREATED, "", _label(obj))
        return []

    def _bulk(self, media: list, plans: list[PagePlan], rows: dict) -> dict[int, object]:
        links = BatchLinks(self.options.site_path, self.hosts)
        provenance: list[tuple[PloneItem, object, str, bool]] = []
        written: dict[int, object] = {}
        objs = create_media(
            [(item, kind, blob) for _k, _r, item, kind, blob in media], self.collection, self.journal
        )
        for (key, _raw, item, kind, blob), obj in zip(media, objs, strict=True):
            links.note(item.uid, item.path, Target("image" if kind == IMAGE else "document", obj.pk))
            provenance.append((item, obj, blob.sha256, False))
            written[key] = obj
        for model in {type(obj) for obj in objs}:
            index_objects(model, [obj for obj in objs if type(obj) is model])
        writer = PageWriter(self.users, self.locales)
        placed = self._place(writer, plans)
        writer.insert(placed)
        for plan in placed:
            links.note(plan.item.uid, plan.item.path, Target("page", plan.page.pk))
        self._rewrite_links(links, placed)
        writer.finish(placed)
        writer.announce()
        for plan in placed:
            provenance.append((plan.item, plan.page, "", plan.links_pending))
            written[plan.key] = plan.page
        _write_provenance(provenance, rows)
        return written

    def _place(self, writer: PageWriter, plans: list[PagePlan]) -> list[PagePlan]:
        """Each plan's parent (an existing page, a new page of the batch, the archive) or deferred."""
        new_uids = {plan.item.uid for plan in plans}
        parent_uids = {plan.item.parent_uid for plan in plans} - new_uids - {""}
        parent_pages = _page_targets(parent_uids)
        site_path = self.options.site_path.rstrip("/")
        ready = []
        for plan in plans:
            item = plan.item
            if item.parent_uid in new_uids:
                plan.parent_uid = item.parent_uid
            elif item.parent_uid in parent_pages:
                plan.parent_pk = parent_pages[item.parent_uid]
            elif item.parent_type in SITE_TYPES or item.parent_path in {site_path or "/", "/"}:
                plan.parent_pk = self.archive.pk
            else:
                self.deferred.append(plan.raw)
                continue
            ready.append(plan)
        deferred = writer.place(ready)
        self.deferred += [plan.raw for plan in deferred]
        waiting = {id(plan) for plan in deferred}
        return [plan for plan in ready if id(plan) not in waiting]

    def _rewrite_links(self, links: BatchLinks, plans: list[PagePlan]) -> None:
        with_links = [plan for plan in plans if any(has_links(text.html) for text in plan.texts)]
        links.prepare((text.html, plan.item.path) for plan in with_links for text in plan.texts)
        for plan in with_links:
            rewritten = links.rewrite([text.html for text in plan.texts], plan.item.path)
            if rewritten is None:
                plan.links_pending = True
                continue
            for text, html in zip(plan.texts, rewritten, strict=True):
                text.html = html
            if self.hosts_at_first_rewrite is None:
                self.hosts_at_first_rewrite = frozenset(self.hosts)

    def _mark_late_hosts(self) -> None:
        """A link to a host of the old site that no item had shown yet was taken for an outside link when its
        page was rewritten: such pages go through the links pass after all."""
        late = self.hosts - (self.hosts_at_first_rewrite or self.hosts) - {""}
        archive_page = ContentType.objects.get_for_model(ArchivePage)
        for host in late:
            pages = ArchivePage.objects.filter(body__contains=f"//{host}").values("pk")
            PloneProvenance.objects.filter(target_type=archive_page, target_id__in=pages).update(
                links_pending=True
            )

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
        read = self._read(raw)
        if isinstance(read, Entry):
            return read
        item, kind = read
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


def _forget_queries() -> None:
    """With DEBUG on, Django keeps the last 9,000 statements, each bulk INSERT with its values written out
    (hundreds of MB over a large import); a test capturing queries keeps its own."""
    if settings.DEBUG and not connection.force_debug_cursor:
        connection.queries_log.clear()


def _alive_targets(rows) -> set[tuple[int, int]]:
    """(content type, id) of the rows' targets that still exist: one query per target model."""
    by_type: dict[int, list[int]] = {}
    for row in rows:
        if row.target_type_id is not None and row.target_id is not None:
            by_type.setdefault(row.target_type_id, []).append(row.target_id)
    alive = set()
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            alive |= {(type_id, pk) for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True)}
    return alive


def _page_targets(uids: set[str]) -> dict[str, int]:
    """UID → id of its page, for the UIDs imported before as pages that still exist."""
    rows = PloneProvenance.objects.filter(uid__in=uids).exclude(target_id=None)
    found = {}
    for uid, type_id, target_id in rows.values_list("uid", "target_type_id", "target_id"):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None and issubclass(model, Page):
            found[uid] = target_id
    existing = set(Page.objects.filter(pk__in=found.values()).values_list("pk", flat=True))
    return {uid: pk for uid, pk in found.items() if pk in existing}


def _label_of(type_id: int, target_id: int) -> str:
    model = ContentType.objects.get_for_id(type_id).model_class()
    if issubclass(model, Page):
        return f"page:{target_id}"
    return f"{'image' if issubclass(model, get_image_model()) else 'document'}:{target_id}"


def _label(obj) -> str:
    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    return f"{'image' if isinstance(obj, get_image_model()) else 'document'}:{obj.pk}"


def _write_provenance(written: list[tuple[PloneItem, object, str, bool]], rows: dict) -> None:
    """The provenance of a batch's new objects: one INSERT, and a save for a UID whose old target is gone."""
    new = []
    for item, obj, blob_sha, links_pending in written:
        row = _fill_provenance(rows.get(item.uid), item, obj, blob_sha)
        row.links_pending = links_pending
        if row.pk is None:
            new.append(row)
        else:
            row.save()
    PloneProvenance.objects.bulk_create(new)


def _save_provenance(provenance: PloneProvenance | None, item: PloneItem, obj, blob_sha: str) -> None:
    _fill_provenance(provenance, item, obj, blob_sha).save()


def _fill_provenance(
    provenance: PloneProvenance | None, item: PloneItem, obj, blob_sha: str
) -> PloneProvenance:
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
    return provenance


__all__ = ["Options", "PloneImporter", "DOCUMENT", "IMAGE"]
