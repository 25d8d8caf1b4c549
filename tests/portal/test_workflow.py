"""Staff workflow: groups and page permissions, the approval workflow (editor submits → head approves →
live), no direct publishing by editors, scheduled publishing, demo users and the URL printout."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import GroupPagePermission, TaskState, Workflow, WorkflowState
from wagtail.users.models import UserProfile

from catalogue.roles import Role
from portal.demo import demo_users
from portal.models import ApprovedDocumentPage, LegalActPage
from portal.staff import WORKFLOW_NAME, setup_portal

pytestmark = pytest.mark.django_db


def _user(username: str, role: Role):
    user = get_user_model().objects.create_user(username, f"{username}@example.kz", "pw")
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def staff(published):
    setup_portal()
    return {"editor": _user("ed", Role.EDITOR), "head": _user("hd", Role.HEAD)}


def _edit(page, user, text: str):
    """What the admin's edit view does: change the latest revision and save a new one."""
    draft = page.get_latest_revision_as_object()
    body = list(draft.body.raw_data)
    body[0]["value"]["content"][0]["value"]["text"] = text
    draft.body = body
    return draft.save_revision(user=user)


def test_setup_portal_is_idempotent(published):
    first = setup_portal()
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    second = setup_portal()
    assert first == second
    assert (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count()) == counts
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [Role.HEAD.value]
    assert LegalActPage.objects.get(code="003").get_workflow() == workflow


def test_editor_cannot_publish_but_head_can(staff):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    editor_perms = doc.permissions_for_user(staff["editor"])
    head_perms = doc.permissions_for_user(staff["head"])
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert head_perms.can_edit() and head_perms.can_publish()
    assert staff["editor"].has_perm("wagtailadmin.access_admin")
    assert staff["head"].has_perm("wagtailadmin.access_admin")


def test_editor_cannot_publish_through_the_admin(staff):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    live_text = doc.body.raw_data[0]["value"]["content"][0]["value"]["text"]
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(staff["editor"])
    assert browser.get(f"/admin/pages/{doc.pk}/edit/").status_code == 200
    # The publish action of Wagtail's own view is refused for editors: the live text stays.
    from wagtail.actions.publish_page_revision import PublishPagePermissionError

    revision = _edit(doc, staff["editor"], "Редактор жариялағысы келді.")
    with pytest.raises(PublishPagePermissionError):
        revision.publish(user=staff["editor"])
    doc.refresh_from_db()
    assert doc.body.raw_data[0]["value"]["content"][0]["value"]["text"] == live_text


def test_editor_submits_head_approves_then_live(staff, client):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    editor, head = staff["editor"], staff["head"]
    _edit(doc, editor, "Басшы бекіткен жаңа мәтін.")
    workflow = doc.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    state = workflow.start(doc, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(doc, editor) == []  # the editor cannot approve their own change
    assert "Басшы бекіткен" not in client.get(doc.url).content.decode()
    assert [a[0] for a in task.get_actions(doc, head)][:2] == ["reject", "approve"]
    task.on_action(task_state, head, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    doc.refresh_from_db()
    assert doc.live and not doc.has_unpublished_changes
    assert "Басшы бекіткен жаңа мәтін." in client.get(doc.url).content.decode()
    assert "Басшы бекіткен жаңа мәтін." in client.get(doc.get_parent().url + "?full=1").content.decode()


def test_head_can_request_changes(staff):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-2")
    _edit(doc, staff["editor"], "Қайта қарауға жіберілген мәтін.")
    state = doc.get_workflow().start(doc, staff["editor"])
    state.current_task_state.task.specific.on_action(state.current_task_state, staff["head"], "reject")
    state.refresh_from_db()
    doc.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "Қайта қарауға" not in str(doc.body.raw_data)


def test_scheduled_publishing_works_with_act_pages(staff):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    revision = _edit(doc, staff["head"], "Жоспарланған жариялау.")
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled", stdout=StringIO())
    doc.refresh_from_db()
    assert doc.body.raw_data[0]["value"]["content"][0]["value"]["text"] == "Жоспарланған жариялау."


def test_revisions_compare_and_history_views(staff, client):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    old = doc.live_revision
    new = _edit(doc, staff["head"], "Салыстыруға арналған мәтін.")
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(staff["head"])
    assert browser.get(f"/admin/pages/{doc.pk}/revisions/compare/{old.pk}...{new.pk}/").status_code == 200
    assert browser.get(f"/admin/pages/{doc.pk}/history/").status_code == 200
    assert browser.get(f"/admin/pages/{doc.pk}/revisions/{old.pk}/revert/").status_code == 200
    # Viewing an unpublished revision renders it as a preview: the render cache must not answer.
    client.get(doc.url)  # fill the cache with the live text
    preview = browser.get(f"/admin/pages/{doc.pk}/revisions/{new.pk}/view/")
    assert preview.status_code == 200 and "Салыстыруға арналған мәтін." in preview.content.decode()
    assert "Салыстыруға арналған мәтін." not in client.get(doc.url).content.decode()


def test_import_audit_is_read_only_for_editors(staff):
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(staff["editor"])
    assert browser.get("/admin/imported_nodes/").status_code == 200
    node_id = LegalActPage.objects.get(code="003").imported_nodes.first().pk
    assert browser.get(f"/admin/imported_nodes/inspect/{node_id}/").status_code == 200
    assert browser.get(f"/admin/imported_nodes/edit/{node_id}/").status_code in (302, 403)
    assert browser.get("/admin/imported_nodes/new/").status_code in (302, 403)


def test_seed_demo_creates_a_user_per_role(published):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # idempotent
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name=Role.EDITOR.value).exists()
    head = users.get(username="head")
    assert head.groups.filter(name=Role.HEAD.value).exists()
    assert UserProfile.get_for_user(head).preferred_language == "ru"
    for role in Role:  # one login per role; the recorder demo adds named inspectors of its units
        assert users.filter(username=role.value, groups__name=role.value).exists(), role
    for demo in demo_users():
        assert f"{demo.username}" in out.getvalue() and demo.password in out.getvalue()
        assert users.get(username=demo.username).check_password(demo.password)
    assert Client(HTTP_HOST="localhost").login(username="editor", password=demo_users()[1].password)


def test_portal_urls_prints_urls_and_logins(db):
    out = StringIO()
    call_command("portal_urls", host="0.0.0.0", port="9000", stdout=out)
    text = out.getvalue()
    for url in (
        "http://0.0.0.0:9000/kk/",
        "http://0.0.0.0:9000/kk/acts/",
        "http://0.0.0.0:9000/admin/",
        "http://0.0.0.0:9000/sitemap.xml",
    ):
        assert url in text
    assert "head" in text and demo_users()[2].password in text


def test_setup_portal_command_gives_staff_and_recorder_roles_the_admin(published):
    from django.contrib.auth.models import Group

    call_command("setup_portal", stdout=StringIO())
    call_command("setup_portal", stdout=StringIO())  # idempotent
    for role in (Role.OFFICE, Role.ARCHIVIST, Role.RESPONSIBLE_PERSON, Role.INSPECTOR):
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role.value).permissions.all()
        }
        assert "wagtailadmin.access_admin" in granted, role
    assert "certificates.view_issueddocument" in {
        p.codename and f"certificates.{p.codename}"
        for p in Group.objects.get(name=Role.OFFICE.value).permissions.all()
    }
