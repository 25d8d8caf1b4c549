"""Deadlines: every step's limit, read from the application's service definition (the published procedure),
against DOMAIN §3.9 written out by hand; the due times of whole paths; the calendar edge cases."""

from __future__ import annotations

import pytest

from catalogue.roles import Role
from records.applications import SERVICE_MODELS, Application
from records.definitions import current_definition
from records.states import TERMINAL_STATES

from .conftest import at
from .paths import PATHS, d

M, H, WD, SAME, EXT = "minutes", "hours", "working_days", "same_day", "external"
NONE = None  # the state waits for someone else (plan, tags, commission, applicant): no running limit

# DOMAIN §3.9 per state: (state, step whose limit runs, kind, value).
_S3 = [
    ("submitted", "register", M, 30),
    ("registered", "assign", WD, 1),
    ("assigned", "confirm_complete", WD, 1),
    # 3 wd for the oblast step (§3.9 "3 wd (oblast)"), counted from the complete set
    ("complete", "assign_number", WD, 3),
    ("at_oblast_inspection", "assign_number", WD, 3),
    ("number_assigned", "assign_number", WD, 3),
    ("confirmation_received", "issue_confirmation", WD, 1),
    ("confirmation_issued", "hand_over", M, 30),
]
_S4_EDGES = [
    ("submitted", "register", M, 15),
    ("identified", "hand_over", M, 15),
    ("document_ready", "hand_over", M, 15),
]
_S4_COPY = [*_S4_EDGES, ("registered", "prepare_copy", SAME, None)]
_S6_TAIL = [
    ("submitted", "register", M, 30),
    ("signed", "hand_over", M, 30),
    ("refusal_signed", "hand_over", M, 30),
]
SLA = {
    ("vet_sanitary_conclusion", ""): [
        ("submitted", "register", M, 30),
        ("registered", "assign", WD, 1),
        ("assigned", "confirm_complete", SAME, None),
        ("complete", "inspect_block", WD, 3),
        ("stats_notified", "inspect_block", WD, 3),
        ("inspected", "inspect_block", WD, 3),
        ("act_submitted", "decide", WD, 1),
        ("conclusion_compliant", "hand_over", M, 30),
        ("conclusion_noncompliant", "hand_over", M, 30),
        ("notified_for_pickup", NONE, None, None),
    ],
    ("vet_certificate", ""): [
        ("submitted", "register", M, 15),
        ("registered", "examine", SAME, None),
        ("examined", "issue_certificate", M, 15),
    ],
    ("registration_number", "assign"): _S3,
    ("registration_number", "reregister_name_or_form"): _S3,
    ("registration_number", "confirm_slaughter_site"): _S3,
    ("animal_identification", "identify_with_passport"): [
        *_S4_EDGES,
        ("registered", NONE, None, None),
        ("scheduled_per_plan", "identify", EXT, None),
    ],
    ("animal_identification", "reidentify_lost_tag"): [
        *_S4_EDGES,
        ("registered", NONE, None, None),
        ("awaiting_tags", NONE, None, None),
        ("tags_received", "reidentify", WD, 2),
    ],
    ("animal_identification", "duplicate_passport"): _S4_COPY,
    ("animal_identification", "passport_extract"): _S4_COPY,
    ("attestation", ""): [
        ("submitted", "register", M, 30),
        ("registered", "assign", M, 30),
        ("assigned", "confirm_complete", SAME, None),
        ("complete", NONE, None, None),
        ("with_commission", NONE, None, None),
        # the attestation day (≤ 1 wd): the scheduled date is the due date, kept through both stages
        ("scheduled", "decide", WD, 1),
        ("testing", "decide", WD, 1),
        ("interview", "decide", WD, 1),
        ("decided", "deliver", M, 30),
    ],
    ("licence", "issue"): [
        *_S6_TAIL,
        ("registered", "assign", WD, 1),
        ("assigned", "accept_complete", WD, 1),
        ("under_review", "draft_license", WD, 10),
        ("draft_ready", "sign", WD, 1),
        ("refusal_drafted", "sign", WD, 1),
    ],
    ("licence", "reissue"): [
        *_S6_TAIL,
        ("registered", "assign", H, 2),
        ("assigned", "draft_reissue", WD, 1),
        ("draft_ready", "sign", WD, 1),
        ("refusal_drafted", "sign", WD, 1),
    ],
    ("licence", "duplicate"): [
        *_S6_TAIL,
        ("registered", "assign", H, 4),
        ("assigned", "draft_duplicate", WD, 1),
        ("draft_ready", "sign", H, 2),
        ("refusal_drafted", "sign", H, 2),
    ],
}


def _unsaved(service: str, subcase: str, definition) -> Application:
    return SERVICE_MODELS[service](service=service, subcase=subcase, definition=definition)


@pytest.mark.parametrize(("service", "subcase"), list(SLA), ids=lambda v: v or "main")
def test_every_state_runs_the_limit_of_domain_3_9(db, service, subcase):
    definition = current_definition(service)  # from the (seeded) published procedure
    expected = {state: (code, kind, value) for state, code, kind, value in SLA[(service, subcase)]}
    specs = SERVICE_MODELS[service].transition_specs().values()
    states = {s for spec in specs for s in (*spec.sources, spec.target)}
    assert set(expected) <= states
    for state in sorted(states & (set(expected) | TERMINAL_STATES)):  # other kinds' branches are unreachable
        step = _unsaved(service, subcase, definition).running_step(state)
        code, kind, value = expected.get(state, (NONE, None, None))
        if state in TERMINAL_STATES or code is None:
            assert step is None, state
        else:
            assert (step.code, step.limit_kind, step.limit_value) == (code, kind, value), state


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.key)
def test_due_times_along_each_path(run_path, path):
    """Each step at a given time → the state and due time written in the table (tests/records/paths.py)."""
    app = run_path(path)
    assert app.state in TERMINAL_STATES and app.due_at is None and app.closed_at is not None


def test_a_step_filed_after_closing_time_starts_at_the_next_opening(file, clock):
    clock.set(at(2025, 3, 12, 18, 20))  # 10 minutes of working time left on Wednesday
    app = file("vet_certificate")
    assert app.due_at == at(2025, 3, 13, 9, 5)


def test_a_step_filed_on_a_holiday_starts_on_the_next_working_day(file, clock):
    clock.set(at(2025, 3, 10, 11, 0))  # Monday 10 March 2025: the day off for 8 March
    app = file("vet_certificate")
    assert app.due_at == at(2025, 3, 11, 9, 15)


def test_a_plan_date_on_a_day_off_moves_to_the_next_working_day(file, step, clock):
    app = file("animal_identification", "identify_with_passport")
    app = step(app, "register", Role.EXECUTOR)
    app = step(app, "schedule", Role.EXECUTOR, {"plan_date": "2025-03-22"})  # Nauryz, days off 21-25 March
    assert app.due_at == d(26, 18, 30)


def test_same_day_counts_from_the_receipt_of_the_application(file, step, users, clock):
    app = file("vet_sanitary_conclusion")
    app = step(app, "register", Role.OFFICE)
    clock.set(d(13, 11))  # the head's resolution comes the next day (within its 1 wd)
    app = step(app, "assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."})
    assert app.due_at == d(12, 18, 30)  # "on the day the application is received" (DOMAIN §6 item 6)
    assert app.deadline_status(clock()) == "overdue"


def test_same_day_from_the_step_when_configured(file, step, users, clock, settings):
    settings.RECORDS_SAME_DAY_FROM = "step"
    app = file("vet_sanitary_conclusion")
    app = step(app, "register", Role.OFFICE)
    clock.set(d(13, 11))
    app = step(app, "assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."})
    assert app.due_at == d(13, 18, 30)


def test_overdue_and_due_today_lists(file, step, clock):
    first = file("vet_certificate")  # due 10:15
    clock.set(d(12, 10, 20))
    second = file("vet_certificate")  # due 10:35
    clock.set(d(12, 11))
    third = file("attestation")  # due 11:30
    now = d(12, 10, 40)
    assert set(Application.objects.overdue(now)) == {first, second}
    assert set(Application.objects.due_today(now)) == {third}
    statuses = dict(Application.objects.with_deadline_status(now).values_list("pk", "deadline_status"))
    assert statuses[first.pk] == "overdue" and statuses[third.pk] == "due_today"
    assert third.deadline_status(now) == "due_today" and first.deadline_status(now) == "overdue"
    clock.set(d(12, 18, 20))
    registered = step(third, "register", Role.OFFICE)  # 18:20 + 30 min of working time: tomorrow 09:20
    assert registered.due_at == d(13, 9, 20)
    assert registered.deadline_status(d(12, 18, 25)) == "ok"
    assert not Application.objects.due_today(d(12, 18, 25)).filter(pk=third.pk).exists()


def test_terminal_applications_are_never_overdue(file, step, clock):
    app = file("vet_certificate", channel="portal")
    clock.set(d(12, 10, 5))
    app = step(app, "reject_at_portal", Role.PORTAL, {"message": "signature_refused"})
    assert app.due_at is None
    assert not Application.objects.overdue(d(20)).filter(pk=app.pk).exists()
    assert Application.objects.with_deadline_status(d(20)).get(pk=app.pk).deadline_status == ""
