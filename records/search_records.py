"""Applications and licences in the archivist search: registered with search from RecordsConfig.ready().

Search knows nothing of these models: what it indexes, who may see it and how states read come with the
registration below.  An application is found only by those who may read it (records.scope): its document
carries an access list (``units_acl``: its unit, its service, the archive) and the registration gives search
the entries a user holds, by the mechanism the recordings use (``unit_scoped``, ``user_units``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from catalogue import SERVICES
from catalogue.roles import STAFF_ROLES
from search.registry import Record, RecordType, register_record_type
from search.sources.records import HOLDER_FIELDS, json_strings

from .scope import application_acl, user_acl

FIELDS = {
    **HOLDER_FIELDS,
    "executor": _("Executor"),
    "channel": _("Channel"),
    "kind": _("Kind"),
}


def describe_application(app) -> Record:
    applicant = app.applicant
    service = SERVICES.get(app.service)
    executor = app.assigned_executor
    return Record(
        title=app.registration_no,
        text=[
            service.title_kk if service else "",
            applicant.name,
            app.representative_name,
            app.resolution_text,
            app.refusal_reason,
            app.result_number,
            executor.get_full_name() if executor else "",
            *json_strings(app.details),
            *(str(doc.get("name", "")) for doc in app.documents if isinstance(doc, dict)),
        ],
        date=app.received_at,
        numbers=[app.registration_no, app.result_number],
        identifiers=[applicant.identifier, app.representative_iin],
        service=app.service,
        state=app.state,
        unit=str(app.details.get("territorial_unit", "")) if isinstance(app.details, dict) else "",
        # Who may find it: the same rule as every other reader (records.scope).
        units_acl=application_acl(app),
        due_at=app.due_at,
        fields={
            "applicant": applicant.name,
            "identifier": applicant.identifier,
            "executor": executor.get_full_name() if executor else "",
            "channel": app.channel,
        },
    )


def describe_licence(licence) -> Record:
    return Record(
        title=str(licence),
        text=[licence.holder.name, licence.activity],
        date=licence.issued_at,
        numbers=[licence.number],
        identifiers=[licence.holder.identifier],
        service="licence",
        state=licence.state,
        fields={
            "applicant": licence.holder.name,
            "identifier": licence.holder.identifier,
            "kind": licence.kind,
        },
    )


def _applications_of(applicant) -> Any:
    return applicant.applications.values_list("pk", flat=True)


def _licences_of(applicant) -> Any:
    return applicant.licences.values_list("pk", flat=True)


def register() -> None:
    from records.applications import Application
    from records.licences import Licence
    from records.states import STATE_LABELS

    register_record_type(
        RecordType(
            name="application",
            label=_("Application"),
            model="records.Application",
            describe=describe_application,
            roles=STAFF_ROLES,
            queryset=lambda: Application.objects.select_related("applicant", "assigned_executor", "unit"),
            related={"records.Applicant": _applications_of},  # the applicant's name is in the document
            state_labels=STATE_LABELS,
            fields=FIELDS,
            unit_scoped=True,
            user_units=user_acl,
        )
    )
    register_record_type(
        RecordType(
            name="licence",
            label=_("Licence"),
            model="records.Licence",
            describe=describe_licence,
            roles=STAFF_ROLES,
            queryset=lambda: Licence.objects.select_related("holder"),
            related={"records.Applicant": _licences_of},
            state_labels=dict(Licence.STATE_CHOICES),
            fields=FIELDS,
        )
    )
