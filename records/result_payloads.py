"""What each result document prints, read from the application: the filed details, what its transitions
recorded, and the people of its audit log (``records.result_documents`` issues the document).  Officials
are printed as their staff profiles name them (``records.staff_profiles``), never by login, and every
result cites the regulation's point it is issued under (``catalogue.citations``): issue 16.

Printed documents are Kazakh whatever the interface language: the values are the application's data as
written, and the few fixed words here (sex of an animal, the test outcome, a refusal ground given as a
code) are content, not interface text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from catalogue import SERVICES
from catalogue.citations import citation_for
from catalogue.roles import ROLE_LABELS, Role, user_roles
from certificates.services import DUPLICATE, REISSUE, documents_for, valid_original
from certificates.signatory import Signatory

from . import audit
from .applications import Application
from .errors import GuardFailed
from .licences import Licence
from .models import TransitionLog
from .staff_profiles import NO_SIGNER, signatory_for

if TYPE_CHECKING:
    from certificates.models import IssuedDocument

SOURCE_TYPE = "records.application"
REFUSED_STATES = frozenset({"refused", "refused_incomplete"})
SEX_KK = {"female": "аналық", "male": "аталық"}
NO_PASSPORT = _(
    "No valid veterinary passport of the animal %(number)s is registered here: a duplicate can only be made "
    "of a registered passport."
)
NO_LICENCE_DOCUMENT = _(
    "The licence %(number)s has no valid document registered here that could be re-issued or duplicated."
)
# A ground typed as a code: "p10" (point 10) or "p10-1" (point 10, sub-point 1) of the service standard.
_GROUND_CODE = re.compile(r"p(\d{1,2})(?:[-.](\d{1,2}))?", re.IGNORECASE)
_STANDARD = "Мемлекеттік көрсетілетін қызмет стандартының"


@dataclass(frozen=True)
class Plan:
    """The document to issue: its type, what it prints, and the original it re-issues or duplicates."""

    doc_type: str
    payload: dict[str, Any]
    original: IssuedDocument | None = None
    relation: str = ""
    number: str = ""  # the record's own number for the document (a licence's), else the registry's
    replaces_original: bool = False  # a licence duplicate replaces the original document (issue 14)
    signatory: Signatory | None = None  # the official whose key signs it (issue 16)


def source_record(app_or_pk: Application | int) -> tuple[str, str]:
    """The certificates registry's reference to an application."""
    pk = app_or_pk.pk if isinstance(app_or_pk, Application) else app_or_pk
    return SOURCE_TYPE, str(pk)


def plan_for(app: Application, by: Any) -> Plan:
    """The result document of ``app``, which has just reached a result through a transition done by ``by``."""
    facts = _Facts(app, by)
    if app.state in REFUSED_STATES:
        plan = _refusal(facts)
    else:
        plan = _BUILDERS[app.service](facts)
    return _with_legal_basis(app, plan)


def _with_legal_basis(app: Application, plan: Plan) -> Plan:
    """The plan with the regulation and point the result is issued under (catalogue.citations), kept in
    the payload: the document prints it and keeps it as printed."""
    result = app.state if plan.doc_type == "refusal" else plan.doc_type
    citation = citation_for(app.service, result, decision=app.decision or "")
    return replace(plan, payload={**plan.payload, "legal_basis": citation.as_payload()})


# -- reading the application ------------------------------------------------------------------------------


class _Facts:
    """One application as the builders read it; the audit log is read once, when first needed."""

    def __init__(self, app: Application, by: Any) -> None:
        self.app, self.by, self.details = app, by, app.details
        self._rows: list[TransitionLog] | None = None

    @property
    def rows(self) -> list[TransitionLog]:
        if self._rows is None:
            self._rows = audit.timeline(self.app)
        return self._rows

    def base(self) -> dict[str, Any]:
        return {"application_no": self.app.registration_no}

    def last(self, *transitions: str) -> TransitionLog | None:
        return next((row for row in reversed(self.rows) if row.transition in transitions), None)

    def head_user(self) -> Any | None:
        """The head who signs: the latest actor, holding the head's role, of a transition a head performs
        (the result transition itself when ``by`` is the head; else signing, or the resolution)."""
        specs = type(self.app).transition_specs()
        for row in reversed(self.rows):
            spec = specs.get(row.transition)
            if spec and Role.HEAD in spec.roles and row.actor_id and Role.HEAD in user_roles(row.actor):
                return row.actor
        return None

    def official(self, user: Any, role: Role) -> Signatory:
        """The official as their staff profile names them; GuardFailed when there is none to name."""
        if user is None:
            raise GuardFailed(NO_SIGNER, params={"role": ROLE_LABELS[role]})
        return signatory_for(user, role, by=self.by)

    def head(self) -> Signatory:
        return self.official(self.head_user(), Role.HEAD)

    def executor(self) -> Signatory:
        return self.official(self.app.assigned_executor, Role.EXECUTOR)


def signed(key: str, signatory: Signatory | None) -> dict[str, Any]:
    """The printed name and position of one signer under ``key`` ("head" → "head", "head_position")."""
    if signatory is None:
        return {}
    return {key: signatory.full_name_kk, f"{key}_position": signatory.position_kk}


def signatory_payload(signatory: Signatory) -> dict[str, str]:
    """Who signs, in both languages, kept with the document (the verify page shows the reader's); never
    the login."""
    return {k: v for k, v in asdict(signatory).items() if k != "username"}


def _signed_plan(doc_type: str, payload: dict[str, Any], signatory: Signatory | None, **plan: Any) -> Plan:
    if signatory is not None:
        payload = {**payload, "signatory": signatory_payload(signatory)}
    return Plan(doc_type, payload, signatory=signatory, **plan)


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _compact(payload: dict[str, Any]) -> dict[str, Any]:
    """Without the blanks: an optional field not known is left out rather than printed empty."""
    return {key: value for key, value in payload.items() if value not in (None, "", [])}


def ground_text(ground: str) -> str:
    """A refusal ground as printed: a code of the standard's point in words, anything else as written."""
    match = _GROUND_CODE.fullmatch((ground or "").strip())
    if match is None:
        return (ground or "").strip()
    point, sub = match.groups()
    if sub:
        return f"{_STANDARD} {point}-тармағының {sub}) тармақшасы"
    if point == "9":
        return f"{_STANDARD} 9-тармағында көзделген құжаттардың толық топтамасы ұсынылмаған"
    return f"{_STANDARD} {point}-тармағы"


def registered_passport(animal_number: str) -> IssuedDocument | None:
    """The valid veterinary passport registered here for the animal (an original or a re-issue, not a
    duplicate), from the identification application that gave the animal this individual number."""
    number = (animal_number or "").strip()
    if not number:
        return None
    identified = (
        Application.objects.filter(service="animal_identification", result_number=number)
        .order_by("-pk")
        .values_list("pk", flat=True)
    )
    for pk in identified:
        found = valid_original(source_record(pk), "vet_passport")
        if found is not None:
            return found
    return None


def _refusal(f: _Facts) -> Plan:
    app = f.app
    head = f.official(_refusal_signer(f), Role.HEAD)
    payload = {
        **f.base(),
        "service": SERVICES[app.service].title_kk,
        "ground": ground_text(app.refusal_ground),
        "reasoning": app.refusal_reason,
        **signed("head", head),
    }
    return _signed_plan("refusal", _compact(payload), head)


def _refusal_signer(f: _Facts) -> Any | None:
    """The head named on the refusal form (services 2 and 4), else the head who took part."""
    signer_id = f.details.get("refusal_signer_id")
    if signer_id:
        return get_user_model().objects.filter(pk=signer_id).first()
    return f.head_user()


def _vet_sanitary_conclusion(f: _Facts) -> Plan:
    d = f.details
    decision = f.last("decide_compliant", "decide_noncompliant")
    act = f.last("submit_act")
    compliant = decision is not None and decision.transition == "decide_compliant"
    head = f.head()
    payload = {
        **f.base(),
        "object_name": d.get("object_name"),
        "object_address": d.get("object_address"),
        "act_number": d.get("act_number"),
        "act_date": act.at.isoformat() if act else None,
        "compliant": compliant,
        "recommendations": [] if compliant else _lines(d.get("recommendations")),
        **signed("head", head),
        **signed("vet_doctor", f.official(decision.actor if decision else None, Role.STATE_VET_DOCTOR)),
    }
    return _signed_plan("vet_sanitary_conclusion", _compact(payload), head)


def _vet_certificate(f: _Facts) -> Plan:
    d = f.details
    number = d.get("animal_number", "")
    passport = registered_passport(number)
    payload = {
        **f.base(),
        "species": d.get("description"),
        "individual_number": number,
        "passport_number": passport.number if passport else None,
        "destination": d.get("destination"),
        "examined_at": d.get("examined_at"),
        "epizootic_situation": d.get("epizootic_situation"),
        **signed("executor", executor := f.executor()),
    }
    return _signed_plan("vet_certificate", _compact(payload), executor)


def _registration_confirmation(f: _Facts) -> Plan:
    d = f.details
    payload = {
        **f.base(),
        "kind": f.app.subcase or "assign",
        "registration_number": f.app.result_number,
        # A re-registration for a new name or legal form prints the new one.
        "facility_name": d.get("new_name") or d.get("facility_name"),
        "facility_address": d.get("facility_address"),
        "activity": d.get("activity"),
        **signed("head", head := f.head()),
    }
    return _signed_plan("registration_confirmation", _compact(payload), head)


def _animal_identification(f: _Facts) -> Plan:
    app, d = f.app, f.details
    if app.subcase == "passport_extract":
        return _passport_extract(f)
    if app.subcase == "duplicate_passport":
        number = d.get("animal_number", "")
        original = registered_passport(number)
        if original is None:
            raise GuardFailed(NO_PASSPORT, params={"number": number})
        # The duplicate reprints the original's data; it names this application and who signs it now.
        executor = f.executor()
        payload = _compact({**f.base(), **signed("executor", executor)})
        return _signed_plan("vet_passport", payload, executor, original=original, relation=DUPLICATE)
    payload = {
        **f.base(),
        "individual_number": app.result_number,
        "species": d.get("species"),
        "sex": SEX_KK.get(d.get("sex", "")),
        "birth_date": d.get("birth_date"),
        "identification_method": d.get("identification_method"),
        "identified_at": d.get("identified_at"),
        "keeping_address": app.applicant.address,
        **signed("executor", executor := f.executor()),
    }
    # A re-identification under a new number replaces the passport of the retired number, if registered.
    retired = (
        registered_passport(d.get("retired_animal_number", "")) if d.get("retired_animal_number") else None
    )
    relation = REISSUE if retired else ""
    return _signed_plan("vet_passport", _compact(payload), executor, original=retired, relation=relation)


def _passport_extract(f: _Facts) -> Plan:
    d = f.details
    number = d.get("animal_number", "")
    passport = registered_passport(number)
    printed = passport.payload if passport else {}
    payload = {
        **f.base(),
        "passport_number": passport.number if passport else d.get("passport_number"),
        "individual_number": number,
        "species": printed.get("species") or d.get("species"),
        "breed": printed.get("breed"),
        "birth_date": printed.get("birth_date"),
        "events": printed.get("events"),
        **signed("executor", executor := f.executor()),
    }
    return _signed_plan("passport_extract", _compact(payload), executor)


def _attestation(f: _Facts) -> Plan:
    app, d = f.app, f.details
    payload = {
        **f.base(),
        "decision": app.decision,
        "activity": d.get("activity"),
        "attested_at": d.get("tested_at"),
        "test_result": _test_result(d),
        "chair": d.get("commission_chair"),
        "members": _lines(d.get("commission_members")),
        "secretary": d.get("commission_secretary"),
        "reinterview_not_before": d.get("reinterview_not_before")
        if app.decision == "re_attestation"
        else None,
    }
    # The head signs under the seal when one took part (provider process 9); the commission signs by name.
    head_user = f.head_user()
    head = f.official(head_user, Role.HEAD) if head_user is not None else None
    return _signed_plan("attestation_sheet", _compact({**payload, **signed("head", head)}), head)


def _test_result(details: dict[str, Any]) -> str:
    outcome = "өтпеді" if details.get("test_failed") else "өтті"
    score = details.get("test_score")
    return f"{outcome} ({score} балл)" if score is not None else outcome


def _licence(f: _Facts) -> Plan:
    app = f.app
    original, relation = None, ""
    if app.subcase == "reissue":  # app.licence: the version it re-issued (records.licences.reissue)
        licence = Licence.objects.select_related("parent").get(previous_id=app.licence_id)
        original, relation = _licence_document(app.licence), REISSUE
    elif app.subcase == "duplicate":  # app.licence: the version it duplicated
        licence = app.licence
        original, relation = _licence_document(licence), DUPLICATE
    else:
        licence = app.issued_licences.select_related("parent").get()
    head = f.head()
    payload = {**f.base(), **signed("head", head)}
    if licence.kind == Licence.ANNEX:
        parent = licence.parent
        payload |= {
            "licence_number": parent.number,
            "activity": parent.activity,
            "subtypes": [licence.activity],
        }
    else:
        payload |= {
            "licence_number": licence.number,
            "activity": licence.activity,
            "licensee_address": app.applicant.address,
        }
    if relation == REISSUE:
        payload["reissue_reason"] = f.details.get("changes")
    # The document carries the licence's number; an original issued before issue 14 under another
    # registry number keeps it for its re-issues and duplicates (the registry links them by number).
    number = licence.number if original is None or original.number == licence.number else ""
    return _signed_plan(
        _licence_type(licence),
        _compact(payload),
        head,
        original=original,
        relation=relation,
        number=number,
        replaces_original=relation == DUPLICATE,
    )


def _licence_type(licence: Licence) -> str:
    return "licence_annex" if licence.kind == Licence.ANNEX else "licence"


def _licence_document(licence: Licence) -> IssuedDocument:
    """The valid document of the licence concerned: the newest of those issued for this version (by the
    application that issued it, or a duplicate of it) or, for a version re-issued without its own document
    (an annex carried over), for an earlier one."""
    doc_type, version = _licence_type(licence), licence
    while version is not None:
        sources = [version.application_id, *version.duplicates.values_list("application_id", flat=True)]
        found = [
            doc
            for pk in sources
            for doc in documents_for(source_record(pk)).filter(doc_type=doc_type, status="valid")
        ]
        if found:
            return max(found, key=lambda doc: (doc.issued_at, doc.pk))
        version = version.previous
    raise GuardFailed(NO_LICENCE_DOCUMENT, params={"number": licence.number})


_BUILDERS: dict[str, Callable[[_Facts], Plan]] = {
    "vet_sanitary_conclusion": _vet_sanitary_conclusion,
    "vet_certificate": _vet_certificate,
    "registration_number": _registration_confirmation,
    "animal_identification": _animal_identification,
    "attestation": _attestation,
    "licence": _licence,
}
