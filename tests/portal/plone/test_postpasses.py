"""The side exports applied once the items are in: local roles, ordering, default pages, related items and
the archive of comments — each idempotent, each rolled back by a dry run, each reporting what it could not
carry over."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission, Page, Revision

from portal.models import ArchiveComment, ArchiveIndexPage, ArchiveRelatedItem

from .conftest import (
    DOC_KK,
    DOC_PENDING,
    DOC_RU,
    FOLDER,
    IMAGE,
    NEWS_PRIVATE,
    PDF_BASE64,
    SITE,
    SUBFOLDER,
    run_import,
)
from .test_import import snapshot, target

pytestmark = pytest.mark.django_db
GONE = "ff" * 16


def extras() -> dict[str, int]:
    return {
        "permissions": GroupPagePermission.objects.count(),
        "comments": ArchiveComment.objects.count(),
        "related": ArchiveRelatedItem.objects.count(),
        "redirects": Redirect.objects.count(),
        "paths": hash(tuple(Page.objects.order_by("pk").values_list("path", flat=True))),
        **snapshot(),
    }


def write(path, name: str, data) -> None:
    (path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def reasons(report, name: str) -> dict[tuple[str, str], str]:
    return {(p["uid"], p.get("principal", "")): p["reason"] for p in report.post_passes[name]["problems"]}


# ------------------------------------------------------------------------------------------- local roles


def test_local_roles_of_groups_become_page_permissions_on_the_subtree():
    report = run_import(SITE)
    folder = target(FOLDER)
    granted = GroupPagePermission.objects.filter(page=folder)
    assert sorted((p.group.name, p.permission.codename) for p in granted) == [
        ("editor", "add_page"),
        ("editor", "change_page"),
    ]
    # Wagtail's permission holds below the folder, as the Plone local role did.
    editor = Group.objects.get(name="editor").user_set.get(username="editor1")
    kk = target(DOC_KK)
    assert kk.permissions_for_user(editor).can_edit()
    assert not kk.permissions_for_user(editor).can_publish()
    counts = report.post_passes["localroles"]
    assert (counts["granted"], counts["owners"], counts["blocked"]) == (2, 1, 1)


def test_local_roles_with_no_fitting_group_are_reported_never_dropped():
    report = run_import(SITE)
    problems = reasons(report, "localroles")
    assert "one user" in problems[(FOLDER, "editor2")]  # never widened to a whole group
    assert problems[(FOLDER, "vet-bolim")] == "no portal group for 'vet-bolim'"
    assert problems[(FOLDER, "AuthenticatedUsers")].startswith("Reader:")
    assert problems[(SUBFOLDER, "Site Administrators")] == "no portal group for 'Site Administrators'"
    assert "blocked" in problems[(SUBFOLDER, "")]
    assert "collection" in problems[(PDF_BASE64, "")]
    assert not GroupPagePermission.objects.filter(page=target(SUBFOLDER)).exists()


def test_a_map_group_lets_a_local_role_through(site_copy, tmp_path):
    from portal.plone.mapping import load_map

    map_file = tmp_path / "map.json"
    map_file.write_text(json.dumps({"groups": {"Site Administrators": "head"}}), encoding="utf-8")
    run_import(site_copy, import_map=load_map(map_file))
    granted = GroupPagePermission.objects.filter(page=target(SUBFOLDER), group__name="head")
    assert {p.permission.codename for p in granted} >= {"publish_page", "bulk_delete_page"}


# --------------------------------------------------------------------------------------------- ordering


def test_siblings_take_their_plone_order_and_the_section_lists_them_so(client):
    report = run_import(SITE)
    folder = target(FOLDER)
    order = [page.pk for page in folder.get_children().order_by("path")]
    assert order == [target(uid).pk for uid in (DOC_RU, DOC_KK, DOC_PENDING, SUBFOLDER)]
    assert report.post_passes["ordering"]["reordered_parents"] >= 1
    assert report.post_passes["ordering"]["not_pages"] == 3  # files and the image
    listed = client.get(folder.url).context["children"]
    assert [page.pk for page in listed] == [target(DOC_RU).pk, target(DOC_KK).pk]  # live ones, in order
    assert target(DOC_KK).url.endswith("/dokumenty/erezhe/")  # same parent: no address changed


def test_an_editor_reordering_is_not_undone_when_nothing_changed_in_plone(site_copy):
    run_import(site_copy)
    again = run_import(site_copy)
    assert again.post_passes["ordering"]["reordered_parents"] == 0


# ----------------------------------------------------------------------------------------- default pages


def test_the_folder_shows_its_default_page_and_its_old_address_leads_there(site_copy, client):
    write(site_copy, "export_defaultpages.json", [{"uuid": FOLDER, "default_page": "erezhe"}])
    report = run_import(site_copy)
    folder, kk = target(FOLDER), target(DOC_KK)
    assert folder.default_page_id == kk.pk and folder.live
    response = client.get(folder.url)
    html = response.content.decode()
    assert "archive-default-page" in html and "Ережелер" in html
    assert kk.pk not in [page.pk for page in response.context["children"]]  # it *is* the folder
    for old in ("/Plone/dokumenty/erezhe", "/dokumenty/erezhe/view"):
        redirect = client.get(old)
        assert (redirect.status_code, redirect["Location"]) == (301, folder.url), old
    assert client.get(f"/resolveuid/{DOC_KK}")["Location"] == kk.url  # the item itself still answers
    assert client.get(kk.url).status_code == 200
    assert report.post_passes["defaultpages"]["set"] == 1
    assert folder.first_published_at.year == 2018  # Plone's date kept


def test_default_pages_of_drafts_and_missing_items_are_kept_or_reported():
    report = run_import(SITE)
    subfolder = ArchiveIndexPage.objects.get(pk=target(SUBFOLDER).pk)
    assert subfolder.default_page_id == target(NEWS_PRIVATE).pk and not subfolder.live
    latest = subfolder.get_latest_revision_as_object()
    assert latest.default_page_id == target(NEWS_PRIVATE).pk
    assert reasons(report, "defaultpages") == {("plone_site_root", ""): "the default page was not imported"}


# ----------------------------------------------------------------------------------------- related items


def test_related_items_are_shown_to_readers_when_they_are_public(site_copy, client):
    relations = json.loads((SITE / "export_relations.json").read_text(encoding="utf-8"))
    relations.insert(0, {"from_uuid": DOC_RU, "to_uuid": PDF_BASE64, "relationship": "relatedItems"})
    write(site_copy, "export_relations.json", relations)
    report = run_import(site_copy)
    ru = target(DOC_RU)
    items = [(i.link_page_id, i.link_document_id) for i in ru.related_items.order_by("sort_order")]
    assert items == [(None, target(PDF_BASE64).pk), (target(DOC_PENDING).pk, None), (target(FOLDER).pk, None)]
    response = client.get(ru.url)
    related = response.context["related"]
    assert [item.title for item in related] == [target(PDF_BASE64).title, target(FOLDER).title]  # no draft
    assert "archive-related" in response.content.decode()
    gone = [p for p in report.post_passes["relations"]["problems"] if p["to_uuid"] == GONE]
    image = [p for p in report.post_passes["relations"]["problems"] if p["to_uuid"] == IMAGE]
    assert gone[0]["reason"] == "the related item was not imported"
    assert image[0]["reason"] == "an image cannot be a related item"
    assert report.post_passes["relations"]["ignored"] == 1  # isReferencing: the text's links
    assert ru.live_revision.content["related_items"]  # in the revision: the editor keeps them


# ------------------------------------------------------------------------------------------------ comments


def test_comments_are_an_archive_shown_on_the_page(client):
    report = run_import(SITE)
    kk = target(DOC_KK)
    comments = list(ArchiveComment.objects.filter(page=kk))
    assert [(c.author_name, c.in_reply_to) for c in comments] == [
        ("Бақытжан Әлиев", ""),
        ("Айгүл Сейітқызы", "1665000000000001"),
    ]
    assert comments[0].text == "<p>Қағида қашан күшіне енеді?</p><p>Рақмет.</p>"
    assert "<script" not in comments[1].text and "javascript:" not in comments[1].text
    assert "onclick" not in comments[1].text
    assert comments[0].created.isoformat() == "2022-10-05T08:39:33+00:00"  # no offset: Almaty time
    html = client.get(kk.url).content.decode()
    assert (
        "archive-comments" in html
        and "Бақытжан Әлиев" in html
        and "<form" not in html.split("archive-comments")[1]
    )
    assert report.post_passes["discussion"]["created"] == 2
    assert reasons(report, "discussion") == {(GONE, ""): "the item was not imported"}


def test_comments_are_not_editable_in_the_admin():
    from django.urls import NoReverseMatch, reverse

    run_import(SITE)
    with pytest.raises(NoReverseMatch):
        reverse("admin:portal_archivecomment_change", args=[1])


# ----------------------------------------------------------------------------------- re-runs and dry runs


def test_a_rerun_changes_nothing_in_the_post_passes(site_copy):
    first = run_import(site_copy)
    before = extras()
    again = run_import(site_copy)
    assert extras() == before
    passes = again.post_passes
    assert (passes["localroles"]["granted"], passes["localroles"]["existing"]) == (0, 2)
    assert passes["defaultpages"]["unchanged"] == 1 and passes["defaultpages"]["set"] == 0
    assert passes["relations"]["unchanged"] == 1 and passes["relations"]["set"] == 0
    assert passes["discussion"]["unchanged"] == 2 and passes["discussion"]["created"] == 0
    assert first.post_passes["relations"]["set"] == 1


def test_a_changed_comment_is_updated_not_doubled(site_copy):
    run_import(site_copy)
    discussion = json.loads((site_copy / "export_discussion.json").read_text(encoding="utf-8"))
    discussion[0]["conversation"]["items"][0]["text"]["data"] = "Түзетілген мәтін"
    write(site_copy, "export_discussion.json", discussion)
    report = run_import(site_copy)
    assert report.post_passes["discussion"]["updated"] == 1
    assert ArchiveComment.objects.count() == 2
    assert ArchiveComment.objects.filter(text="<p>Түзетілген мәтін</p>").exists()


def test_a_dry_run_writes_nothing_in_the_post_passes():
    before = extras()
    report = run_import(SITE, dry_run=True)
    assert report.post_passes["localroles"]["granted"] == 2
    assert report.post_passes["discussion"]["created"] == 2
    assert extras() == before
    assert not Revision.objects.exists()
