"""Applicants and the filing of applications (records.services re-exports these functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue import SERVICES
from catalogue.roles import FILING_ROLES, user_roles

from . import audit, calendar, clock, notifications
from .applicants import Applicant
from .applications import SERVICE_MODELS, Application
from .definitions import current_definition
from .documents import check_required_documents
from .errors import GuardFailed, InvalidInput, PermissionDenied
from .filing import FILING_FORMS, KINDS, RepresentativeForm
from .identifiers import normalize, parse_bin, parse_iin
from .inputs import clean_attachments, form_errors, jsonable
from .licences import ACTIVE, Licence
from .names import same_name, validate_name
from .numbering import next_number
from .states import OFFICE, PORTAL
from .units import SERVICE_LEVELS, TerritorialUnit, units_for_service, units_of

NAME_MISMATCH = _(
    "An applicant with this IIN/BIN is registered under another name. Check the name, or ask the office "
    "to correct the registered one."
)


def get_or_create_applicant(kind: str, identifier: str, name: str, **contact: str) -> Applicant:
    """The applicant with this IIN/BIN, created if new (``contact``: address, phone, email, user).

    A wrong number (checksum, date, kind digit) raises ``invalid_input`` with the reason on ``identifier``; a
    name not in Kazakh/Russian letters (``records.names``), or another name than the one registered for the
    number, raises it on ``name``.
    """
    if kind not in (Applicant.INDIVIDUAL, Applicant.LEGAL_ENTITY):
        raise InvalidInput(field_errors={"kind": [_("Choose an individual or a legal entity.")]})
    number = normalize(identifier)
    try:
        (parse_iin if kind == Applicant.INDIVIDUAL else parse_bin)(number)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field_errors={"identifier": error.messages}) from error
    if not str(name).strip():
        raise InvalidInput(field_errors={"name": [forms.Field.default_error_messages["required"]]})
    try:
        name = validate_name(name, kind)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field_errors={"name": error.messages}) from error
    with transaction.atomic():
        applicant, created = Applicant.objects.get_or_create(
            identifier=number, defaults={"kind": kind, "name": name, **contact}
        )
    if applicant.kind != kind:
        raise InvalidInput(
            field_errors={"identifier": [_("This number belongs to an applicant of another kind.")]}
        )
    if not created and not same_name(applicant.name, name):
        # Never keep one name and silently drop the other; the registered name is not shown (privacy).
        raise InvalidInput(field_errors={"name": [NAME_MISMATCH]})
    return applicant


def file_application(
    service_code: str,
    *,
    applicant: Applicant,
    channel: str,
    subcase: str = "",
    data: Mapping[str, Any] | None = None,
    documents: Iterable[Mapping[str, str]] = (),
    by: Any,
    representative: Mapping[str, Any] | None = None,
    unit: str = "",
) -> Application:
    """File an application: validate it, give it its registration number and the service definition in force,
    start the deadline of its first step and write the first audit row ("file"), all in one transaction.

    ``channel``: "office" (filed by an office clerk or, for services 2 and 4, the executor) or "portal"
    (filed by the portal integration account).  ``subcase``: the kind for services 3, 4 and 6 (see
    ``records.filing.KINDS``; "" = the first), "" otherwise.  ``documents``: ``{"name", "sha256"}`` of the
    files stored elsewhere.  ``representative``: ``{"name", "iin", "power_of_attorney_no",
    "power_of_attorney_date"}`` when a representative files under a power of attorney.  ``unit``: the code
    of the unit that handles it (``handling_unit``).
    """
    if service_code not in SERVICES:
        raise InvalidInput(field_errors={"service": [_("Unknown service.")]})
    if channel not in FILING_ROLES:
        raise InvalidInput(field_errors={"channel": [_("Choose the office or the portal.")]})
    if not user_roles(by) & FILING_ROLES[channel]:
        raise PermissionDenied(_("Your role does not allow filing applications through this channel."))
    subcase = _check_subcase(service_code, subcase)
    _check_channel(service_code, channel, subcase)
    handler = handling_unit(service_code, channel, by, unit)
    details = _clean_filing_data(service_code, subcase, data or {})
    rep = _clean_representative(representative)
    docs = [{**doc, "transition": "file"} for doc in clean_attachments(documents, "documents")]
    if channel == PORTAL:  # at the office the clerk takes them on paper; the executor checks completeness
        check_required_documents(service_code, subcase, docs)
    with transaction.atomic():
        licence = _licence_concerned(service_code, subcase, applicant, details)
        now = clock.now()
        app = SERVICE_MODELS[service_code](
            service=service_code,
            subcase=subcase,
            channel=channel,
            unit=handler,
            applicant=applicant,
            registration_no=_registration_number(service_code, now),
            definition=current_definition(service_code),
            received_at=now,
            state_entered_at=now,
            details=details,
            documents=docs,
            licence=licence,
            created_by=by if getattr(by, "pk", None) else None,
            **rep,
        )
        app.enter_state("", now)
        app.save(force_insert=True)
        notifications.queue_state_change(app, "", app.state, "file")
        audit.append_transition(
            app,
            transition="file",
            from_state="",
            to_state=app.state,
            actor=by,
            attachments=[{"name": d["name"], "sha256": d["sha256"]} for d in docs],
            data={"channel": channel, "subcase": subcase, "step": app.step_code, "due_at": app.due_at},
        )
    return app


def handling_unit(service_code: str, channel: str, by: Any, code: str = "") -> TerritorialUnit:
    """The unit that handles a new application (``code``: the one named in the request, if any)."""
    code = (code or "").strip()
    return _portal_unit(service_code, code) if channel == PORTAL else _office_unit(service_code, by, code)


def _portal_unit(service_code: str, code: str) -> TerritorialUnit:
    """The unit named, which must provide the service (records.units.SERVICE_LEVELS); unnamed, the only one
    that can: the oblast department for services 3 and 6 (in an installation with no unit of the service's
    level, the only unit there is)."""
    candidates = units_for_service(service_code)
    if not candidates.exists():
        candidates = TerritorialUnit.objects.all()
    if not code:
        return _the_only(candidates, _("Name the unit that handles the application: several provide it."))
    unit = candidates.filter(code=code).first()
    if unit is None:
        raise InvalidInput(field_errors={"unit": [_("No unit with this code provides the service.")]})
    return unit


def _office_unit(service_code: str, by: Any, code: str) -> TerritorialUnit:
    """The filing clerk's unit; a clerk of several names one unless the service's level decides, a clerk of
    none cannot file.  A superuser files for any unit it names."""
    mine = units_of(by, *(user_roles(by) & FILING_ROLES[OFFICE]))
    if code:
        unit = (TerritorialUnit.objects if by.is_superuser else mine).filter(code=code).first()
        if unit is None:
            raise PermissionDenied(_("You do not work in this unit: you cannot file applications for it."))
        return unit
    if not mine.exists():
        raise PermissionDenied(
            _("You are not a member of any unit: the head of your unit must add you before you file.")
        )
    if mine.count() > 1:
        mine = mine.filter(level__in=SERVICE_LEVELS.get(service_code, ()))
    return _the_only(mine, _("You work in several units: choose the unit that handles the application."))


def _the_only(units, message) -> TerritorialUnit:
    found = list(units[:2])
    if len(found) != 1:
        raise InvalidInput(field_errors={"unit": [message]})
    return found[0]


def _check_subcase(service_code: str, subcase: str) -> str:
    kinds = KINDS.get(service_code, ("",))
    subcase = subcase or kinds[0]
    if subcase not in kinds:
        raise InvalidInput(
            field_errors={"subcase": [_("This kind of application does not exist for the service.")]}
        )
    return subcase


def _check_channel(service_code: str, channel: str, subcase: str) -> None:
    if (
        channel == PORTAL
        and SERVICES[service_code].portal == "extracts_only"
        and subcase != "passport_extract"
    ):
        raise GuardFailed(
            _(
                "Through the portal only an extract from a veterinary passport can be requested; "
                "other requests are accepted at the office."
            )
        )


def _clean_filing_data(service_code: str, subcase: str, data: Mapping[str, Any]) -> dict[str, Any]:
    form = FILING_FORMS[service_code](data=dict(data), subcase=subcase)
    if not form.is_valid():
        raise InvalidInput(field_errors=form_errors(form))
    return {key: jsonable(value) for key, value in form.cleaned_data.items() if value not in (None, "")}


def _clean_representative(data: Mapping[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    form = RepresentativeForm(data=dict(data))
    if not form.is_valid():
        raise InvalidInput(field_errors={f"representative.{k}": v for k, v in form_errors(form).items()})
    cleaned = form.cleaned_data
    return {
        "representative_name": cleaned["name"],
        "representative_iin": cleaned["iin"],
        "power_of_attorney_no": cleaned["power_of_attorney_no"],
        "power_of_attorney_date": cleaned["power_of_attorney_date"],
    }


def _licence_concerned(
    service_code: str, subcase: str, applicant: Applicant, details: dict
) -> Licence | None:
    """Service 6: the applicant's active licence to re-issue / duplicate, or to add an annex to."""
    if service_code != "licence":
        return None
    field = "annex_to" if subcase == "issue" else "licence_number"
    number = details.get(field)
    if not number:
        return None
    found = Licence.objects.filter(number=number, holder=applicant, state=ACTIVE)
    if subcase == "issue":
        annex = found.filter(kind=Licence.ANNEX).select_related("parent").first()
        if annex is not None:  # issue 14: an annex is added to a licence, never to an annex
            raise InvalidInput(
                field_errors={
                    field: [
                        _("%(number)s is an annex; an annex is added to the licence %(licence)s itself.")
                        % {"number": number, "licence": annex.parent.number}
                    ]
                }
            )
        found = found.filter(kind=Licence.LICENCE)
    licence = found.order_by("-version").first()
    if licence is None:
        raise InvalidInput(
            field_errors={field: [_("The applicant holds no active licence with this number.")]}
        )
    return licence


def _registration_number(service_code: str, now: datetime) -> str:
    """A number like 2025-3-000123: the year, the service (1-6), then the year's counter (one counter for all
    services, so that numbers have no gaps)."""
    year = calendar.local_date(now).year
    return f"{year}-{SERVICES[service_code].document_seq}-{next_number('application', year):06d}"
