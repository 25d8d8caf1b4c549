"""The business-process handbook (бизнес-процестерінің анықтамалығы) of each service, as data.

Each regulation says its handbook is an appendix posted on zhambyl.gov.kz, but the act's text keeps only
the appendix titles, so the portal rebuilds the handbook from what the act does say:

* the steps, with actors and time limits (the live procedure, `portal.procedure.procedure_steps`);
* the portal process on the applicant's side (point 9, Appendix 1: registration, processes 1–9,
  conditions 1–3) and on the provider's side (point 9, Appendix 2: processes 1–9, conditions 1–3),
  for services 1–5;
* for service 6, the licence's own e-government portal flow (point 8: 11 processes, 4 conditions,
  payment included).

Each condition is linked to the process that follows when its check fails, which (except on the provider
side of service 5, where process 8 is the result) is a refusal message.  Texts are Kazakh, from the act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from catalogue import SERVICES, ProcedureStep, WaitingPeriod, group_by_subcase
from portal.diagram import render_procedure_diagrams
from portal.handbook_data import APPLICANT_FLOWS, LICENCE_FLOW, PROVIDER_FLOWS
from portal.procedure import procedure_steps

_MARKER = re.compile(r"^(\d+)\s*[-–]\s*(процесс|үдеріс|шарт)\s*[-–]")

# condition number → the process that follows a failed check (the sub-point right after the condition)
_FAILURES = {
    "applicant": {1: 2, 2: 5, 3: 8},
    "provider": {1: 2, 2: 5, 3: 8},
    "licence": {1: 2, 2: 5, 3: 7, 4: 10},
}
_PAYMENT = {"licence": {"process": {4}, "condition": {2}}}

_INTROS = {
    "applicant": (
        "Портал арқылы мемлекеттік қызмет көрсеткенде қызметті берушінің және қызметті алушының өтініш беру "
        "тәртібінің және рәсімі (іс-қимыл) жүйелілігінің сипаттамасы осы регламенттің 1-қосымшасында "
        "келтірілген:"
    ),
    "provider": (
        "Қызмет көрсетушінің қызмет қадамдары мен шешімдері осы регламенттің 2-қосымшасында келтірілген:"
    ),
    "licence": (
        "Электрондық үкімет порталы арқылы мемлекеттік қызметті көрсету кезіндегі қызметті алушының жолығу "
        "тәртібін және рәсімнің (іс-қимылдың) реттілігін сипаттау:"
    ),
}
# Wording that differs between the regulations' lead-ins (DOMAIN §5.3 rule A repairs applied).
_INTRO_OVERRIDES = {
    ("applicant", 5): _INTROS["applicant"].replace("1-қосымшасында", "1-қосымшасына"),
    ("provider", 3): (
        "Қызмет көрсетушінің қызмет көрсету қадамдары мен шешімдері осы регламенттің 2-қосымшасында "
        "келтірілген:"
    ),
}
_INTRO_OVERRIDES[("provider", 4)] = _INTRO_OVERRIDES[("provider", 3)]

_CHANNELS_SERVICE_4 = (
    "Өтініштерді қабылдауды және мемлекеттік қызмет көрсету нәтижесін беру көрсетілетін қызметті берушінің "
    "кеңсесі арқылы жүзеге асырылады. Ветеринариялық паспорттан үзінді-көшірме алу қажет болған жағдайда "
    "өтінішті қабылдау және мемлекеттік қызметті көрсету нәтижесін беру: 1) көрсетілетін қызметті берушінің "
    'кеңсесі; 2) "электрондық үкіметтің" веб-порталы: www.egov.kz, www.elicense.kz (бұдан әрі – портал) '
    "арқылы жүзеге асырылады."
)

# What differs between the services' portal flows (DOMAIN §2.3.3), for the reader.
_NOTES: dict[str, tuple[Promise, ...]] = {
    "vet_sanitary_conclusion": (
        _(
            "Applicant side, process 9: the applicant is notified of the date and time to collect the "
            "conclusion. Provider side, process 9: the conclusion is printed on a special form, sealed and "
            "signed by the head of the provider."
        ),
    ),
    "vet_certificate": (
        _(
            "Process 9 on both sides speaks of the veterinary-sanitary conclusion, a wording copied from "
            "regulation 1; the result of this service is the veterinary certificate."
        ),
    ),
    "registration_number": (
        _(
            "Process 9 on both sides speaks of the veterinary-sanitary conclusion, a wording copied from "
            "regulation 1; the result of this service is the confirmation of the registration number."
        ),
    ),
    "animal_identification": (
        _(
            "Only an extract from the veterinary passport can be requested through the portal; every other "
            "request goes through the provider's office."
        ),
        _(
            "Process 9 on both sides: the applicant receives the result formed in the information system, "
            "signed with the electronic digital signature of the provider's authorised person."
        ),
        _(
            "The regulation refers to three appendices, but the act's text keeps only the heading of "
            "Appendix 1; the handbook appendix is missing from the source."
        ),
    ),
    "attestation": (
        _(
            "Applicant side, process 9: the result is sent to the applicant's personal cabinet. Provider "
            "side, process 8 is the result itself, an attestation sheet with one of three decisions, not a "
            "refusal message; process 9: the sheet is printed on a special form, signed by the head and "
            "sealed."
        ),
    ),
    "licence": (
        _(
            "The licence has its own portal flow: 11 processes and 4 conditions, with payment through the "
            "e-government payment gateway before the request is signed."
        ),
        _("The act gives no provider-side portal flow for the licence."),
    ),
}


@dataclass(frozen=True)
class FlowItem:
    seq: int  # the printed sub-point number «N)»
    kind: str  # "registration", "process" or "condition"
    number: int | None  # the printed process or condition number
    text: str  # Kazakh, as printed (with its «N-процесс –» / «N-шарт –» marker)
    refusal: bool = False  # a process that ends the flow with a refusal message
    failure: FlowItem | None = None  # condition: the process that follows a failed check
    service_specific: bool = False  # the wording differs between services (DOMAIN §2.3.3)
    payment: bool = False  # service 6: payment and its check
    point_anchor: str = ""  # the sub-point's anchor in the regulation page

    @property
    def is_condition(self) -> bool:
        return self.kind == "condition"

    @property
    def is_process(self) -> bool:
        return self.kind == "process"


@dataclass(frozen=True)
class PortalFlow:
    side: str  # "applicant", "provider" or "licence"
    intro: str  # Kazakh lead-in of the point
    point_anchor: str
    items: tuple[FlowItem, ...]

    @property
    def processes(self) -> list[FlowItem]:
        return [item for item in self.items if item.is_process]

    @property
    def conditions(self) -> list[FlowItem]:
        return [item for item in self.items if item.is_condition]

    @property
    def refusal_messages(self) -> list[FlowItem]:
        return [item for item in self.items if item.refusal]


@dataclass(frozen=True)
class Handbook:
    service_code: str
    document_seq: int
    title: str  # Kazakh service title
    label: Promise  # English msgid of the service name
    steps: tuple[ProcedureStep, ...]
    applicant_flow: PortalFlow | None
    provider_flow: PortalFlow | None
    portal_scope: str  # "all" or "extracts_only"
    channels_text: str = ""  # Kazakh: the act's own words when the portal is restricted
    requires_payment: bool = False
    waiting_periods: tuple[tuple[str, WaitingPeriod], ...] = ()
    notes: tuple[Promise, ...] = field(default_factory=tuple)

    @property
    def step_groups(self) -> list[tuple[str, list[ProcedureStep]]]:
        return group_by_subcase(list(self.steps))

    @property
    def flows(self) -> list[PortalFlow]:
        return [flow for flow in (self.applicant_flow, self.provider_flow) if flow is not None]


def _parse(text: str, seq: int) -> tuple[str, int | None]:
    match = _MARKER.match(text)
    if match is None:
        if seq == 1:
            return "registration", None
        raise ValueError(f"Sub-point {seq}) is neither a process nor a condition: {text[:60]!r}")
    kind = "condition" if match.group(2) == "шарт" else "process"
    return kind, int(match.group(1))


def build_flow(side: str, texts: tuple[str, ...], *, document_seq: int) -> PortalFlow:
    """Turn the printed sub-points of a portal flow into items, linking each condition to its failure."""
    failures = _FAILURES[side]
    payment = _PAYMENT.get(side, {})
    parsed = [(seq, *_parse(text, seq), text) for seq, text in enumerate(texts, start=1)]
    last_process = max(number for _seq, kind, number, _text in parsed if kind == "process")
    refusals = set(failures.values())
    if side == "provider" and document_seq == 5:
        refusals.discard(8)  # regulation 5 puts the result (the attestation sheet) in process 8
    specific = {last_process} | ({8} if side == "provider" and document_seq == 5 else set())
    anchor = f"d{document_seq}-p{8 if side == 'licence' else 9}"
    # The provider's sub-points restart at 1) after an unnumbered lead-in paragraph (anchor «-a1»).
    item_prefix = f"{anchor}-a1" if side == "provider" else anchor
    processes = {
        number: FlowItem(
            seq,
            kind,
            number,
            text,
            refusal=number in refusals,
            service_specific=side != "licence" and number in specific,
            payment=number in payment.get("process", ()),
            point_anchor=f"{item_prefix}-s{seq}",
        )
        for seq, kind, number, text in parsed
        if kind == "process"
    }
    items = []
    for seq, kind, number, text in parsed:
        if kind == "process":
            items.append(processes[number])
        elif kind == "condition":
            items.append(
                FlowItem(
                    seq,
                    kind,
                    number,
                    text,
                    failure=processes[failures[number]],
                    payment=number in payment.get("condition", ()),
                    point_anchor=f"{item_prefix}-s{seq}",
                )
            )
        else:
            items.append(FlowItem(seq, kind, number, text, point_anchor=f"{item_prefix}-s{seq}"))
    intro = _INTRO_OVERRIDES.get((side, document_seq), _INTROS[side])
    return PortalFlow(side, intro, anchor, tuple(items))


def handbook_for(service_code: str, *, steps: list[ProcedureStep] | None = None) -> Handbook:
    """The handbook of a service.  Without `steps` the live procedure is read (`procedure_steps`)."""
    info = SERVICES.get(service_code)
    if info is None:
        raise ValueError(f"Unknown service code {service_code!r}")
    if steps is None:
        steps = procedure_steps(service_code)
    seq = info.document_seq
    if service_code == "licence":
        applicant, provider = build_flow("licence", LICENCE_FLOW, document_seq=seq), None
    else:
        applicant = build_flow("applicant", APPLICANT_FLOWS[seq], document_seq=seq)
        provider = build_flow("provider", PROVIDER_FLOWS[seq], document_seq=seq)
    return Handbook(
        service_code=service_code,
        document_seq=seq,
        title=info.title_kk,
        label=info.label,
        steps=tuple(steps),
        applicant_flow=applicant,
        provider_flow=provider,
        portal_scope=info.portal,
        channels_text=_CHANNELS_SERVICE_4 if info.portal == "extracts_only" else "",
        requires_payment=service_code == "licence",
        waiting_periods=tuple(info.waiting_periods.items()),
        notes=_NOTES.get(service_code, ()),
    )


def handbook_context(service_code: str, *, page=None) -> dict:
    """The context of `portal/includes/handbook.html` (and `procedure_table.html`) for one service."""
    steps = procedure_steps(service_code, page=page)
    handbook = handbook_for(service_code, steps=steps)
    # The SVG is built from escaped text only (portal.diagram), so it is safe to insert as markup.
    diagram: SafeString = mark_safe(render_procedure_diagrams(steps, title=handbook.title))
    return {"steps": steps, "diagram_svg": diagram, "handbook": handbook}
