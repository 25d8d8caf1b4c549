"""The state machines through the public services: filing, guards, wrong source states, data validation,
stale states, the audit rows written, registration numbers, and what each user is offered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from catalogue.roles import Role
from records import audit, audit_verify
from records.applications import Application
from records.errors import (
    Conflict,
    ForbiddenTransition,
    GuardFailed,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from records.models import TransitionLog
from records.payments import ensure_demo_payments
from records.services import (
    available_transitions,
    file_application,
    get_or_create_applicant,
    perform_transition,
)

from .conftest import at, doc, filing_data, make_user
from .paths import DATA, PATHS_BY_KEY, d


def log_count(app) -> int:
    return len(audit.timeline(app))


def snapshot(app):
    """Everything a failed transition must leave as it was."""
    fresh = Application.objects.get(pk=app.pk)
    return (
        fresh.state,
        fresh.due_at,
        fresh.step_code,
        fresh.details,
        fresh.documents,
        fresh.assigned_executor_id,
        log_count(app),
        TransitionLog.objects.count(),
    )


def refused(app, error_class, name, user, data=None, attachments=(), **kwargs):
    before = snapshot(app)
    with pytest.raises(error_class) as error:
        perform_transition(app.pk, name, user=user, data=data or {}, attachments=attachments, **kwargs)
    assert snapshot(app) == before, "a refused transition must change nothing"
    assert error.value.code == error_class.code
    return error.value


# -- filing -------------------------------------------------------------------------------------------------


def test_filing_writes_the_first_audit_row_and_the_documents(file, users):
    app = file("vet_sanitary_conclusion")
    assert app.state == "submitted" and app.received_at == d(12)
    assert app.documents == [{**doc(), "transition": "file"}]
    (row,) = audit.timeline(app)
    assert (row.transition, row.from_state, row.to_state, row.actor) == (
        "file",
        "",
        "submitted",
        users[Role.OFFICE],
    )
    assert row.attachments == [doc()]
    assert row.data["due_at"] == app.due_at.isoformat()
    assert audit_verify.verify_chain() == []


def test_registration_numbers_are_readable_sequential_and_gap_free(file, monkeypatch, users, person):
    first = file("vet_certificate")
    second = file("licence")
    assert (first.registration_no, second.registration_no) == ("2025-2-000001", "2025-6-000002")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch, pytest.raises(RuntimeError):
        patch.setattr(audit, "append_transition", broken)
        file("attestation")
    assert not Application.objects.filter(service="attestation").exists()
    third = file_application(
        "attestation",
        applicant=person,
        channel="office",
        data=filing_data("attestation"),
        documents=[doc()],
        by=users[Role.OFFICE],
    )
    assert third.registration_no == "2025-5-000003"  # the rolled-back filing gave its number back


def test_filing_validates_the_service_data(file):
    with pytest.raises(InvalidInput) as error:
        file("vet_sanitary_conclusion", data={"object_name": "Цех"})
    assert set(error.value.field_errors) == {"object_address"}
    with pytest.raises(InvalidInput) as error:
        file("registration_number", "reregister_name_or_form", data=filing_data("registration_number"))
    assert set(error.value.field_errors) == {"previous_accounting_number", "new_name"}
    with pytest.raises(InvalidInput) as error:
        file("licence", "bogus")
    assert "subcase" in error.value.field_errors
    assert not Application.objects.exists()


def test_wrong_iin_is_refused_with_a_clear_message(db):
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        get_or_create_applicant("individual", "880515300121", "Асқаров Нұрлан")
    assert "check digit" in error.value.field_errors["identifier"][0]
    with pytest.raises(InvalidInput) as error:
        get_or_create_applicant("legal_entity", "880515300120", "ЖШС")  # an IIN given as a BIN
    assert error.value.code == "invalid_input"


def test_representative_needs_a_valid_iin_and_a_power_of_attorney(users, person):
    good = {
        "name": "Сейітов Ержан",
        "iin": person.identifier,
        "power_of_attorney_no": "17",
        "power_of_attorney_date": "2025-01-10",
    }
    app = file_application(
        "vet_certificate",
        applicant=person,
        channel="office",
        data=filing_data("vet_certificate"),
        by=users[Role.EXECUTOR],
        representative=good,
    )
    assert (app.representative_name, app.power_of_attorney_no, app.power_of_attorney_date) == (
        "Сейітов Ержан",
        "17",
        date(2025, 1, 10),
    )
    for broken, field in (
        ({**good, "iin": "880515300121"}, "representative.iin"),
        ({**good, "power_of_attorney_no": ""}, "representative.power_of_attorney_no"),
    ):
        with pytest.raises(InvalidInput) as error:
            file_application(
                "vet_certificate",
                applicant=person,
                channel="office",
                data=filing_data("vet_certificate"),
                by=users[Role.EXECUTOR],
                representative=broken,
            )
        assert field in error.value.field_errors


def test_portal_is_only_for_passport_extracts_in_service_4(file):
    for kind in ("identify_with_passport", "duplicate_passport", "reidentify_lost_tag"):
        with pytest.raises(GuardFailed):
            file("animal_identification", kind, channel="portal")
    assert file("animal_identification", "passport_extract", channel="portal").channel == "portal"
    assert Application.objects.count() == 1


def test_filing_roles(file, users):
    with pytest.raises(PermissionDenied):
        file("vet_certificate", by=users[Role.HEAD])
    with pytest.raises(PermissionDenied):
        file("vet_certificate", channel="portal", by=users[Role.OFFICE])
    assert not Application.objects.exists()


# -- wrong source state, unknown transition, missing app --------------------------------------------------


def test_transition_from_the_wrong_state_is_refused_and_changes_nothing(file, users):
    app = file("vet_sanitary_conclusion")
    with translation.override("en"):
        error = refused(
            app, ForbiddenTransition, "confirm_complete", users[Role.EXECUTOR], {"documents_complete": True}
        )
        # Messages are translated when read: the API answers in the language of the request.
        assert "not possible" in error.message and "Submitted" in error.message
    refused(app, ForbiddenTransition, "no_such_step", users[Role.OFFICE])


def test_terminal_state_allows_nothing(run_path, users):
    app = run_path(PATHS_BY_KEY["s2-refused"], check=False)
    for name in ("register", "examine", "issue_certificate", "refuse"):
        refused(app, ForbiddenTransition, name, users[Role.EXECUTOR], {"reason": "x"})


def test_unknown_application(users):
    with pytest.raises(NotFound):
        perform_transition(987654, "register", user=users[Role.OFFICE])


# -- data and guards ----------------------------------------------------------------------------------------


def test_missing_required_data_is_invalid_input(file, step, users):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    error = refused(app, InvalidInput, "assign", users[Role.HEAD], {"resolution_text": ""})
    assert set(error.field_errors) == {"executor", "resolution_text"}
    not_an_executor = refused(
        app,
        InvalidInput,
        "assign",
        users[Role.HEAD],
        {"executor": users[Role.OFFICE].pk, "resolution_text": "Орындау."},
    )
    assert set(not_an_executor.field_errors) == {"executor"}


@pytest.fixture
def complete_s1(run_path):
    return run_path(PATHS_BY_KEY["s1-office"], until=3, check=False)  # state "complete", Wed 12 15:00


def test_statistics_must_be_notified_at_least_one_day_before_the_inspection(complete_s1, users, clock):
    executor = users[Role.EXECUTOR]
    clock.set(d(12, 16))
    with translation.override("en"):
        error = refused(
            complete_s1,
            GuardFailed,
            "notify_legal_statistics",
            executor,
            {"planned_inspection_at": "2025-03-13T15:59"},
        )
    assert "at least 1 day" in error.message
    app = perform_transition(
        complete_s1.pk,
        "notify_legal_statistics",
        user=executor,
        data={"planned_inspection_at": "2025-03-13T16:00"},
    )
    assert app.state == "stats_notified"
    clock.set(d(13, 15, 59))  # the inspection cannot take place before the day has passed
    refused(app, GuardFailed, "inspect", executor, {"findings": "Сәйкес."})
    clock.set(d(13, 16))
    assert (
        perform_transition(app.pk, "inspect", user=executor, data={"findings": "Сәйкес."}).state
        == "inspected"
    )


def test_the_inspection_act_must_be_attached(run_path, users):
    app = run_path(PATHS_BY_KEY["s1-office"], until=5, check=False)
    assert app.state == "inspected"
    refused(app, GuardFailed, "submit_act", users[Role.EXECUTOR], {"act_number": "17"})
    refused(
        app,
        InvalidInput,
        "submit_act",
        users[Role.EXECUTOR],
        {},
        attachments=[{"name": "act.pdf", "sha256": "not-a-hash"}],
    )
    done = perform_transition(app.pk, "submit_act", user=users[Role.EXECUTOR], attachments=[doc("act.pdf")])
    assert done.documents[-1] == {**doc("act.pdf"), "transition": "submit_act"}
    assert audit.timeline(done)[-1].attachments == [doc("act.pdf")]


def test_completeness_needs_filed_documents_and_the_checklist(file, step, users):
    app = file("attestation", documents=[])
    app = step(app, "register", Role.OFFICE)
    app = step(app, "assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."})
    refused(app, InvalidInput, "confirm_complete", users[Role.EXECUTOR], {})
    refused(app, GuardFailed, "confirm_complete", users[Role.EXECUTOR], {"documents_complete": True})


def test_pickup_notice_only_for_portal_applications(run_path, users):
    app = run_path(PATHS_BY_KEY["s1-office"], until=7, check=False)
    assert app.state == "conclusion_compliant"
    refused(
        app,
        GuardFailed,
        "notify_pickup",
        users[Role.OFFICE],
        {"pickup_at": "2025-03-18T10:00", "pickup_place": "кеңсе"},
    )


def test_copy_steps_only_for_copy_kinds(file, step, users):
    app = step(file("animal_identification", "identify_with_passport"), "register", Role.EXECUTOR)
    refused(app, GuardFailed, "prepare_copy", users[Role.EXECUTOR])
    refused(app, GuardFailed, "await_tags", users[Role.EXECUTOR], {"tag_condition": "lost"})
    refused(app, GuardFailed, "schedule", users[Role.EXECUTOR], {"plan_date": "2025-03-11"})  # in the past


def test_an_individual_number_is_given_once(run_path, file, step, users, clock):
    run_path(PATHS_BY_KEY["s4-identify"], check=False)  # KZ770001 assigned
    clock.set(d(12))
    other = step(file("animal_identification", "identify_with_passport"), "register", Role.EXECUTOR)
    other = step(other, "schedule", Role.EXECUTOR, {"plan_date": "2025-03-20"})
    clock.set(d(20, 12))
    refused(
        other,
        GuardFailed,
        "identify",
        users[Role.EXECUTOR],
        {**DATA["identify"], "animal_number": "KZ770001"},
    )


def test_reidentification_gives_a_new_number_and_retires_the_old(run_path, users):
    app = run_path(PATHS_BY_KEY["s4-lost-tag"], check=False)
    assert app.result_number == "KZ770099"
    assert app.details["retired_animal_number"] == "KZ0003"
    lost = run_path(PATHS_BY_KEY["s4-lost-tag"], until=3, check=False)
    refused(
        lost,
        GuardFailed,
        "reidentify",
        users[Role.EXECUTOR],
        {**DATA["reidentify"], "animal_number": "KZ0003"},
    )


def test_licence_through_the_portal_needs_the_payment(file, users):
    app = file("licence", "issue", channel="portal")
    refused(app, GuardFailed, "register", users[Role.OFFICE])
    # A typed reference is not a payment (issue 14): the gateway's confirmed Payment is (test_payments.py).
    typed = file(
        "licence", "issue", channel="portal", data={**filing_data("licence"), "payment_reference": "PAY-123"}
    )
    refused(typed, GuardFailed, "register", users[Role.OFFICE])
    ensure_demo_payments(Application.objects.filter(pk=typed.pk))
    assert perform_transition(typed.pk, "register", user=users[Role.OFFICE]).state == "registered"


def test_portal_refusal_messages_are_per_service(file, users):
    app = file("vet_certificate", channel="portal")
    refused(app, InvalidInput, "reject_at_portal", users[Role.PORTAL], {"message": "payment_missing"})
    office = file("vet_certificate")
    refused(office, GuardFailed, "reject_at_portal", users[Role.PORTAL], {"message": "auth_refused"})
    done = perform_transition(
        app.pk, "reject_at_portal", user=users[Role.PORTAL], data={"message": "auth_refused"}
    )
    assert (done.state, done.portal_refusal, done.closed_at) == ("portal_rejected", "auth_refused", d(12))


# -- attestation waiting periods ----------------------------------------------------------------------------


def test_attestation_retest_only_six_months_after_a_failed_test(run_path, file, step, users, clock):
    failed = run_path(PATHS_BY_KEY["s5-failed-test"], check=False)  # tested 19 March 2025
    assert failed.decision == "not_attested" and failed.details["test_failed"] is True
    clock.set(d(20))
    again = file("attestation")
    for name, role, data in (
        ("register", Role.OFFICE, {}),
        ("assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."}),
        ("confirm_complete", Role.EXECUTOR, {"documents_complete": True}),
        ("send_to_commission", Role.EXECUTOR, {}),
    ):
        again = step(again, name, role, data)
    schedule = {"attestation_place": "Тараз"}
    with translation.override("en"):
        error = refused(
            again,
            GuardFailed,
            "schedule",
            users[Role.COMMISSION],
            {**schedule, "attestation_date": "2025-09-18"},
        )
    assert "six months" in error.message and "2025-09-19" in error.message
    again = step(again, "schedule", Role.COMMISSION, {**schedule, "attestation_date": "2025-09-19"})
    assert again.state == "scheduled" and again.due_at == at(2025, 9, 19, 18, 30)


def test_attestation_again_only_a_year_after_not_attested(run_path, file, step, users, clock):
    path = PATHS_BY_KEY["s5-attested"]
    first = run_path(path, until=len(path.steps) - 2, check=False)  # at the interview, 19 March
    first = step(first, "decide", Role.COMMISSION, {**DATA["decide"], "decision": "not_attested"})
    clock.set(d(19, 12, 10))
    first = step(first, "deliver", Role.OFFICE)  # the result is received on 19 March 2025
    clock.set(d(1, month=4))
    again = file("attestation")
    for name, role, data in (
        ("register", Role.OFFICE, {}),
        ("assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."}),
        ("confirm_complete", Role.EXECUTOR, {"documents_complete": True}),
        ("send_to_commission", Role.EXECUTOR, {}),
    ):
        again = step(again, name, role, data)
    with translation.override("en"):
        error = refused(
            again,
            GuardFailed,
            "schedule",
            users[Role.COMMISSION],
            {"attestation_place": "Тараз", "attestation_date": "2026-03-18"},
        )
    assert "one year" in error.message


def test_testing_cannot_start_before_the_scheduled_day(run_path, users, clock):
    app = run_path(PATHS_BY_KEY["s5-attested"], until=5, check=False)
    assert app.state == "scheduled"
    clock.set(d(18, 17))
    refused(app, GuardFailed, "start_testing", users[Role.COMMISSION])


def test_reinterview_only_after_a_month_and_only_when_ordered(run_path, users, clock):
    path = PATHS_BY_KEY["s5-reinterview"]
    app = run_path(path, until=8, check=False)
    assert (app.state, app.decision, app.due_at) == ("decided", "re_attestation", None)
    clock.set(d(18, 17, month=4))
    refused(app, GuardFailed, "reinterview", users[Role.COMMISSION])
    attested = run_path(PATHS_BY_KEY["s5-attested"], until=8, check=False)
    clock.set(d(21, 10, month=4))
    refused(attested, GuardFailed, "reinterview", users[Role.COMMISSION])


# -- permissions beyond the role ----------------------------------------------------------------------------


def test_only_the_assigned_executor_does_the_executor_steps(file, step, users, django_user_model, home_unit):
    other = make_user(django_user_model, "second_executor", Role.EXECUTOR, unit=home_unit)
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    app = step(app, "assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."})
    refused(app, PermissionDenied, "confirm_complete", other, {"documents_complete": True})
    assert [t.name for t in available_transitions(app, other)] == []
    assert {t.name for t in available_transitions(app, users[Role.EXECUTOR])} == {
        "confirm_complete",
        "refuse_incomplete",
    }
    assert {t.name for t in available_transitions(app, users[Role.HEAD])} == {"refuse_incomplete"}


def test_inactive_or_anonymous_users_can_do_nothing(file, users):
    from django.contrib.auth.models import AnonymousUser

    app = file("vet_certificate")
    clerk = users[Role.EXECUTOR]
    clerk.is_active = False
    clerk.save()
    clerk = type(clerk).objects.get(pk=clerk.pk)
    refused(app, PermissionDenied, "register", clerk)
    refused(app, PermissionDenied, "register", AnonymousUser())


# -- what the UI is offered ---------------------------------------------------------------------------------


def test_available_transitions_describe_their_fields(file, step, users):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    with translation.override("en"):
        (assign,) = available_transitions(app, users[Role.HEAD])
    assert (assign.name, assign.label, assign.target) == ("assign", "Assign an executor", "assigned")
    fields = {f.name: f for f in assign.fields}
    assert fields["executor"].kind == "choice" and fields["executor"].required
    assert fields["executor"].choices == ((str(users[Role.EXECUTOR].pk), "Executor Тест"),)
    assert fields["resolution_text"].kind == "textarea" and not fields["comment"].required
    assert available_transitions(app, users[Role.OFFICE]) == []


def test_kind_conditions_filter_what_is_offered(file, step, users):
    main = step(file("animal_identification", "identify_with_passport"), "register", Role.EXECUTOR)
    copy = step(file("animal_identification", "duplicate_passport"), "register", Role.EXECUTOR)
    executor = users[Role.EXECUTOR]
    assert {t.name for t in available_transitions(main, executor)} == {"schedule", "refuse"}
    assert {t.name for t in available_transitions(copy, executor)} == {"prepare_copy", "refuse"}


# -- stale state ---------------------------------------------------------------------------------------------


def test_a_transition_on_a_state_the_user_no_longer_sees_is_a_conflict(file, step, users):
    app = file("vet_certificate")
    step(app, "register", Role.EXECUTOR)
    with translation.override("en"):
        error = refused(
            app, Conflict, "refuse", users[Role.EXECUTOR], {"reason": "x"}, expected_state="submitted"
        )
        assert "same time" in error.message
        assert error.as_dict()["code"] == "conflict"


# -- the audit rows -----------------------------------------------------------------------------------------


def test_every_transition_appends_one_audit_row(run_path, users):
    path = PATHS_BY_KEY["s6-issue-refused"]
    app = run_path(path, check=False)
    rows = audit.timeline(app)
    assert [r.transition for r in rows] == ["file", *[s.name for s in path.steps]]
    assert all(r.to_state == nxt.from_state for r, nxt in zip(rows, rows[1:], strict=False))
    refusal = rows[[r.transition for r in rows].index("draft_refusal")]
    assert refusal.reason == "Біліктілік талаптарына сәйкес емес."
    assert refusal.data["input"] == {"ground": "p10-2"}
    assert refusal.actor == users[Role.EXECUTOR] and refusal.actor_name == "Executor Тест"
    assign = rows[2]
    assert assign.data["input"]["executor"] == {"id": users[Role.EXECUTOR].pk, "name": "Executor Тест"}
    assert (app.refusal_reason, app.refusal_ground) == ("Біліктілік талаптарына сәйкес емес.", "p10-2")
    assert audit_verify.verify_chain() == []


def test_a_result_calls_the_certificates_hook_inside_the_transaction(run_path, monkeypatch, users):
    from records import services

    seen = []
    monkeypatch.setattr(services, "on_result_issued", lambda app, by: seen.append((app.pk, app.state, by)))
    app = run_path(PATHS_BY_KEY["s2-office"], check=False)
    assert seen == [(app.pk, "issued", users[Role.EXECUTOR])]

    def failing(app, by):
        raise RuntimeError("PDF could not be written")

    monkeypatch.setattr(services, "on_result_issued", failing)
    path = PATHS_BY_KEY["s2-refused"]
    app = run_path(path, until=2, check=False)
    with pytest.raises(RuntimeError):
        refusal = {"reason": "x", "ground": "p10", "refusal_signed_by": users[Role.HEAD].pk}
        perform_transition(app.pk, "refuse", user=users[Role.EXECUTOR], data=refusal)
    assert Application.objects.get(pk=app.pk).state == "examined"
    assert audit.timeline(app)[-1].transition == "examine"


def test_clock_moves_for_dates_in_data(file, step, clock):
    app = step(file("animal_identification", "reidentify_lost_tag"), "register", Role.EXECUTOR)
    app = step(app, "await_tags", Role.EXECUTOR, {"tag_condition": "damaged"})
    tomorrow = (clock() + timedelta(days=1)).date().isoformat()
    with pytest.raises(GuardFailed):
        step(app, "receive_tags", Role.EXECUTOR, {"tags_received_on": tomorrow})


def test_what_the_filing_form_offers(db):
    from records.services import filing_fields, service_kinds

    with translation.override("en"):
        kinds = service_kinds("animal_identification")
        assert kinds[0] == ("identify_with_passport", "Identification with a veterinary passport")
        assert [code for code, _label in kinds] == [
            "identify_with_passport",
            "duplicate_passport",
            "passport_extract",
            "reidentify_lost_tag",
        ]
        assert service_kinds("attestation") == [("", "Attestation in veterinary medicine")]
        fields = {f.name: f for f in filing_fields("vet_certificate")}
    assert fields["subject"].kind == "choice" and fields["subject"].required
    assert [value for value, _label in fields["subject"].choices] == ["animal", "products"]
    assert not fields["destination"].required


def test_the_state_field_is_protected(file, run_path):
    app = file("vet_certificate")
    with pytest.raises(AttributeError):
        app.state = "issued"
    licence = run_path(PATHS_BY_KEY["s6-issue"], check=False).issued_licences.get()
    with pytest.raises(AttributeError):
        licence.state = "superseded"
    assert Application.objects.get(pk=app.pk).state == "submitted"
