"""Importing the site export: tree, states, dates, versions, history, files, links, re-runs, dry runs,
broken exports and the map."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageLogEntry, Revision

from portal.models import ArchiveIndexPage, ArchivePage, PloneProvenance
from portal.plone.pages import ARCHIVE_TITLE, VERSION_ACTION, WORKFLOW_ACTION

from .conftest import (
    BROKEN,
    DOC_KK,
    DOC_PENDING,
    DOC_RU,
    FOLDER,
    IMAGE,
    NEWS_PRIVATE,
    PDF_BASE64,
    PDF_BLOB_PATH,
    SITE,
    SUBFOLDER,
    media_files,
    run_import,
    site_items,
)

pytestmark = pytest.mark.django_db


def target(uid: str):
    row = PloneProvenance.objects.get(uid=uid)
    return row.target_type.model_class().objects.get(pk=row.target_id)


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "documents": Document.objects.count(),
        "images": Image.objects.count(),
        "provenance": PloneProvenance.objects.count(),
    }


def write_items(path, items) -> None:
    (path / "Plone.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


def test_the_tree_lands_under_the_archive_section_with_published_live_and_the_rest_draft(client):
    report = run_import(SITE)
    assert report.ok and report.counts() == {"created": 9, "updated": 0, "skipped": 0, "failed": 0}
    folder = target(FOLDER)
    assert isinstance(folder, ArchiveIndexPage) and folder.live and folder.slug == "dokumenty"
    archive = folder.get_parent().specific
    assert (archive.title, archive.get_parent().specific_class.__name__) == (ARCHIVE_TITLE, "HomePage")
    kk, ru = target(DOC_KK), target(DOC_RU)
    assert isinstance(kk, ArchivePage) and kk.live and kk.get_parent().pk == folder.pk
    assert not target(SUBFOLDER).live and not target(DOC_PENDING).live
    news = target(NEWS_PRIVATE)
    assert news.get_parent().pk == target(SUBFOLDER).pk
    assert (news.live, news.first_published_at) == (False, None)
    assert client.get(kk.url).status_code == 200
    assert client.get(ru.url).status_code == 200
    assert client.get(news.url).status_code == 404  # a private item is never public
    assert client.get(target(DOC_PENDING).url).status_code == 404


def test_plone_dates_are_kept_and_both_time_formats_read():
    run_import(SITE)
    kk = target(DOC_KK)
    assert kk.first_published_at == datetime(2019, 3, 2, 3, 0, tzinfo=UTC)  # effective
    assert kk.last_published_at == datetime(2019, 5, 20, 6, 30, tzinfo=UTC)  # modified
    assert kk.latest_revision_created_at == kk.last_published_at
    assert target(FOLDER).first_published_at == datetime(2018, 10, 26, 8, 0, tzinfo=UTC)  # "… GMT+6"
    assert target(DOC_RU).last_published_at == datetime(2019, 3, 3, 2, 0, tzinfo=UTC)  # no offset: Almaty
    row = PloneProvenance.objects.get(uid=FOLDER)
    assert row.created == datetime(2018, 10, 26, 7, 44, 45, 374644, tzinfo=UTC)
    assert (row.portal_type, row.review_state, row.old_path) == ("Folder", "published", "/Plone/dokumenty")
    created = PageLogEntry.objects.get(page=kk, action="wagtail.create")
    assert created.timestamp == datetime(2019, 3, 1, 4, 0, tzinfo=UTC)


def test_each_version_is_a_revision_with_its_time_author_and_note(admin_client):
    author = get_user_model().objects.create_user("editor1", password=None)
    run_import(SITE)
    kk = target(DOC_KK)
    revisions = list(Revision.objects.filter(object_id=str(kk.pk)).order_by("created_at"))
    assert [r.content["title"] for r in revisions] == ["Ереже (жоба)", "Ережелер", "Ережелер"]
    assert [r.created_at.date().isoformat() for r in revisions] == ["2019-03-01", "2019-04-10", "2019-05-20"]
    # editor1 existed (kept as they are); editor2 came with export_members.json.
    assert [r.user for r in revisions[:2]] == [author, author] and revisions[2].user.username == "editor2"
    assert kk.live_revision_id == revisions[-1].pk
    notes = PageLogEntry.objects.filter(page=kk, action=VERSION_ACTION).order_by("timestamp")
    assert [(e.revision_id, e.data["change_note"]) for e in notes] == [
        (revisions[0].pk, "Алғашқы нұсқа"),
        (revisions[1].pk, "Мәтін түзетілді"),
        (revisions[2].pk, "Сілтемелер қосылды"),
    ]
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[kk.pk]))
    assert history.status_code == 200
    for shown in ("Алғашқы нұсқа", "Тексеруге", "Жарияланды"):
        assert shown in history.content.decode()
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[kk.pk, revisions[0].pk, revisions[1].pk])
    response = admin_client.get(compare)
    assert response.status_code == 200
    assert "Бірінші" in response.content.decode() and "Екінші" in response.content.decode()  # the diff


def test_the_workflow_history_is_read_only_legacy_entries():
    run_import(SITE)
    pending = target(DOC_PENDING)
    entries = PageLogEntry.objects.filter(page=pending, action=WORKFLOW_ACTION).order_by("timestamp")
    assert [(e.data["transition"], e.data["review_state"], e.data["actor"]) for e in entries] == [
        ("", "private", "editor1"),
        ("submit", "pending", "editor1"),
    ]
    assert entries[1].timestamp == datetime(2020, 3, 1, 5, 0, tzinfo=UTC)


def test_files_and_images_keep_their_bytes_and_sha256():
    run_import(SITE)
    items = {item["UID"]: item for item in site_items()}
    pdf = target(PDF_BASE64)
    expected = base64.b64decode(items[PDF_BASE64]["file"]["data"])
    assert pdf.file.read() == expected
    assert PloneProvenance.objects.get(uid=PDF_BASE64).blob_sha256 == hashlib.sha256(expected).hexdigest()
    blob = next((SITE / "blobstorage").rglob("*.blob")).read_bytes()
    assert target(PDF_BLOB_PATH).file.read() == blob
    assert PloneProvenance.objects.get(uid=PDF_BLOB_PATH).blob_sha256 == hashlib.sha256(blob).hexdigest()
    image = target(IMAGE)
    assert isinstance(image, Image) and (image.width, image.height) == (2, 2)
    assert image.collection.name == "Мұрағат / Архив"


def test_internal_links_point_at_the_imported_targets_in_every_revision():
    report = run_import(SITE)
    kk, ru = target(DOC_KK), target(DOC_RU)
    body = kk.body
    assert f'<a linktype="page" id="{ru.pk}">Правила</a>' in body
    assert f'<a linktype="document" id="{target(PDF_BASE64).pk}">' in body
    assert f'<a linktype="document" id="{target(PDF_BLOB_PATH).pk}">регламент</a>' in body  # a relative path
    assert f'embedtype="image" format="fullwidth" id="{target(IMAGE).pk}"' in body
    assert '<a href="https://adilet.zan.kz/">' in body and "<script" not in body and "onclick" not in body
    assert f'<a linktype="page" id="{kk.pk}">' in ru.body
    for revision in Revision.objects.filter(object_id__in=[str(kk.pk), str(ru.pk)]):
        assert "resolveuid" not in revision.content["body"]
    assert report.unresolved_links == [
        {"uid": DOC_KK, "path": "/Plone/dokumenty/erezhe", "links": ["resolveuid/" + "9" * 32]}
    ]
    assert not PloneProvenance.objects.filter(links_pending=True).exists()


def test_a_rerun_skips_everything_and_a_changed_item_becomes_a_new_revision(site_copy):
    run_import(site_copy)
    before = snapshot()
    again = run_import(site_copy)
    assert again.counts() == {"created": 0, "updated": 0, "skipped": 9, "failed": 0}
    assert {e.reason for e in again.entries} == {"unchanged"}
    assert snapshot() == before
    items = site_items()
    kk = next(item for item in items if item["UID"] == DOC_KK)
    kk.update(title="Ережелер (жаңа)", modified="2021-01-01T10:00:00+06:00", changeNote="Жаңартылды")
    ru = next(item for item in items if item["UID"] == DOC_RU)
    ru["review_state"] = "private"
    write_items(site_copy, items)
    changed = run_import(site_copy)
    assert changed.counts() == {"created": 0, "updated": 2, "skipped": 7, "failed": 0}
    page = target(DOC_KK)
    assert page.title == "Ережелер (жаңа)" and page.live
    assert page.last_published_at == datetime(2021, 1, 1, 4, 0, tzinfo=UTC)
    assert snapshot()["revisions"] == before["revisions"] + 2
    assert (
        PageLogEntry.objects.filter(page=page, action=WORKFLOW_ACTION).count() == 3
    )  # replaced, not doubled
    assert not target(DOC_RU).live  # private now: unpublished


def test_a_dry_run_writes_nothing(settings):
    before = snapshot()
    report = run_import(SITE, dry_run=True)
    assert report.dry_run and report.counts()["created"] == 9
    assert snapshot() == before
    assert media_files(settings) == []
    assert not (SITE.parent / "site.checkpoint.json").exists()


def test_a_truncated_export_keeps_the_committed_batches_and_resumes_from_the_checkpoint(site_copy):
    whole = (site_copy / "Plone.json").read_text(encoding="utf-8")
    (site_copy / "Plone.json").write_text(whole[: whole.index('"UID": "a2a2')], encoding="utf-8")
    report = run_import(site_copy, batch_size=2)
    assert "truncated" in report.fatal and not report.ok
    # Items 0–1 (one batch) are in; item 2 was read in the failing batch and is not half-imported.
    assert set(PloneProvenance.objects.values_list("uid", flat=True)) == {FOLDER, DOC_KK}
    checkpoint = site_copy.parent / "export.checkpoint.json"
    assert json.loads(checkpoint.read_text())["position"] == 2
    (site_copy / "Plone.json").write_text(whole, encoding="utf-8")
    resumed = run_import(site_copy, batch_size=2)
    assert resumed.ok and resumed.resumed_from == 2 and resumed.counts()["created"] == 7
    assert PloneProvenance.objects.count() == 9 and not checkpoint.exists()
    assert target(DOC_KK).body.count('linktype="page"') == 1  # its link to ru (imported later) is made


def test_one_file_per_type_imports_children_read_before_their_folder(tmp_path):
    by_type: dict[str, list] = {}
    for item in site_items():
        by_type.setdefault(item["@type"], []).append(item)
    for portal_type, items in by_type.items():
        (tmp_path / f"{portal_type}.json").write_text(json.dumps(items), encoding="utf-8")
    report = run_import(tmp_path, blob_dir=SITE / "blobstorage", batch_size=3)
    assert report.ok and report.counts()["created"] == 9
    assert target(NEWS_PRIVATE).get_parent().pk == target(SUBFOLDER).pk


def test_unknown_types_and_missing_files_are_reported_and_the_command_exits_1(tmp_path):
    report_file = tmp_path / "report.json"
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_plone",
            str(BROKEN),
            "--no-progress",
            "--report",
            str(report_file),
            "--checkpoint",
            str(tmp_path / "checkpoint.json"),
            stdout=StringIO(),
        )
    assert not (tmp_path / "checkpoint.json").exists()  # the run went through: a re-run retries the failed
    assert caught.value.returncode == 1
    report = json.loads(report_file.read_text(encoding="utf-8"))
    reasons = {entry["portal_type"]: (entry["status"], entry["reason"]) for entry in report["items"]}
    assert reasons["Collection"] == ("failed", "no mapping for the Plone type 'Collection'")
    assert reasons["File"][0] == "failed" and "only a download URL" in reasons["File"][1]
    assert reasons["Document"] == ("created", "")
    assert report["missing_blobs"] == 1 and report["counts"]["failed"] == 2


def test_the_map_can_skip_a_type(tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text('{"types": {"Collection": "skip", "File": "skip"}}', encoding="utf-8")
    out = StringIO()
    files = ["--report", str(tmp_path / "r.json"), "--checkpoint", str(tmp_path / "c.json")]
    call_command("import_plone", str(BROKEN), "--map", str(mapping), "--no-progress", *files, stdout=out)
    assert "created 1, updated 0, skipped 2, failed 0" in out.getvalue()


def test_a_bad_item_fails_alone(site_copy):
    items = site_items()
    items[5]["created"] = "when the snow melts"
    del items[6]["UID"]
    write_items(site_copy, items)
    report = run_import(site_copy)
    failed = [(e.position, e.reason) for e in report.entries if e.status == "failed"]
    assert failed == [(5, "unreadable time: 'when the snow melts'"), (6, "the item has no UID or no @type")]
    assert report.counts()["created"] == 7


def test_the_documents_know_the_pages_that_use_them():
    from wagtail.models import ReferenceIndex

    run_import(SITE)
    kk = target(DOC_KK)
    for uid in (PDF_BASE64, PDF_BLOB_PATH, IMAGE):
        users = ReferenceIndex.get_references_to(target(uid)).group_by_source_object()
        assert [source.pk for source, _refs in users] == [kk.pk], uid
