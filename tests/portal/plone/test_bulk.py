"""The bulk path of the import: the same pages, revisions and history as Wagtail's own API writes them,
a valid tree, a number of queries that does not grow with the batch, and a fallback item by item."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signals import page_published

from portal.models import ArchivePage, PloneProvenance
from portal.plone.bulk import PageWriter
from portal.plone.importer import Options, PloneImporter
from portal.plone.mapping import ImportMap

from .conftest import DOC_KK, DOC_PENDING, DOC_RU, FOLDER, SITE, media_files, site_items
from .test_import import target, write_items

pytestmark = pytest.mark.django_db

_LINK = re.compile(r'linktype="(page|document)" id="(\d+)"')
_EMBED = re.compile(r'embedtype="image" format="(\w+)" id="(\d+)"')


POST_PASS_EXPORTS = ("defaultpages", "discussion", "localroles", "ordering", "relations")


@pytest.fixture
def items_only(site_copy):
    """The site export without the files of the post-passes, which revise and publish pages after the
    items are written (portal.plone.postpass): what is compared here is how the items are written."""
    for name in POST_PASS_EXPORTS:
        (site_copy / f"export_{name}.json").unlink()
    return site_copy


def importer(path, **options) -> PloneImporter:
    base = path if path.is_dir() else path.parent
    options.setdefault("import_map", ImportMap())
    options.setdefault("blob_dir", base / "blobstorage")
    options.setdefault("progress", False)
    options.setdefault("checkpoint", base.parent / f"{base.name}.checkpoint.json")
    return PloneImporter(Options(path=path, **options))


def portrait() -> dict:
    """Everything an import wrote, by Plone UID, without database ids."""
    uids = {}
    for row in PloneProvenance.objects.select_related("target_type"):
        model = row.target_type.model_class()
        uids[("page" if issubclass(model, Page) else model._meta.model_name, row.target_id)] = row.uid

    def text(html: str) -> str:
        html = _LINK.sub(lambda m: f'linktype="{m[1]}" uid="{uids[(m[1], int(m[2]))]}"', html or "")
        return _EMBED.sub(
            lambda m: f'embedtype="image" format="{m[1]}" uid="{uids[("image", int(m[2]))]}"', html
        )

    def username(user) -> str | None:
        return user.username if user else None

    out = {}
    for row in PloneProvenance.objects.order_by("uid"):
        obj = target(row.uid)
        entry = {"links_pending": row.links_pending, "sha": row.item_sha256, "blob": row.blob_sha256}
        if isinstance(obj, Page):
            revisions = list(Revision.objects.filter(object_id=str(obj.pk)).order_by("created_at", "pk"))
            rev_index = {r.pk: i for i, r in enumerate(revisions)}
            entry |= {
                "type": type(obj).__name__,
                "parent": uids.get(("page", obj.get_parent().pk), "archive"),
                "row": (obj.title, obj.draft_title, obj.slug, obj.depth, obj.url_path, obj.intro),
                "body": text(getattr(obj, "body", "")),
                "state": (
                    obj.live,
                    obj.has_unpublished_changes,
                    obj.locale.language_code,
                    username(obj.owner),
                ),
                "dates": (obj.first_published_at, obj.last_published_at, obj.latest_revision_created_at),
                "pointers": (rev_index.get(obj.latest_revision_id), rev_index.get(obj.live_revision_id)),
                "revisions": [
                    (
                        r.created_at,
                        username(r.user),
                        r.object_str,
                        r.content["title"],
                        r.content.get("intro"),
                        text(r.content.get("body")),
                        r.content["live"],
                        r.content["slug"],
                    )
                    for r in revisions
                ],  # fmt: skip
                "history": sorted(
                    (
                        e.action,
                        e.timestamp,
                        username(e.user),
                        json.dumps(e.data, sort_keys=True),
                        rev_index.get(e.revision_id),
                        e.content_changed,
                        e.label if e.action != "portal.plone_version" else "",
                    )
                    for e in PageLogEntry.objects.filter(page_id=obj.pk)
                ),  # fmt: skip
                "references": sorted(
                    (r.model_path, uids[(r.to_content_type.model, int(r.to_object_id))])
                    for r in ReferenceIndex.objects.filter(
                        object_id=str(obj.pk), base_content_type__model="page"
                    )
                ),
            }
        else:
            entry |= {
                "type": type(obj).__name__,
                "title": obj.title,
                "hash": obj.file_hash,
                "size": obj.file_size,
            }
        out[row.uid] = entry
    return out


def test_the_bulk_path_writes_what_wagtails_api_writes(monkeypatch, items_only):
    # First item by item (the bulk write made to fail), then in bulk, from the same state.
    with transaction.atomic():
        with monkeypatch.context() as patch:
            patch.setattr(PageWriter, "insert", lambda self, plans: 1 / 0)
            one_by_one = importer(items_only)
            assert one_by_one.run().ok and one_by_one.bulk_fallbacks == 1
        expected = portrait()
        transaction.set_rollback(True)
    bulk = importer(items_only)
    report = bulk.run()
    assert report.ok and bulk.bulk_fallbacks == 0
    assert report.counts() == {"created": 9, "updated": 0, "skipped": 0, "failed": 0}
    got = portrait()
    assert got.keys() == expected.keys() and len(got) == 9
    for uid in expected:
        assert got[uid] == expected[uid], uid


def test_the_tree_stays_valid_through_imports_reruns_and_updates(site_copy):
    importer(site_copy, batch_size=4).run()
    assert Page.find_problems() == ([], [], [], [], [])
    items = site_items()
    ru = next(item for item in items if item["UID"] == DOC_RU)
    ru.update(title="Правила (новые)", modified="2021-01-01T10:00:00+06:00")
    new = json.loads(json.dumps(ru)) | {"UID": "f1" * 16, "id": "pravila", "@id": ru["@id"] + "-2"}
    write_items(site_copy, [*items, new])
    again = importer(site_copy, batch_size=4)
    report = again.run()
    assert (
        report.counts() == {"created": 1, "updated": 1, "skipped": 8, "failed": 0}
        and again.bulk_fallbacks == 0
    )
    assert Page.find_problems() == ([], [], [], [], [])
    twin = target("f1" * 16)
    assert twin.get_parent().pk == target(FOLDER).pk and twin.slug == "pravila-2"  # the id was taken
    for page in Page.objects.filter(depth__gt=1):
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"
        assert page.numchild == page.get_children().count()


def test_a_draft_keeps_its_first_version_in_the_row_and_is_never_live():
    importer(SITE).run()
    pending = target(DOC_PENDING)
    assert (pending.live, pending.has_unpublished_changes, pending.live_revision_id) == (False, True, None)
    assert pending.latest_revision_id == Revision.objects.filter(object_id=str(pending.pk)).latest("pk").pk
    assert pending.first_published_at is None and pending.last_published_at is None


def _pages_export(path, count: int) -> None:
    folder = {"@id": "http://localhost:8080/Plone/f", "@type": "Folder", "UID": "a" * 32, "id": "f",
              "title": "F", "review_state": "published", "parent": {"@id": "http://localhost:8080/Plone",
              "@type": "Plone Site"}}  # fmt: skip
    items = [folder]
    for n in range(1, count):
        items.append(
            {"@id": f"http://localhost:8080/Plone/f/p{n}", "@type": "Document", "UID": f"{n:032x}",
             "id": f"p{n}", "title": f"Бет {n}", "language": "kk", "creators": ["editor1"],
             "review_state": "published" if n % 3 else "private", "modified": "2020-01-02T10:00:00+06:00",
             "text": {"data": f'<p>Мәтін <a href="resolveuid/{"a" * 32}">бума</a></p>'},
             "exportimport.versions": {"0": {"title": f"Бет {n} (жоба)", "text": {"data": "<p>Жоба</p>"}}},
             "workflow_history": {"wf": [{"action": None, "actor": "editor1", "review_state": "private",
                                          "time": "2019-01-02T04:00:00+00:00"}]},
             "parent": {"@id": "http://localhost:8080/Plone/f", "@type": "Folder", "UID": "a" * 32}}
        )  # fmt: skip
    path.mkdir()
    (path / "Plone.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


def test_the_queries_of_a_batch_do_not_grow_with_its_pages(tmp_path):
    counts = []
    for size in (20, 80):
        _pages_export(tmp_path / f"e{size}", size)
        with transaction.atomic():
            run = importer(tmp_path / f"e{size}", batch_size=100)
            with CaptureQueriesContext(connection) as queries:
                report = run.run()
            assert report.ok and run.bulk_fallbacks == 0 and report.counts()["created"] == size
            counts.append(len(queries))
            transaction.set_rollback(True)
    # 60 more pages (180 revisions, 240 history entries, 360 redirects): a few more INSERTs, as SQLite
    # takes at most 999 parameters a statement; item by item it was about 30 queries a page.
    assert counts[1] - counts[0] < 15, counts


def test_a_failed_bulk_write_leaves_no_file_behind_and_the_items_go_one_by_one(monkeypatch, settings):
    monkeypatch.setattr(PageWriter, "finish", lambda self, plans: 1 / 0)  # after the files were stored
    run = importer(SITE)
    report = run.run()
    assert report.ok and run.bulk_fallbacks == 1 and report.counts()["created"] == 9
    assert len(media_files(settings)) == 3 and Document.objects.count() == 2


def test_a_host_named_only_later_still_gets_its_links_rewritten(site_copy):
    items = site_items()
    ru = next(item for item in items if item["UID"] == DOC_RU)
    ru["text"]["data"] += '<p><a href="http://old.example.kz/Plone/dokumenty">Құжаттар</a></p>'
    items[-1]["@id"] = items[-1]["@id"].replace("localhost:8080", "old.example.kz")  # the last item
    write_items(site_copy, items)
    run = importer(site_copy, batch_size=3)
    assert run.run().ok and run.bulk_fallbacks == 0
    body = target(DOC_RU).body
    assert f'<a linktype="page" id="{target(FOLDER).pk}">Құжаттар</a>' in body
    assert f'<a linktype="page" id="{target(DOC_KK).pk}">' in body
    assert (
        "old.example.kz" not in body and not ArchivePage.objects.filter(body__contains="resolveuid").exists()
    )


def test_a_uid_twice_in_a_batch_is_one_page(site_copy):
    items = site_items()
    write_items(site_copy, [*items, next(item for item in items if item["UID"] == DOC_RU)])
    report = importer(site_copy).run()
    assert report.counts() == {"created": 9, "updated": 0, "skipped": 1, "failed": 0}
    assert report.entries[-1].reason == "unchanged" and PloneProvenance.objects.count() == 9


def test_pages_written_one_by_one_after_a_bulk_batch_find_their_place(site_copy, monkeypatch):
    items = site_items()
    second = json.loads(json.dumps(items[0])) | {
        "UID": "f2" * 16,
        "id": "ekinshi",
        "@id": items[0]["@id"] + "-2",
    }
    write_items(site_copy, [*items, second])
    calls = []
    real_insert = PageWriter.insert

    def insert(self, plans):
        calls.append(len(plans))
        if len(calls) > 1:  # the first batch in bulk, the next ones item by item
            raise RuntimeError("bulk write refused")
        return real_insert(self, plans)

    monkeypatch.setattr(PageWriter, "insert", insert)
    run = importer(site_copy, batch_size=4)
    assert run.run().ok and run.bulk_fallbacks >= 1
    archive = target(FOLDER).get_parent()
    assert [p.slug for p in archive.get_children()] == ["dokumenty", "ekinshi"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_page_published_is_sent_for_the_page_that_got_new_live_children(items_only):
    from portal.plone.pages import ensure_archive
    from portal.publishing import ensure_site

    ensure_archive(ensure_site())  # published before: what follows is the import's own
    sent = []

    def receiver(sender, instance, **kwargs):
        sent.append((type(instance).__name__, instance.slug, kwargs["revision"].pk))

    page_published.connect(receiver, dispatch_uid="test-bulk-published")
    try:
        importer(items_only, batch_size=4).run()
    finally:
        page_published.disconnect(dispatch_uid="test-bulk-published")
    archive = target(FOLDER).get_parent()
    # Batch 1 put the published folder under the archive; the later batches only added children under
    # pages of their own (new) or under draft folders.
    assert sent == [("ArchiveIndexPage", archive.slug, archive.live_revision_id)]
