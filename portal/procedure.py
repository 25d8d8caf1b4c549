"""The procedure of the six state services of act 003 (Zhambyl akimat resolution No. 19 / reg. 3350) as data.

Each regulation's points 5 and 8 (point 7 in regulation 6) list the steps: who acts, what they do and the
longest time allowed.  That data (portal/procedure_data.py) seeds the `procedure` StreamField of every
regulation page (`ApprovedDocumentPage`); after import, the *published page* is the source of truth, so an
editor who fixes a limit through the moderated workflow changes the deadlines of future applications
(`procedure_steps`).

Kazakh actor and action texts are the act's own words, with only the extraction repairs of DOMAIN §5.3
(joined lines, Latin homoglyphs) applied; the original spelling is kept.  Step codes are the transition
names of the application state machines (DOMAIN §3.3–§3.8); where one printed step covers several
transitions (service 1's three-working-day inspection block, service 6's "licence *or* refusal" steps)
`TRANSITION_STEP_CODES` says which step's limit a transition uses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from catalogue.roles import ROLE_LABELS, Role

# -- choices -----------------------------------------------------------------------------------------------

SERVICE_CHOICES: list[tuple[str, Promise]] = [
    ("vet_sanitary_conclusion", _("Veterinary-sanitary conclusion")),
    ("vet_certificate", _("Veterinary certificate")),
    ("registration_number", _("Registration number of a production facility")),
    ("animal_identification", _("Identification of farm animals with a veterinary passport")),
    ("attestation", _("Attestation in veterinary medicine")),
    ("licence", _("Licence for activity in veterinary medicine")),
]

# Services 1..6 in the order the resolution approves them (its point 1, sub-points 1)–6)).
SERVICE_BY_DOCUMENT_SEQ: dict[int, str] = {seq: code for seq, (code, _label) in enumerate(SERVICE_CHOICES, 1)}

MAIN = ""  # the sub-case code of a service's main list of steps
SUBCASE_CHOICES: list[tuple[str, Promise]] = [
    (MAIN, _("Main procedure")),
    ("issue", _("Issue of a licence and/or an annex")),
    ("reissue", _("Re-issue of a licence")),
    ("duplicate", _("Duplicate of a licence")),
    ("reregistration", _("Re-registration of an accounting number")),
    ("lost_tag", _("Lost or damaged ear tag")),
    ("copy", _("Duplicate passport or extract")),
    ("incomplete", _("Refusal")),
]
SUBCASE_LABELS: dict[str, Promise] = dict(SUBCASE_CHOICES)

# Actor codes are the role codes, so a step's actor is also the role allowed to perform it.
_ACTOR_ROLES = (
    Role.OFFICE,
    Role.HEAD,
    Role.EXECUTOR,
    Role.STATE_VET_DOCTOR,
    Role.OBLAST_INSPECTION,
    Role.COMMISSION,
)
ACTOR_CHOICES: list[tuple[str, Promise]] = [(role.value, ROLE_LABELS[role]) for role in _ACTOR_ROLES]

LIMIT_KIND_CHOICES: list[tuple[str, Promise]] = [
    ("minutes", _("Minutes")),
    ("hours", _("Hours")),
    ("working_days", _("Working days")),
    ("same_day", _("Same day")),
    ("external", _("Date set elsewhere")),
]
# Kinds that need a number; "same_day" and "external" carry none.
VALUED_LIMIT_KINDS = frozenset({"minutes", "hours", "working_days"})


# -- the block ---------------------------------------------------------------------------------------------


class ProcedureStepBlock(blocks.StructBlock):
    """One step of a regulation's procedure: who, what, and the longest time allowed."""

    code = blocks.CharBlock(
        max_length=64,
        label=_("Step code"),
        help_text=_("Stable code used by the application workflow, e.g. register, assign, hand_over."),
    )
    order = blocks.IntegerBlock(min_value=1, label=_("Order"))
    subcase = blocks.ChoiceBlock(choices=SUBCASE_CHOICES, required=False, label=_("Sub-case"))
    actor = blocks.ChoiceBlock(choices=ACTOR_CHOICES, label=_("Actor"))
    actor_label = blocks.CharBlock(label=_("Actor as named in the act"))
    action = blocks.TextBlock(label=_("Action"))
    limit_kind = blocks.ChoiceBlock(choices=LIMIT_KIND_CHOICES, label=_("Kind of time limit"))
    limit_value = blocks.IntegerBlock(required=False, min_value=0, label=_("Time limit"))
    limit_text = blocks.CharBlock(label=_("Time limit as printed"))
    point_anchor = blocks.CharBlock(required=False, label=_("Anchor of the point"))

    class Meta:
        icon = "list-ol"
        label = _("Procedure step")
        form_classname = "struct-block procedure-step-block"

    def clean(self, value):
        value = super().clean(value)
        kind, amount = value.get("limit_kind"), value.get("limit_value")
        if kind in VALUED_LIMIT_KINDS and not amount:
            raise StructBlockValidationError(
                block_errors={
                    "limit_value": ValidationError(_("Enter the number of minutes, hours or working days.")),
                }
            )
        if kind not in VALUED_LIMIT_KINDS and amount is not None:
            raise StructBlockValidationError(
                block_errors={
                    "limit_value": ValidationError(
                        _("Leave this empty for a same-day or externally set limit.")
                    ),
                }
            )
        return value


PROCEDURE_BLOCKS = [("step", ProcedureStepBlock())]


# -- the plain value used by everything else ---------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureStep:
    code: str
    order: int
    subcase: str
    actor: str
    actor_label: str
    action: str
    limit_kind: str
    limit_value: int | None
    limit_text: str
    point_anchor: str

    @property
    def subcase_label(self) -> Promise:
        return SUBCASE_LABELS.get(self.subcase, self.subcase)

    def as_block_value(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "order": self.order,
            "subcase": self.subcase,
            "actor": self.actor,
            "actor_label": self.actor_label,
            "action": self.action,
            "limit_kind": self.limit_kind,
            "limit_value": self.limit_value,
            "limit_text": self.limit_text,
            "point_anchor": self.point_anchor,
        }


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    document_seq: int  # the regulation's place in act 003 (1..6)
    label: Promise  # English msgid, translated on display
    title_kk: str  # the regulation's service title, exactly as printed
    subcases: tuple[str, ...]  # sub-case codes in the order the regulation gives them
    portal: str  # "all" or "extracts_only" (service 4: only passport extracts go through the portal)


SERVICES: dict[str, ServiceInfo] = {
    info.code: info
    for info in (
        ServiceInfo(
            "vet_sanitary_conclusion",
            1,
            SERVICE_CHOICES[0][1],
            "Мемлекеттік ветеринариялық-санитариялық бақылау және қадағалау объектілеріне "
            "ветеринариялық-санитариялық қорытынды беру",
            (MAIN, "incomplete"),
            "all",
        ),
        ServiceInfo(
            "vet_certificate",
            2,
            SERVICE_CHOICES[1][1],
            "Ветеринариялық анықтама беру",
            (MAIN, "incomplete"),
            "all",
        ),
        ServiceInfo(
            "registration_number",
            3,
            SERVICE_CHOICES[2][1],
            "Жануарларды өсіруді, жануарларды союға дайындауды (союды), сақтауды, өңдеуді және сатуды "
            "жүзеге асыратын өндіріс объектілеріне, сондай-ақ ветеринариялық препараттарды, жем және "
            "жемазық қоспаларын өндіру, сақтау және сату бойынша өндіріс объектілеріне тіркеу нөмірлерін "
            "беру",
            (MAIN, "incomplete", "reregistration"),
            "all",
        ),
        ServiceInfo(
            "animal_identification",
            4,
            SERVICE_CHOICES[3][1],
            "Ауыл шаруашылығы жануарларын ветеринариялық паспорт бере отырып бірдейлендіруді жүргізу",
            (MAIN, "lost_tag", "copy"),
            "extracts_only",
        ),
        ServiceInfo(
            "attestation",
            5,
            SERVICE_CHOICES[4][1],
            "Ветеринария саласында кәсіпкерлік қызметті жүзеге асыратын жеке және заңды тұлғаларды "
            "аттестаттау",
            (MAIN,),
            "all",
        ),
        ServiceInfo(
            "licence",
            6,
            SERVICE_CHOICES[5][1],
            "Ветеринария саласындағы қызметпен айналысуға лицензия беру",
            ("issue", "reissue", "duplicate"),
            "all",
        ),
    )
}

# The `kind` of an application (DOMAIN §3.5, §3.6, §3.8) → the sub-case whose limits apply.
KIND_SUBCASES: dict[str, dict[str, str]] = {
    "registration_number": {
        "assign": MAIN,
        "reregister_name_or_form": "reregistration",
        "confirm_slaughter_site": "reregistration",
    },
    "animal_identification": {
        "identify_with_passport": MAIN,
        "duplicate_passport": "copy",
        "passport_extract": "copy",
        "reidentify_lost_tag": "lost_tag",
    },
    "licence": {"issue": "issue", "reissue": "reissue", "duplicate": "duplicate"},
}

# Transitions that do not have a step of their own use the limit of the printed step that covers them.
# A value may depend on the sub-case (service 6: the refusal is drafted inside a different step per kind).
TRANSITION_STEP_CODES: dict[str, dict[str, str | dict[str, str]]] = {
    "vet_sanitary_conclusion": {
        # p.5 4): one block of ≤ 3 working days, from the complete set to the act handed in for decision.
        "notify_legal_statistics": "inspect_block",
        "inspect": "inspect_block",
        "submit_act": "inspect_block",
        "decide_compliant": "decide",
        "decide_noncompliant": "decide",
        "notify_pickup": "hand_over",  # the portal notice replaces handing over, same 30 minutes
    },
    "registration_number": {
        # p.5 4): the oblast inspection registers the request, assigns the number and sends the confirmation
        # within one limit of 3 working days.
        "forward_to_oblast": "assign_number",
        "send_confirmation": "assign_number",
        "refuse": "assign_number",
    },
    "attestation": {
        # p.5 4): the attestation (testing, then interview) takes one day, ≤ 1 working day.
        "start_testing": "decide",
        "pass_test": "decide",
        "fail_test": "decide",
    },
    "licence": {
        # p.5: every licence step reads "the licence *or* the reasoned refusal".
        "draft_refusal": {
            "issue": "accept_complete",
            "reissue": "draft_reissue",
            "duplicate": "draft_duplicate",
        },
        "sign_refusal": "sign",
        "hand_over_refusal": "hand_over",
    },
}


@dataclass(frozen=True)
class WaitingPeriod:
    months: int
    text: str  # Kazakh, as printed
    point_anchor: str


# Service 5, p.5 4): how long an applicant waits before trying again.
ATTESTATION_WAITING_PERIODS: dict[str, WaitingPeriod] = {
    "retest": WaitingPeriod(
        6,
        "Мемлекеттік қызметті көрсету стандартында көрсетілген қайта тестілеуден өту тәртібі алғашқы "
        "тестілеуден алты ай өткенен кейін.",
        "d5-p5-s4",
    ),
    "reinterview": WaitingPeriod(
        1,
        "Комиссия шешімімен қайта әңгімелесуге тиіс. Алғашқы әңгімелесу күнінен бір ай өткенен кейін "
        "қайта әңгімелесу өтеді.",
        "d5-p5-s4",
    ),
    "reattestation": WaitingPeriod(
        12,
        "Атестаттаудан өтпегенде, көрсетілетін қызметті алушы атестаттау нәтижесін алғанына бір жыл "
        "өткенен кейі қайта атестаттауға қатысуға құқылы.",
        "d5-p5-s4",
    ),
}
# Service 5, p.5 4): a negative test result ends the attestation before the interview.
ATTESTATION_FAILED_TEST_RULE = (
    "Көрсетілетін қызметті алушы тестілеуден теріс нәтиже алған кезде атестаттаудың екінші кезеңіне өтпейді "
    "(әңгімелесуге)",
    "d5-p5-s4",
)

# Service 1, p.5 4): the legal statistics bodies are told at least this many days before the inspection.
# The act says «1 (бір) күн бұрын» without "working", so these are calendar days (DOMAIN §6 item 7).
STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION = 1
STATISTICS_NOTICE_SOURCE = (
    "объектіні тексеруге дейін 1 (бір) күн бұрын құқықтық статистика органдарына хабарлайды",
    "d1-p5-s4",
)

# Steps whose limit is not printed in the act: a policy assumption (DOMAIN §2.7), shown as such.
POLICY_ASSUMPTIONS: dict[tuple[str, str, str], Promise] = {
    ("animal_identification", "copy", "prepare_copy"): _(
        "The regulation gives no time limit for a duplicate passport or an extract; the same-day target is "
        "a policy assumption."
    ),
}

# Shown above a sub-case in the procedure table.
SUBCASE_NOTES: dict[tuple[str, str], Promise] = {
    ("registration_number", "reregistration"): _(
        "Point 6 gives no time limits of its own for re-registration; the steps and limits of the main "
        "procedure apply (an interpretation)."
    ),
    ("vet_sanitary_conclusion", "incomplete"): _(
        "An incomplete set of documents is refused in writing within the limits of the steps above."
    ),
    ("registration_number", "incomplete"): _(
        "An incomplete set of documents is refused in writing instead of step 3."
    ),
    ("vet_certificate", "incomplete"): _(
        "A reasoned refusal on the grounds of point 10 of the standard is given instead of the certificate."
    ),
    ("animal_identification", "lost_tag"): _(
        "A lost or damaged ear tag: a new individual number is assigned; the limit runs from the day the "
        "provider receives the ear tags."
    ),
}


_BLOCK_ID_NAMESPACE = uuid.UUID("5b0e6f8a-3c1d-4f7e-9a52-0d3f1c2b7a90")


def _seed(service_code: str) -> tuple[ProcedureStep, ...]:
    from portal.procedure_data import DEFAULT_STEPS  # the act's texts; imports this module's types

    return DEFAULT_STEPS[service_code]


def _check_service(service_code: str) -> None:
    if service_code not in SERVICES:
        raise ValueError(f"Unknown service code {service_code!r}; expected one of {sorted(SERVICES)}")


def default_procedure(service_code: str) -> list[dict]:
    """The StreamField raw data of a regulation page's procedure, as seeded at import.

    Block ids are derived from (service, sub-case, code), so re-seeding yields the same data.
    """
    _check_service(service_code)
    return [
        {
            "type": "step",
            "value": step.as_block_value(),
            "id": str(uuid.uuid5(_BLOCK_ID_NAMESPACE, f"{service_code}/{step.subcase}/{step.code}")),
        }
        for step in _seed(service_code)
    ]


# -- reading steps back ------------------------------------------------------------------------------------

_REQUIRED = ("code", "order", "actor", "actor_label", "action", "limit_kind", "limit_text")


def _as_int(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Procedure step field {field!r} must be a whole number, not {value!r}") from exc


def steps_from_stream(raw_data) -> list[ProcedureStep]:
    """Turn StreamField raw data (a list of {"type", "value"} dicts, or a StreamValue's `raw_data`) into
    steps, in stream order.  Blocks of other types are skipped; a step missing a required field is an error.
    """
    steps = []
    for item in raw_data:
        if item.get("type") != "step":
            continue
        value = item.get("value") or {}
        missing = [name for name in _REQUIRED if value.get(name) in (None, "")]
        if missing:
            raise ValueError(f"Procedure step is missing {', '.join(missing)}: {value!r}")
        steps.append(
            ProcedureStep(
                code=str(value["code"]),
                order=_as_int(value["order"], "order"),
                subcase=str(value.get("subcase") or ""),
                actor=str(value["actor"]),
                actor_label=str(value["actor_label"]),
                action=str(value["action"]),
                limit_kind=str(value["limit_kind"]),
                limit_value=_as_int(value.get("limit_value"), "limit_value"),
                limit_text=str(value["limit_text"]),
                point_anchor=str(value.get("point_anchor") or ""),
            )
        )
    return steps


def _live_regulation_page(service_code: str):
    from portal.models import ApprovedDocumentPage  # lazy: models import this module for their blocks

    return (
        ApprovedDocumentPage.objects.live()
        .filter(service_code=service_code)
        .order_by("-last_published_at", "-pk")
        .first()
    )


def regulation_point_url(service_code: str, anchor: str = "") -> str:
    """The address of the service's published regulation page in the current interface language, at the point
    `anchor` (e.g. "d1-p5-s4"); "" when no regulation page of the service is published."""
    _check_service(service_code)
    page = _live_regulation_page(service_code)
    url = (page.get_url() or "") if page is not None else ""
    return f"{url}#{anchor}" if url and anchor else url


def procedure_steps(service_code: str, *, page=None) -> list[ProcedureStep]:
    """The steps of a service as the public reads them: from `page` if given, otherwise from the most
    recently published regulation page of the service.  The seed data is used only when no such page is
    published or its procedure is still empty (a page imported before its procedure was seeded).
    """
    _check_service(service_code)
    if page is None:
        page = _live_regulation_page(service_code)
    elif getattr(page, "service_code", service_code) != service_code:
        raise ValueError(f"Page {page.pk} is the regulation of {page.service_code!r}, not {service_code!r}")
    if page is not None:
        steps = steps_from_stream(page.procedure.raw_data)
        if steps:
            return steps
    return steps_from_stream(default_procedure(service_code))


def step_code_for(service_code: str, transition: str, subcase: str = MAIN) -> str:
    """The code of the step whose limit applies to a state-machine transition."""
    target = TRANSITION_STEP_CODES.get(service_code, {}).get(transition, transition)
    if isinstance(target, dict):
        return target.get(subcase, transition)
    return target


def find_step(
    steps: list[ProcedureStep], service_code: str, transition: str, subcase: str = MAIN
) -> ProcedureStep | None:
    """The step that sets the limit of `transition` for an application of `subcase`.

    Looks in the sub-case first, then in the main list, then in the refusal branch, so that a refusal
    transition of any kind finds its limit.
    """
    code = step_code_for(service_code, transition, subcase)
    for candidate in dict.fromkeys((subcase, MAIN, "incomplete")):
        for step in steps:
            if step.subcase == candidate and step.code == code:
                return step
    return None


def step_for_transition(
    service_code: str, transition: str, *, subcase: str = MAIN, page=None
) -> ProcedureStep | None:
    """`find_step` over the live procedure (see `procedure_steps`)."""
    return find_step(procedure_steps(service_code, page=page), service_code, transition, subcase)


def group_by_subcase(steps: list[ProcedureStep]) -> list[tuple[str, list[ProcedureStep]]]:
    """Steps grouped by sub-case (in order of first appearance), each group sorted by `order`."""
    groups: dict[str, list[ProcedureStep]] = {}
    for step in steps:
        groups.setdefault(step.subcase, []).append(step)
    return [(subcase, sorted(group, key=lambda s: s.order)) for subcase, group in groups.items()]


def default_steps(service_code: str) -> list[ProcedureStep]:
    """The seed steps as values (a copy; no database access)."""
    _check_service(service_code)
    return list(_seed(service_code))
