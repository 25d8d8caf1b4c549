"""Records in the archivist search: one document per record, from a RecordType's ``describe`` function.

Built in: applications (records), licences (records), issued documents (certificates).  The body-camera
journal's entries and recordings register the same way when the records app has them — the hook::

    # search/sources/records.py, in register():
    register_record_type(RecordType(
        name="journal_entry", label=_("Journal entry"), model="records.JournalEntry",
        describe=describe_journal_entry, roles=JOURNAL_ROLES, ...))
    register_record_type(RecordType(
        name="recording", label=_("Recording"), model="records.MediaRecord",
        describe=describe_recording, roles=RECORDING_ROLES, unit_scoped=True, ...))

where ``describe_recording`` returns a Record with ``unit`` and ``units_acl=[unit]`` (only the responsible
persons and heads of that unit see it, see search.access) and ``retention`` («1y» / «5y», act 000 point 12).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..access import APPLICATION_ROLES
from ..analysis import analyze
from ..analysis.citations import citation_tokens
from ..documents import with_digest
from ..registry import Docs, Record, RecordType, Source, register_record_type
from .dates import iso, local_year

LABEL_LANGUAGES = ("kk", "ru")
_IDENTIFIER_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def source_for(record_type: RecordType) -> Source:
    def build(object_ids: list[str]) -> Docs:
        found = {str(obj.pk): obj for obj in record_type.objects().filter(pk__in=object_ids)}
        docs: Docs = {}
        for object_id in object_ids:
            obj = found.get(str(object_id))
            record = record_type.describe(obj) if obj is not None else None
            docs[str(object_id)] = [record_document(record_type, obj.pk, record)] if record else []
        return docs

    def object_ids() -> Iterator[str]:
        for pk in record_type.objects().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000):
            yield str(pk)

    concrete = record_type.model_class()._meta.label
    return Source(
        name=record_type.name,
        index="records",
        build=build,
        object_ids=object_ids,
        count=lambda: record_type.objects().count(),
        triggers={concrete: lambda obj: [obj.pk], **record_type.related},
    )


def record_document(record_type: RecordType, pk: Any, record: Record) -> dict[str, Any]:
    # IIN/BIN never reach the searchable text: they are matched only for the roles that may see them.
    parts = [_IDENTIFIER_RE.sub(" ", str(part)) for part in (record.title, *record.text) if part]
    text = "\n".join(dict.fromkeys(part.strip() for part in parts if part.strip()))
    # The labels of the record's type, state and service in both languages are searched («лицензия» finds the
    # licence register) but not shown in the snippet.
    analysis = analyze("\n".join([text, *labels(record_type, record)]))
    key = f"{record_type.name}:{pk}"
    return with_digest(
        {
            "id": key,
            "group": key,
            "sort_key": f"{record_type.name}:{int(pk):012d}" if str(pk).isdigit() else key,
            "sort_date": iso(record.date),
            "record_type": record_type.name,
            "record_id": str(pk),
            "title": record.title,
            "numbers": [n for n in record.numbers if n],
            "service": record.service,
            "state": record.state,
            "unit": record.unit,
            "year": local_year(record.date),
            "retention": record.retention,
            "due_at": iso(record.due_at),
            "identifiers": " ".join(i for i in record.identifiers if i),
            "units_acl": sorted(record.units_acl) if record_type.unit_scoped else [],
            "fields": {key: str(value) for key, value in record.fields.items() if value not in (None, "")},
            "text": text,
            "text_stems": analysis.stems,
            "text_words": analysis.words,
            "text_folded": analysis.folded,
            "refs": " ".join(citation_tokens(text)),
        }
    )


def labels(record_type: RecordType, record: Record) -> list[str]:
    """The Kazakh and Russian labels of the record's type, state and service."""
    return list(_labels(record_type.name, record.state, record.service))


@lru_cache(maxsize=4096)  # a handful of combinations, met once per document when a whole index is built
def _labels(type_name: str, state: str, service: str) -> tuple[str, ...]:
    from portal.procedure import SERVICE_CHOICES

    from ..registry import record_type as registered

    record_type = registered(type_name)
    found = []
    for language in LABEL_LANGUAGES:
        with translation.override(language):
            found.append(str(record_type.label))
            if state in record_type.state_labels:
                found.append(str(record_type.state_labels[state]))
            if service:
                found.append(str(dict(SERVICE_CHOICES).get(service, "")))
    return tuple(dict.fromkeys(label for label in found if label))


def _strings(data: Any) -> Iterator[str]:
    """The text values of a JSON object (filed details), skipping identifiers' keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not any(word in str(key).lower() for word in ("iin", "bin", "identifier")):
                yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str) and data.strip():
        yield data


# -- applications ------------------------------------------------------------------------------------------


def describe_application(app) -> Record:
    from portal.procedure import SERVICES

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
            *_strings(app.details),
            *(str(doc.get("name", "")) for doc in app.documents if isinstance(doc, dict)),
        ],
        date=app.received_at,
        numbers=[app.registration_no, app.result_number],
        identifiers=[applicant.identifier, app.representative_iin],
        service=app.service,
        state=app.state,
        unit=str(app.details.get("territorial_unit", "")) if isinstance(app.details, dict) else "",
        due_at=app.due_at,
        fields={
            "applicant": applicant.name,
            "identifier": applicant.identifier,
            "executor": executor.get_full_name() if executor else "",
            "channel": app.channel,
        },
    )


def _applications_of_applicant(applicant) -> Any:
    return applicant.applications.values_list("pk", flat=True)


# -- licences ----------------------------------------------------------------------------------------------


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


# -- issued documents --------------------------------------------------------------------------------------


def describe_issued_document(document) -> Record:
    from certificates import layouts

    try:
        title_kk = layouts.get(document.doc_type).title
    except layouts.UnknownDocumentType:
        title_kk = document.doc_type
    return Record(
        title=document.number,
        text=[title_kk, document.holder_name, document.issuer, *_strings(document.payload)],
        date=document.issued_at,
        numbers=[document.number],
        identifiers=[document.holder_id],
        state=document.status,
        fields={
            "applicant": document.holder_name,
            "identifier": document.holder_id,
            "doc_type": title_kk,
            "source": _source_record(document.source_record_type, document.source_record_id),
        },
    )


def _source_record(record_type: str, record_id: str) -> str:
    """The registration number of the application a document was issued on (or the plain reference)."""
    if record_type == "records.application" and record_id.isdigit():
        number = (
            apps.get_model("records.Application")
            .objects.filter(pk=record_id)
            .values_list("registration_no", flat=True)
            .first()
        )
        if number:
            return number
    return f"{record_type}:{record_id}" if record_id else ""


COMMON_FIELDS = {
    "applicant": _("Applicant or holder"),
    "identifier": _("IIN / BIN"),
    "executor": _("Executor"),
    "channel": _("Channel"),
    "kind": _("Kind"),
    "doc_type": _("Document type"),
    "source": _("Issued on"),
}


def register() -> None:
    from records.licences import Licence
    from records.states import STATE_LABELS

    register_record_type(
        RecordType(
            name="application",
            label=_("Application"),
            model="records.Application",
            describe=describe_application,
            roles=APPLICATION_ROLES,
            queryset=lambda: apps.get_model("records.Application").objects.select_related(
                "applicant", "assigned_executor"
            ),
            related={"records.Applicant": _applications_of_applicant},
            state_labels=STATE_LABELS,
            fields=COMMON_FIELDS,
        )
    )
    register_record_type(
        RecordType(
            name="licence",
            label=_("Licence"),
            model="records.Licence",
            describe=describe_licence,
            roles=APPLICATION_ROLES,
            queryset=lambda: Licence.objects.select_related("holder"),
            related={"records.Applicant": lambda applicant: applicant.licences.values_list("pk", flat=True)},
            state_labels=dict(Licence.STATE_CHOICES),
            fields=COMMON_FIELDS,
        )
    )
    if apps.is_installed("certificates"):
        from certificates.models import IssuedDocument

        register_record_type(
            RecordType(
                name="issued_document",
                label=_("Issued document"),
                model="certificates.IssuedDocument",
                describe=describe_issued_document,
                roles=APPLICATION_ROLES,
                state_labels=dict(IssuedDocument.Status.choices),
                fields=COMMON_FIELDS,
            )
        )
