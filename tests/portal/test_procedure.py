"""The procedure data of act 003's six services: limits against DOMAIN §3.9, texts against the act, the
StreamField round trip, the transition lookup used by the state machines, and the live-page override."""

from __future__ import annotations

import re

import pytest
from wagtail import blocks
from wagtail.models import Page

import catalogue
import catalogue.attestation
import catalogue.vet_sanitary_conclusion
from catalogue.roles import Role
from portal import procedure as proc

M, H, WD, SAME, EXT = "minutes", "hours", "working_days", "same_day", "external"

# DOMAIN §3.9 (SLA quick reference) and §2.4–§2.9, written out by hand: (code, kind, value) per step.
RE_MAIN = [
    ("register", M, 30),
    ("assign", WD, 1),
    ("confirm_complete", WD, 1),
    ("assign_number", WD, 3),
    ("issue_confirmation", WD, 1),
    ("hand_over", M, 30),
]
EXPECTED = {
    "vet_sanitary_conclusion": {
        "": [
            ("register", M, 30),
            ("assign", WD, 1),
            ("confirm_complete", SAME, None),
            ("inspect_block", WD, 3),
            ("decide", WD, 1),
            ("hand_over", M, 30),
        ],
        "incomplete": [("refuse_incomplete", SAME, None)],
    },
    "vet_certificate": {
        "": [("register", M, 15), ("examine", SAME, None), ("issue_certificate", M, 15)],
        "incomplete": [("refuse", M, 15)],
    },
    "registration_number": {
        "": RE_MAIN,
        "incomplete": [("refuse_incomplete", WD, 1)],
        "reregistration": RE_MAIN,
    },
    "animal_identification": {
        "": [("register", M, 15), ("identify", EXT, None), ("hand_over", M, 15)],
        "lost_tag": [("register", M, 15), ("reidentify", WD, 2), ("hand_over", M, 15)],
        "copy": [("register", M, 15), ("prepare_copy", SAME, None), ("hand_over", M, 15)],
    },
    "attestation": {
        "": [
            ("register", M, 30),
            ("assign", M, 30),
            ("confirm_complete", SAME, None),
            ("decide", WD, 1),
            ("deliver", M, 30),
        ],
    },
    "licence": {
        "issue": [
            ("register", M, 30),
            ("assign", WD, 1),
            ("accept_complete", WD, 1),
            ("draft_license", WD, 10),
            ("sign", WD, 1),
            ("hand_over", M, 30),
        ],
        "reissue": [
            ("register", M, 30),
            ("assign", H, 2),
            ("draft_reissue", WD, 1),
            ("sign", WD, 1),
            ("hand_over", M, 30),
        ],
        "duplicate": [
            ("register", M, 30),
            ("assign", H, 4),
            ("draft_duplicate", WD, 1),
            ("sign", H, 2),
            ("hand_over", M, 30),
        ],
    },
}

SERVICE_CODES = [
    "vet_sanitary_conclusion",
    "vet_certificate",
    "registration_number",
    "animal_identification",
    "attestation",
    "licence",
]


def test_services_are_the_six_regulations_in_order():
    assert list(catalogue.SERVICES) == SERVICE_CODES
    assert catalogue.SERVICE_BY_DOCUMENT_SEQ == dict(enumerate(SERVICE_CODES, start=1))
    assert [code for code, _label in catalogue.SERVICE_CHOICES] == SERVICE_CODES
    assert [info.document_seq for info in catalogue.SERVICES.values()] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_every_step_limit_matches_domain_sla_table(service):
    actual = {
        subcase: [(s.code, s.limit_kind, s.limit_value) for s in group]
        for subcase, group in catalogue.group_by_subcase(list(catalogue.service(service).steps))
    }
    assert actual == EXPECTED[service]


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_orders_are_consecutive_in_full_lists(service):
    for subcase, group in catalogue.group_by_subcase(list(catalogue.service(service).steps)):
        orders = [s.order for s in group]
        if subcase == "incomplete":  # a branch keeps the number of the step it replaces
            assert all(o >= 1 for o in orders)
        else:
            assert orders == list(range(1, len(group) + 1))


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_codes_unique_per_service_and_subcase(service):
    keys = [(s.subcase, s.code) for s in list(catalogue.service(service).steps)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_subcases_declared_on_the_service(service):
    present = [
        subcase for subcase, _group in catalogue.group_by_subcase(list(catalogue.service(service).steps))
    ]
    assert present == list(catalogue.SERVICES[service].subcases)
    valid = {code for code, _label in catalogue.SUBCASE_CHOICES}
    assert set(present) <= valid


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_actors_are_roles(service):
    roles = {role.value for role in Role}
    choices = {code for code, _label in catalogue.steps.ACTOR_CHOICES}
    for step in list(catalogue.service(service).steps):
        assert step.actor in roles and step.actor in choices


def test_actors_named_in_the_act_for_the_special_units():
    oblast = [s for s in list(catalogue.service("registration_number").steps) if s.code == "assign_number"]
    assert {s.actor for s in oblast} == {Role.OBLAST_INSPECTION.value}
    assert "инспекция бөлімі" in oblast[0].actor_label
    decide = next(s for s in list(catalogue.service("attestation").steps) if s.code == "decide")
    assert (decide.actor, decide.actor_label) == (Role.COMMISSION.value, "комиссия")


UNITS = {M: "минут", H: "сағат", WD: "жұмыс күн"}


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_printed_limit_states_the_same_number_and_unit(service):
    for step in list(catalogue.service(service).steps):
        if step.limit_kind in UNITS:
            assert re.search(rf"(^|\D){step.limit_value}\s*\(", step.limit_text), step
            assert UNITS[step.limit_kind] in step.limit_text, step
        else:
            assert step.limit_value is None


def _squash(text: str) -> str:
    """Whitespace-free, homoglyph-folded text, so wrapped lines of the act compare with joined ones."""
    text = re.sub(
        r"\S+",
        lambda m: m.group(0).translate(_HOMOGLYPHS) if _CYRILLIC.search(m.group(0)) else m.group(0),
        text,
    )
    return re.sub(r"\s+", "", text).replace("қызметтебрушінің", "қызметберушінің")


_CYRILLIC = re.compile("[а-яәғқңөұүһі]", re.IGNORECASE)
_HOMOGLYPHS = str.maketrans({"i": "і", "c": "с", "a": "а", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у"})


@pytest.fixture(scope="module")
def act_003_text(act_003_path) -> str:
    return _squash(act_003_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_actions_and_limits_are_the_acts_own_words(service, act_003_text):
    for step in list(catalogue.service(service).steps):
        if not step.point_anchor:  # a policy assumption, not printed in the act
            assert (step.subcase, step.code) in catalogue.service(service).policy_assumptions
            continue
        assert step.point_anchor.startswith(f"d{catalogue.SERVICES[service].document_seq}-p")
        assert _squash(step.action) in act_003_text, step.code
        assert _squash(step.actor_label) in act_003_text, step.actor_label
        if "-p5" in step.point_anchor:  # point 5 prints the limit inside the step's own text
            assert _squash(step.limit_text) in _squash(step.action), step.code


def test_attestation_waiting_periods_are_data_with_their_source(act_003_text):
    periods = catalogue.attestation.WAITING_PERIODS
    assert {k: p.months for k, p in periods.items()} == {"retest": 6, "reinterview": 1, "reattestation": 12}
    for period in periods.values():
        assert period.point_anchor == "d5-p5-s4"
        assert _squash(period.text) in act_003_text
    assert "алты ай" in periods["retest"].text and "бір ай" in periods["reinterview"].text
    assert "бір жыл" in periods["reattestation"].text


def test_statistics_notice_one_day_before_inspection(act_003_text):
    assert catalogue.vet_sanitary_conclusion.STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION == 1
    text, anchor = catalogue.vet_sanitary_conclusion.STATISTICS_NOTICE_SOURCE
    assert anchor == "d1-p5-s4" and _squash(text) in act_003_text
    block = next(
        s for s in list(catalogue.service("vet_sanitary_conclusion").steps) if s.code == "inspect_block"
    )
    assert "статистика органдарына хабарлайды" in block.action


# -- StreamField round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_stream_round_trip(service):
    raw = proc.default_procedure(service)
    assert all(item["type"] == "step" for item in raw)
    assert catalogue.steps.steps_from_stream(raw) == list(catalogue.service(service).steps)
    assert proc.default_procedure(service) == raw  # deterministic, block ids included
    assert len({item["id"] for item in raw}) == len(raw)


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_seed_data_passes_wagtail_block_validation(service):
    stream_block = blocks.StreamBlock(proc.PROCEDURE_BLOCKS)
    value = stream_block.to_python(proc.default_procedure(service))
    cleaned = stream_block.clean(value)
    assert catalogue.steps.steps_from_stream(stream_block.get_prep_value(cleaned)) == list(
        catalogue.service(service).steps
    )


def _step_value(**changes):
    value = proc.default_procedure("vet_certificate")[0]["value"]
    value.update(changes)
    return value


def test_block_requires_a_number_for_counted_limits():
    block = proc.ProcedureStepBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python(_step_value(limit_value=None)))
    assert "limit_value" in error.value.block_errors


def test_block_refuses_a_number_for_same_day_limits():
    block = proc.ProcedureStepBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python(_step_value(limit_kind="same_day", limit_value=3)))
    assert "limit_value" in error.value.block_errors


def test_steps_from_stream_skips_other_blocks_and_coerces_numbers():
    raw = [
        {"type": "paragraph", "value": "x"},
        {"type": "step", "value": _step_value(order="2", limit_value="45", subcase=None, point_anchor=None)},
    ]
    [step] = catalogue.steps.steps_from_stream(raw)
    assert (step.order, step.limit_value, step.subcase, step.point_anchor) == (2, 45, "", "")


def test_steps_from_stream_rejects_incomplete_steps():
    with pytest.raises(ValueError, match="limit_text"):
        catalogue.steps.steps_from_stream([{"type": "step", "value": _step_value(limit_text="")}])
    with pytest.raises(ValueError, match="whole number"):
        catalogue.steps.steps_from_stream([{"type": "step", "value": _step_value(limit_value="soon")}])


def test_unknown_service_is_an_error():
    with pytest.raises(ValueError, match="Unknown service"):
        proc.default_procedure("passport")


# -- transition lookup (DOMAIN §3.3–§3.8) --------------------------------------------------------------------

TRANSITIONS = [
    # service, sub-case, transition, expected (kind, value)
    ("vet_sanitary_conclusion", "", "register", (M, 30)),
    ("vet_sanitary_conclusion", "", "assign", (WD, 1)),
    ("vet_sanitary_conclusion", "", "confirm_complete", (SAME, None)),
    ("vet_sanitary_conclusion", "", "refuse_incomplete", (SAME, None)),
    ("vet_sanitary_conclusion", "", "notify_legal_statistics", (WD, 3)),
    ("vet_sanitary_conclusion", "", "inspect", (WD, 3)),
    ("vet_sanitary_conclusion", "", "submit_act", (WD, 3)),
    ("vet_sanitary_conclusion", "", "decide_compliant", (WD, 1)),
    ("vet_sanitary_conclusion", "", "decide_noncompliant", (WD, 1)),
    ("vet_sanitary_conclusion", "", "notify_pickup", (M, 30)),
    ("vet_sanitary_conclusion", "", "hand_over", (M, 30)),
    ("vet_certificate", "", "register", (M, 15)),
    ("vet_certificate", "", "examine", (SAME, None)),
    ("vet_certificate", "", "issue_certificate", (M, 15)),
    ("vet_certificate", "", "refuse", (M, 15)),
    ("registration_number", "", "register", (M, 30)),
    ("registration_number", "", "assign", (WD, 1)),
    ("registration_number", "", "confirm_complete", (WD, 1)),
    ("registration_number", "", "refuse_incomplete", (WD, 1)),
    ("registration_number", "", "forward_to_oblast", (WD, 3)),
    ("registration_number", "", "assign_number", (WD, 3)),
    ("registration_number", "", "send_confirmation", (WD, 3)),
    ("registration_number", "", "refuse", (WD, 3)),
    ("registration_number", "", "issue_confirmation", (WD, 1)),
    ("registration_number", "", "hand_over", (M, 30)),
    ("registration_number", "reregistration", "confirm_complete", (WD, 1)),
    ("registration_number", "reregistration", "refuse_incomplete", (WD, 1)),
    ("registration_number", "reregistration", "hand_over", (M, 30)),
    ("animal_identification", "", "register", (M, 15)),
    ("animal_identification", "", "identify", (EXT, None)),
    ("animal_identification", "", "hand_over", (M, 15)),
    ("animal_identification", "lost_tag", "reidentify", (WD, 2)),
    ("animal_identification", "lost_tag", "hand_over", (M, 15)),
    ("animal_identification", "copy", "prepare_copy", (SAME, None)),
    ("animal_identification", "copy", "hand_over", (M, 15)),
    ("attestation", "", "register", (M, 30)),
    ("attestation", "", "assign", (M, 30)),
    ("attestation", "", "confirm_complete", (SAME, None)),
    ("attestation", "", "start_testing", (WD, 1)),
    ("attestation", "", "pass_test", (WD, 1)),
    ("attestation", "", "fail_test", (WD, 1)),
    ("attestation", "", "decide", (WD, 1)),
    ("attestation", "", "deliver", (M, 30)),
    ("licence", "issue", "register", (M, 30)),
    ("licence", "issue", "assign", (WD, 1)),
    ("licence", "issue", "accept_complete", (WD, 1)),
    ("licence", "issue", "draft_refusal", (WD, 1)),
    ("licence", "issue", "draft_license", (WD, 10)),
    ("licence", "issue", "sign", (WD, 1)),
    ("licence", "issue", "sign_refusal", (WD, 1)),
    ("licence", "issue", "hand_over", (M, 30)),
    ("licence", "issue", "hand_over_refusal", (M, 30)),
    ("licence", "reissue", "assign", (H, 2)),
    ("licence", "reissue", "draft_reissue", (WD, 1)),
    ("licence", "reissue", "draft_refusal", (WD, 1)),
    ("licence", "reissue", "sign", (WD, 1)),
    ("licence", "reissue", "sign_refusal", (WD, 1)),
    ("licence", "duplicate", "assign", (H, 4)),
    ("licence", "duplicate", "draft_duplicate", (WD, 1)),
    ("licence", "duplicate", "draft_refusal", (WD, 1)),
    ("licence", "duplicate", "sign", (H, 2)),
    ("licence", "duplicate", "sign_refusal", (H, 2)),
    ("licence", "duplicate", "hand_over_refusal", (M, 30)),
]


@pytest.mark.parametrize(("service", "subcase", "transition", "expected"), TRANSITIONS)
def test_every_timed_transition_finds_its_limit(service, subcase, transition, expected):
    step = catalogue.service(service).find_step(list(catalogue.service(service).steps), transition, subcase)
    assert step is not None
    assert (step.limit_kind, step.limit_value) == expected


def test_untimed_or_unknown_transitions_find_nothing():
    steps = list(catalogue.service("licence").steps)
    assert catalogue.service("licence").find_step(steps, "withdraw", "issue") is None
    assert catalogue.service("licence").find_step(steps, "draft_license", "reissue") is None


def test_application_kinds_map_to_existing_subcases():
    for service, info in catalogue.SERVICES.items():
        kinds = info.kind_subcases
        assert set(kinds.values()) <= set(catalogue.SERVICES[service].subcases)


# -- the live regulation page is the source of truth -------------------------------------------------------


def _edited_procedure(service: str, code: str, minutes: int) -> list[dict]:
    raw = proc.default_procedure(service)
    for item in raw:
        if item["value"]["code"] == code:
            item["value"]["limit_value"] = minutes
            item["value"]["limit_text"] = f"{minutes} минут"
    return raw


@pytest.mark.django_db  # building a Page looks up its ContentType
def test_procedure_steps_reads_the_given_page():
    from portal.models import ApprovedDocumentPage

    page = ApprovedDocumentPage(
        title="t",
        document_kind="regulation",
        seq=2,
        service_code="vet_certificate",
        procedure=_edited_procedure("vet_certificate", "register", 20),
    )
    register = next(s for s in proc.procedure_steps("vet_certificate", page=page) if s.code == "register")
    assert (register.limit_value, register.limit_text) == (20, "20 минут")


@pytest.mark.django_db  # building a Page looks up its ContentType
def test_page_of_another_service_is_refused():
    from portal.models import ApprovedDocumentPage

    page = ApprovedDocumentPage(title="t", document_kind="regulation", seq=1, service_code="licence")
    with pytest.raises(ValueError, match="licence"):
        proc.procedure_steps("attestation", page=page)


@pytest.mark.django_db  # building a Page looks up its ContentType
def test_page_with_empty_procedure_falls_back_to_the_seed():
    from portal.models import ApprovedDocumentPage

    page = ApprovedDocumentPage(title="t", document_kind="regulation", seq=5, service_code="attestation")
    assert proc.procedure_steps("attestation", page=page) == list(catalogue.service("attestation").steps)


@pytest.mark.django_db
def test_without_a_published_page_the_seed_is_used():
    assert proc.procedure_steps("licence") == list(catalogue.service("licence").steps)


@pytest.mark.django_db
def test_published_page_overrides_the_seed_and_drafts_do_not():
    from portal.models import ApprovedDocumentPage

    root = Page.get_first_root_node()
    live = root.add_child(
        instance=ApprovedDocumentPage(
            title="Reg 2",
            slug="reg-2",
            document_kind="regulation",
            seq=2,
            service_code="vet_certificate",
            procedure=_edited_procedure("vet_certificate", "issue_certificate", 25),
        )
    )
    live.save_revision().publish()
    root.add_child(
        instance=ApprovedDocumentPage(
            title="Reg 2 draft",
            slug="reg-2-draft",
            document_kind="regulation",
            seq=2,
            live=False,
            service_code="vet_certificate",
            procedure=_edited_procedure("vet_certificate", "issue_certificate", 99),
        )
    )

    step = catalogue.service("vet_certificate").find_step(
        proc.procedure_steps("vet_certificate"), "issue_certificate"
    )
    assert (step.limit_value, step.limit_text) == (25, "25 минут")
    # other services still read their seed
    assert proc.procedure_steps("attestation") == list(catalogue.service("attestation").steps)


@pytest.mark.parametrize("service", SERVICE_CODES)
def test_kazakh_service_titles_are_printed_in_the_act(service, act_003_text):
    assert _squash(catalogue.SERVICES[service].title_kk) in act_003_text
