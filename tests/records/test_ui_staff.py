"""The staff screens in the Wagtail admin: the list with its filters, the record page with exactly the
transitions the user may perform, the transition forms, and bad input that changes nothing."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from catalogue.roles import Role
from certificates import samples
from certificates.services import issue_document
from records.applications import Application
from records.attachments import StoredAttachment
from records.services import available_transitions

from . import ui_support
from .conftest import at
from .document_files import pdf_bytes
from .ui_support import audit_count, in_language

login, staff = ui_support.login, ui_support.staff  # fixtures

pytestmark = pytest.mark.django_db

OFFERED = re.compile(r'<details class="records-transition" id="transition-(\w+)"')


def page_of(app) -> str:
    return reverse("records_application", args=[app.pk])


def action_url(app, name: str) -> str:
    return reverse("records_application_transition", args=[app.pk, name])


def offered(response) -> list[str]:
    return OFFERED.findall(response.content.decode())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registered(file, step):
    return step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)


def test_only_staff_roles_enter_the_applications(login, staff):
    editors = Group.objects.get(name=Role.EDITOR.value)  # editors enter the admin for the acts (portal.staff)
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    refused = login(Role.EDITOR).get(reverse("records_applications"))  # Wagtail: back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert (
        reverse("records_applications")
        not in login(Role.EDITOR).get(reverse("wagtailadmin_home")).content.decode()
    )
    client = login(Role.ARCHIVIST)
    assert client.get(reverse("records_applications")).status_code == 200
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("records_applications") in home  # the menu item


def test_list_filters_by_service_state_deadline_executor_dates_and_worklist(login, file, step, clock, staff):
    clock.set(at(2025, 3, 3, 10))
    old = step(file("licence"), "register", Role.OFFICE)  # due 4 March: overdue on the 12th
    clock.set(at(2025, 3, 12, 10))
    certificate = file("vet_certificate", by=staff[Role.EXECUTOR])
    conclusion = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    assigned = step(
        step(file("registration_number"), "register", Role.OFFICE),
        "assign",
        Role.HEAD,
        {"executor": staff[Role.EXECUTOR].pk, "resolution_text": "Орындауға."},
    )
    everyone = {old, certificate, conclusion, assigned}
    client = login(Role.HEAD)

    def listed(**query) -> set:
        content = client.get(reverse("records_applications"), query).content.decode()
        return {app for app in everyone if app.registration_no in content}

    assert listed() == everyone
    assert listed(service="vet_certificate") == {certificate}
    assert listed(state="registered") == {old, conclusion}
    assert listed(deadline="overdue") == {old}
    assert listed(executor=staff[Role.EXECUTOR].pk) == {assigned}
    assert listed(received_from="2025-03-10", received_to="2025-03-12") == everyone - {old}
    assert listed(received_from="2025-03-01", received_to="2025-03-05") == {old}
    # The head resolves registered applications (assign): the licence and the conclusion.
    assert listed(worklist="mine") == {old, conclusion}
    assert listed(q=conclusion.registration_no) == {conclusion}
    assert listed(status="closed") == set()


def test_the_results_fragment_serves_the_filter_drawer(login, registered):
    response = login(Role.HEAD).get(reverse("records_applications_results"), {"state": "registered"})
    assert response.status_code == 200 and registered.registration_no in response.content.decode()


def test_the_record_page_offers_exactly_the_transitions_the_user_may_perform(login, staff, registered):
    for role in (Role.HEAD, Role.OFFICE, Role.EXECUTOR, Role.ARCHIVIST):
        response = login(role).get(page_of(registered))
        assert response.status_code == 200
        expected = [t.name for t in available_transitions(registered, staff[role])]
        assert offered(response) == expected, role
    assert offered(login(Role.HEAD).get(page_of(registered))) == ["assign"]
    assert offered(login(Role.OFFICE).get(page_of(registered))) == []


def test_the_record_page_shows_the_deadline_step_and_timeline(login, registered):
    content = login(Role.HEAD).get(page_of(registered)).content.decode()
    assert 'id="records-deadline" data-deadline="ok"' in content
    step = registered.running_step()
    assert step.action in content  # the act's words for the running step
    assert content.count('<tr data-transition="') == 2  # filed, registered


def test_assign_through_the_form(login, staff, registered):
    client = login(Role.HEAD)
    executor = staff[Role.EXECUTOR]
    response = client.post(
        action_url(registered, "assign"),
        {
            "assign-expected_state": "registered",
            "assign-executor": executor.pk,
            "assign-resolution_text": "Құжаттарды тексеріп, орындауға.",
        },
    )
    assert response.status_code == 302 and response["Location"] == page_of(registered)
    app = Application.objects.get(pk=registered.pk)
    assert (app.state, app.assigned_executor, app.resolution_text) == (
        "assigned",
        executor,
        "Құжаттарды тексеріп, орындауға.",
    )
    content = client.get(page_of(app)).content.decode()
    assert '<tr data-transition="assign">' in content
    assert offered(client.get(page_of(app))) == [t.name for t in available_transitions(app, staff[Role.HEAD])]


def test_missing_required_data_is_a_400_and_changes_nothing(login, registered):
    before = audit_count(registered)
    response = login(Role.HEAD).post(
        action_url(registered, "assign"), {"assign-expected_state": "registered"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert in_language("kk", "This field is required.") in content
    assert re.search(r'id="transition-assign" data-transition="assign" open', content)  # the form stays open
    app = Application.objects.get(pk=registered.pk)
    assert (app.state, app.assigned_executor_id, audit_count(app)) == ("registered", None, before)


def test_a_forbidden_transition_is_refused_and_changes_nothing(login, registered):
    before = audit_count(registered)
    response = login(Role.OFFICE).post(
        action_url(registered, "register"), {"register-expected_state": "registered"}
    )
    assert response.status_code == 400
    assert 'class="help-block help-critical records-error"' in response.content.decode()
    assert (
        Application.objects.get(pk=registered.pk).state == "registered" and audit_count(registered) == before
    )


def test_a_role_without_the_transition_gets_403_and_nothing_changes(login, staff, registered):
    before = audit_count(registered)
    response = login(Role.OFFICE).post(
        action_url(registered, "assign"),
        {
            "assign-expected_state": "registered",
            "assign-executor": staff[Role.EXECUTOR].pk,
            "assign-resolution_text": "x",
        },
    )
    assert response.status_code == 403
    assert in_language("kk", "Your role does not allow this action.") in response.content.decode()
    assert (
        Application.objects.get(pk=registered.pk).state == "registered" and audit_count(registered) == before
    )


def test_a_stale_form_is_a_conflict(login, staff, registered):
    response = login(Role.HEAD).post(
        action_url(registered, "assign"),
        {
            "assign-expected_state": "submitted",
            "assign-executor": staff[Role.EXECUTOR].pk,
            "assign-resolution_text": "x",
        },
    )
    assert response.status_code == 409
    assert Application.objects.get(pk=registered.pk).state == "registered"
    # The form offered again carries the state as it is now, so sending it again works.
    assert 'name="assign-expected_state" value="registered"' in response.content.decode()


def test_an_unknown_action_is_a_400(login, registered):
    assert login(Role.HEAD).post(action_url(registered, "teleport"), {}).status_code == 400


def test_the_inspection_act_must_be_attached(login, run_path, clock):
    from .paths import PATHS_BY_KEY

    app = run_path(PATHS_BY_KEY["s1-office"], until=5, check=False)  # inspected
    assert app.state == "inspected"
    client = login(Role.EXECUTOR)
    before = audit_count(app)
    response = client.post(action_url(app, "submit_act"), {"submit_act-expected_state": "inspected"})
    assert response.status_code == 400 and audit_count(app) == before
    content = pdf_bytes()  # a real PDF: the attachment is checked by its content (issue 14)
    upload = SimpleUploadedFile("тексеру актісі.pdf", content, content_type="application/pdf")
    response = client.post(
        action_url(app, "submit_act"),
        {
            "submit_act-expected_state": "inspected",
            "submit_act-act_number": "17",
            "submit_act-attachment": upload,
        },
    )
    assert response.status_code == 302
    app = Application.objects.get(pk=app.pk)
    digest = hashlib.sha256(content).hexdigest()
    assert app.state == "act_submitted"
    assert {"name": "тексеру актісі.pdf", "sha256": digest, "transition": "submit_act"} in app.documents
    stored = StoredAttachment.objects.get(sha256=digest)  # under a random name, not its hash
    assert digest not in stored.name and default_storage.open(stored.name).read() == content


def test_issued_documents_are_listed_with_download_links(login, registered, person):
    name, _iin = samples.holder_for("vet_certificate")
    document = issue_document(
        "vet_certificate",
        holder_name=person.name,
        holder_id=person.identifier,
        payload=samples.PAYLOADS["vet_certificate"],
        issued_by=None,
        source_record=("records.application", str(registered.pk)),
    )
    client = login(Role.HEAD)
    content = client.get(page_of(registered)).content.decode()
    url = reverse("certificates:download", args=[document.verification_code])
    assert document.number in content and url in content
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == document.file.open("rb").read()


def test_the_record_page_speaks_kazakh_and_russian(login, staff, registered):
    client = login(Role.HEAD)
    content = client.get(page_of(registered)).content.decode()
    assert '<html lang="kk"' in content and in_language("kk", "Timeline") in content
    profile = UserProfile.get_for_user(staff[Role.HEAD])
    profile.preferred_language = "ru"
    profile.save()
    content = client.get(page_of(registered)).content.decode()
    assert '<html lang="ru"' in content and in_language("ru", "Timeline") in content
    assert in_language("ru", "Assign an executor") in content
