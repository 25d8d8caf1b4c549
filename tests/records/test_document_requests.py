"""[proposal] Requests for documents (docs/decisions.md): staff ask, the limit clock stops, the owner adds the
documents in the cabinet and the application returns to the completeness check with its due time moved by
the paused working time (records.calendar); one request per application; staff may still refuse."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from records import calendar
from records.applications import SERVICE_MODELS, Application
from records.attachments import StoredAttachment
from records.errors import GuardFailed, NotFound
from records.services import application_timeline, available_transitions, perform_transition
from records.states import TERMINAL_STATES
from tests.records.document_files import pdf_bytes

from . import ui_support
from .conftest import at, make_user

pytestmark = pytest.mark.django_db
MISSING = "Объектінің техникалық паспортының көшірмесі."
staff = ui_support.staff  # fixture


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assigned(file, step, users, clock, owner):
    """A service 1 application with the executor, whose completeness check is due at the close of 12 March."""
    clock.set(at(2025, 3, 12, 10, 0))
    app = file("vet_sanitary_conclusion")
    clock.set(at(2025, 3, 12, 10, 20))
    step(app, "register", Role.OFFICE)
    clock.set(at(2025, 3, 12, 14, 0))
    data = {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындауға."}
    return step(app, "assign", Role.HEAD, data)


def request(app, step, clock, when):
    clock.set(when)
    return step(app, "request_documents", Role.EXECUTOR, {"documents_missing": MISSING})


def upload(client, app, *names, language="kk"):
    with translation.override(language):
        target = reverse("records:cabinet_upload", args=[app.registration_no])
    files = [
        SimpleUploadedFile(name, pdf_bytes(title=name), content_type="application/pdf") for name in names
    ]
    return client.post(target, {"documents": files, "comment": "Қосымша құжат"})


def test_request_upload_and_back_with_the_due_time_moved_by_the_paused_working_time(
    client, assigned, step, clock, owner
):
    due = assigned.due_at
    assert due == at(2025, 3, 12, 18, 30)
    asked = request(assigned, step, clock, at(2025, 3, 12, 15, 0))
    assert (asked.state, asked.due_at, asked.deadline_status(clock())) == ("documents_requested", None, "")
    # Friday 14 March, 11:00: the old due time is long past, yet the application is not overdue.
    clock.set(at(2025, 3, 14, 11, 0))
    assert not Application.objects.overdue(clock()).filter(pk=assigned.pk).exists()
    client.force_login(owner)
    page = client.get(reverse("records:cabinet_detail", args=[assigned.registration_no])).content.decode()
    assert MISSING in page and 'id="records-upload"' in page
    response = upload(client, assigned, "техпаспорт.pdf")
    assert response.status_code == 302
    back = Application.objects.get(pk=assigned.pk)
    # Paused 12 March 15:00 → 14 March 11:00: 210 + 570 + 120 = 900 working minutes.
    paused = calendar.working_minutes_between(at(2025, 3, 12, 15, 0), at(2025, 3, 14, 11, 0))
    assert paused == 900 == back.details["clock_paused_minutes"]
    # Due 12 March 18:30, plus 900 working minutes: 13 March 09:00 + 570 → 18:30, + 330 → 14 March 14:30.
    assert back.due_at == calendar.extend_by_working_minutes(due, paused) == at(2025, 3, 14, 14, 30)
    assert back.state == "assigned" and back.step_code == "confirm_complete"
    added = [d for d in back.documents if d["transition"] == "add_documents"]
    assert [d["name"] for d in added] == ["техпаспорт.pdf"]
    assert StoredAttachment.objects.filter(sha256=added[0]["sha256"]).exists()
    timeline = application_timeline(back)
    assert [e.transition for e in timeline][-2:] == ["request_documents", "add_documents"]
    assert timeline[-1].actor_name and timeline[-1].reason == "Қосымша құжат"
    assert timeline[-2].data["documents_missing"] == MISSING
    page = client.get(reverse("records:cabinet_detail", args=[assigned.registration_no])).content.decode()
    assert 'data-state="assigned"' in page and 'id="records-request-open"' not in page


def test_a_request_during_a_holiday_does_not_eat_the_limit(assigned, step, clock, owner):
    """Paused over the weekend and Nauryz (21-25 March): only working time counts."""
    request(assigned, step, clock, at(2025, 3, 12, 18, 0))  # 30 minutes before the due time
    clock.set(at(2025, 3, 26, 9, 0))  # the first working moment after Nauryz
    back = step(
        Application.objects.get(pk=assigned.pk), "add_documents", Role.APPLICANT, attachments=[_doc()]
    )
    # 12 Mar 30 min + 13, 14, 17, 18, 19, 20 Mar (6 × 570) = 3450 min
    assert back.details["clock_paused_minutes"] == 30 + 6 * 570
    # 12 Mar 18:30 + 3450 min → 20 Mar 18:30 (6 days) + 30 min → 26 Mar 09:30: the 30 minutes it had left.
    assert back.due_at == at(2025, 3, 26, 9, 30)


def _doc():
    return {"name": "құжат.pdf", "sha256": "a" * 64}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_only_one_request_per_application(assigned, step, clock, owner, language):
    request(assigned, step, clock, at(2025, 3, 12, 15, 0))
    clock.set(at(2025, 3, 13, 10, 0))
    step(assigned, "add_documents", Role.APPLICANT, attachments=[_doc()])
    with translation.override(language), pytest.raises(GuardFailed) as failed:
        request(assigned, step, clock, at(2025, 3, 13, 11, 0))
    expected = ui_support.in_language(
        language,
        "Documents have already been requested once; decide on the documents the applicant has given.",
    )
    with translation.override(language):
        assert failed.value.message == expected
    assert Application.objects.get(pk=assigned.pk).state == "assigned"


def test_no_request_for_an_applicant_without_an_account(file, step, users, clock):
    app = step(file("vet_certificate"), "register", Role.EXECUTOR)
    assert "request_documents" not in {t.name for t in available_transitions(app, users[Role.EXECUTOR])}
    with pytest.raises(GuardFailed):
        step(app, "request_documents", Role.EXECUTOR, {"documents_missing": MISSING})


def test_adding_needs_a_document_and_the_owner(assigned, step, clock, owner, django_user_model):
    request(assigned, step, clock, at(2025, 3, 12, 15, 0))
    with pytest.raises(GuardFailed):
        step(assigned, "add_documents", Role.APPLICANT)
    stranger = make_user(django_user_model, "stranger", Role.APPLICANT)
    with pytest.raises(NotFound):  # another applicant: as if it did not exist
        perform_transition(assigned.pk, "add_documents", user=stranger, attachments=[_doc()])
    assert Application.objects.get(pk=assigned.pk).state == "documents_requested"


def test_an_upload_without_files_is_refused_and_changes_nothing(client, assigned, step, clock, owner):
    request(assigned, step, clock, at(2025, 3, 12, 15, 0))
    client.force_login(owner)
    response = upload(client, assigned)
    assert response.status_code == 400
    assert Application.objects.get(pk=assigned.pk).state == "documents_requested"


def test_an_upload_when_nothing_is_requested_is_refused_in_the_users_language(client, assigned, owner):
    client.force_login(owner)
    response = upload(client, assigned, "x.pdf", language="ru")
    assert response.status_code == 400
    with translation.override("ru"):
        expected = translation.gettext(
            "«%(action)s» is not possible while the application is «%(state)s»."
        ) % {
            "action": translation.gettext("Add the requested documents"),
            "state": translation.gettext("Executor assigned"),
        }
    assert expected in response.content.decode()
    assert Application.objects.get(pk=assigned.pk).state == "assigned"


def test_staff_may_still_refuse_when_the_applicant_never_answers(assigned, step, clock, owner):
    request(assigned, step, clock, at(2025, 3, 12, 15, 0))
    clock.set(at(2025, 4, 14, 10, 0))
    refused = step(assigned, "refuse_incomplete", Role.EXECUTOR, {"reason": "Құжаттар берілмеді."})
    assert refused.state == "refused_incomplete" and refused.refusal_ground == "p9"


def test_the_staff_page_offers_the_request(client, assigned, staff):
    client.force_login(staff[Role.EXECUTOR])
    page = client.get(reverse("records_application", args=[assigned.pk])).content.decode()
    assert ui_support.in_language("kk", "Request documents from the applicant") in page
    assert ui_support.in_language("kk", "Documents the applicant must add") in page


def test_every_open_state_keeps_a_lawful_action():
    for service, model in SERVICE_MODELS.items():
        specs = model.transition_specs().values()
        states = {s for spec in specs for s in spec.sources} | {spec.target for spec in specs}
        for state in states - TERMINAL_STATES:
            assert any(state in spec.sources for spec in specs), (service, state)
        requested = [spec for spec in specs if "documents_requested" in spec.sources]
        assert {spec.name for spec in requested} >= {"add_documents", "withdraw"}
        assert any(spec.target.startswith("refus") or spec.target == "refusal_drafted" for spec in requested)


def test_the_kazakh_and_russian_state_labels_are_distinct():
    from records.states import STATE_LABELS

    for language in ("kk", "ru"):
        with translation.override(language):
            labels = {state: str(STATE_LABELS[state]) for state in ("documents_requested", "withdrawn")}
            others = {str(label) for state, label in STATE_LABELS.items() if state not in labels}
        assert not set(labels.values()) & others and len(set(labels.values())) == 2
        assert all(
            label not in {"Documents requested from the applicant", "Withdrawn by the applicant"}
            for label in labels.values()
        )


def test_working_minutes_between_counts_working_hours_only():
    assert calendar.working_minutes_between(at(2025, 3, 14, 18, 0), at(2025, 3, 17, 9, 30)) == 60
    assert calendar.working_minutes_between(at(2025, 3, 15, 10, 0), at(2025, 3, 16, 12, 0)) == 0
    assert calendar.working_minutes_between(at(2025, 3, 17, 12, 0), at(2025, 3, 17, 11, 0)) == 0
    assert calendar.extend_by_working_minutes(at(2025, 3, 14, 18, 30), 0) == at(2025, 3, 14, 18, 30)
    assert calendar.extend_by_working_minutes(at(2025, 3, 14, 18, 30), 60) == at(2025, 3, 17, 10, 0)
