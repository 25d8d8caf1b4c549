"""Versions made by publishing (issue 17): an editor's published change of an act, regulation or appendix is
a new version of the act, dated the day it goes live (or its scheduled go-live), in force from the date the
editor gave; publishing without a text change records nothing; the act's cached pages show the version."""

from __future__ import annotations

import copy
import datetime
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue.roles import Role
from portal.models import AppendixPage, ApprovedDocumentPage, LegalActPage
from portal.staff import setup_portal
from portal.versions import page_as_at

pytestmark = pytest.mark.django_db

NEW_POINT = "Қағидалардың жарияланған жаңа бірінші тармағы."
OLD_DAY = "2023-06-01"  # inside version 1 of the test act 000 (from 2021-04-14)


@pytest.fixture
def committed(published):
    """The import as its own committed transaction (the test's one never commits): its on_commit work done."""
    pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _sids, callback, _robust in pending:
        callback()
    assert len(_versions()) == 1  # the import recorded version 1; its publishes add none


def _act() -> LegalActPage:
    return LegalActPage.objects.get(code="000")


def _rules() -> ApprovedDocumentPage:
    return ApprovedDocumentPage.objects.child_of(_act()).order_by("path").first()


def _draft_with_text(page, text: str, in_force_from: date | None = None):
    """What the admin's edit form does: the latest revision as an object with the first point changed."""
    draft = page.get_latest_revision_as_object()
    body = copy.deepcopy(list(draft.body.raw_data))
    body[0]["value"]["content"][0]["value"]["text"] = text
    draft.body = body
    if in_force_from is not None:
        draft.amendment_in_force_from = in_force_from
    return draft


def _versions():
    return list(_act().versions.order_by("number"))


def test_publishing_a_changed_regulation_records_a_version_in_force_from_the_editors_date(
    committed, client, django_capture_on_commit_callbacks
):
    start = timezone.localdate() + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        draft = _draft_with_text(_rules(), NEW_POINT, in_force_from=start)
        draft.save_revision().publish(skip_permission_checks=True)
    first, second = _versions()
    assert (second.number, second.version_date, second.version_date_inferred) == (
        2,
        timezone.localdate(),
        False,
    )
    assert (second.in_force_from, second.in_force_from_inferred) == (start, False)
    assert (first.in_force_to, first.in_force_to_inferred) == (start - timedelta(days=1), False)
    assert second.page_revisions[str(_rules().pk)] == _rules().live_revision_id
    url = _rules().url
    before = client.get(f"{url}?at={start - timedelta(days=1):%Y-%m-%d}").content.decode()
    after = client.get(f"{url}?at={start:%Y-%m-%d}").content.decode()
    assert NEW_POINT not in before and NEW_POINT in after
    changes = client.get("/ru/acts/000/?compare=1..2").content.decode()
    changes = changes.split('<ol class="compare-list">')[1].split("</ol>")[0]
    assert any("жарияланған" in added.split("</ins>")[0] for added in changes.split("<ins>")[1:])


def test_without_an_editors_date_the_version_is_in_force_from_the_publish_day_inferred(
    committed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _draft_with_text(_rules(), NEW_POINT, date(2027, 3, 1)).save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        # The next edit carries the earlier date along unchanged: it is not this change's date.
        _draft_with_text(_rules(), "Тағы бір өзгеріс.").save_revision().publish()
    first, second, third = _versions()
    today = timezone.localdate()
    assert (third.version_date, third.in_force_from, third.in_force_from_inferred) == (today, today, True)
    assert (second.in_force_from, second.in_force_to, second.in_force_to_inferred) == (
        date(2027, 3, 1),
        today - timedelta(days=1),
        True,
    )


def test_publishing_without_a_text_change_records_no_version(committed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for page in (_act(), _rules(), AppendixPage.objects.descendant_of(_act()).first()):
            draft = page.get_latest_revision_as_object()
            draft.seo_title = "Іздеу жүйелеріне арналған атау"
            draft.search_description = "Сипаттама"
            draft.amendment_in_force_from = date(2027, 1, 1)
            draft.save_revision().publish()
    assert len(_versions()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        appendix = AppendixPage.objects.descendant_of(_act()).first().get_latest_revision_as_object()
        appendix.appendix_title = "Өзгертілген қосымша атауы"
        appendix.save_revision().publish()
    assert len(_versions()) == 2  # an appendix's text is the act's text too


def test_act_and_regulation_published_together_make_one_version(
    committed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act = _act().get_latest_revision_as_object()
        act.title = "Жаңа атауы бар сынақ актісі"
        act.save_revision().publish()
        _draft_with_text(_rules(), NEW_POINT, date(2027, 2, 1)).save_revision().publish()
    assert len([c for c in callbacks if type(c).__name__ == "_Recording"]) == 1
    versions = _versions()
    assert len(versions) == 2 and versions[1].in_force_from == date(2027, 2, 1)
    old, _version = page_as_at(_act(), date(2023, 6, 1))
    assert old.title != "Жаңа атауы бар сынақ актісі"


def test_a_rolled_back_publish_records_nothing(committed, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _draft_with_text(_rules(), NEW_POINT).save_revision().publish()
            raise RuntimeError("the editor's transaction failed")
    assert len(_versions()) == 1


def test_the_cached_act_page_shows_the_new_version(committed, django_capture_on_commit_callbacks):
    reader = Client()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        _draft_with_text(_rules(), NEW_POINT).save_revision().publish()
    # A reader between the commit and the recording caches the page without version 2 ...
    first = reader.get("/ru/acts/000/")
    assert "редакцией 2" not in first.content.decode()
    assert reader.get("/ru/acts/000/")["X-Page-Cache"] == "hit"
    for callback in pending:
        callback()
    # ... and the recorded version replaces it (portal.versions.invalidate_act_pages).
    again = reader.get("/ru/acts/000/")
    assert again["X-Page-Cache"] != "hit"
    assert "Сравнить редакцию 1 с редакцией 2" in again.content.decode()


def _user(username: str, role: Role):
    user = get_user_model().objects.create_user(username, f"{username}@example.kz", "pw")
    user.groups.add(Group.objects.get(name=role.value))
    return user


def test_the_heads_approval_in_the_admin_records_the_version(committed, django_capture_on_commit_callbacks):
    setup_portal()
    editor, head = _user("ed", Role.EDITOR), _user("hd", Role.HEAD)
    doc = _rules()
    start = date(2027, 4, 1)
    _draft_with_text(doc, NEW_POINT, start).save_revision(user=editor)
    state = doc.get_workflow().start(doc, editor)
    assert len(_versions()) == 1  # submitted, not yet published
    admin = Client()
    admin.force_login(head)
    # The editor gives the date on the page's edit form.
    assert 'name="amendment_in_force_from"' in admin.get(f"/admin/pages/{doc.pk}/edit/").content.decode()
    url = reverse("wagtailadmin_pages:workflow_action", args=(doc.pk, "approve", state.current_task_state.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"comment": "Бекітілді"})
    assert response.status_code in (200, 302)
    doc.refresh_from_db()
    assert doc.live and not doc.has_unpublished_changes
    first, second = _versions()
    assert (second.version_date, second.in_force_from, first.in_force_to) == (
        timezone.localdate(),
        start,
        date(2027, 3, 31),
    )
    assert second.page_revisions[str(doc.pk)] == doc.live_revision_id


def test_a_scheduled_publish_is_dated_by_its_go_live(committed, django_capture_on_commit_callbacks):
    doc = _rules()
    draft = _draft_with_text(doc, NEW_POINT)
    draft.go_live_at = timezone.now() + timedelta(days=1)
    revision = draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish(skip_permission_checks=True)
    assert len(_versions()) == 1  # scheduled: the live text has not changed yet
    # Time passes: the go-live was yesterday, the revision saved the day before (what the cron then finds).
    go_live = timezone.now() - timedelta(days=1)
    revision.content["go_live_at"] = go_live.isoformat()
    revision.created_at = go_live - timedelta(days=1)
    revision.approved_go_live_at = go_live
    revision.save(update_fields=["content", "created_at", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())
    first, second = _versions()
    day = timezone.localdate(go_live)
    assert (second.version_date, second.in_force_from, second.in_force_from_inferred) == (day, day, False)
    assert first.in_force_to == day - datetime.timedelta(days=1)
    assert NEW_POINT in str(_rules().body.raw_data)
