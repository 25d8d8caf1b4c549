"""Issued documents in the archivist search: registered with search from CertificatesConfig.ready()."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalogue.roles import STAFF_ROLES
from search.registry import Record, RecordType, register_record_type
from search.sources.records import HOLDER_FIELDS, json_strings

from . import layouts
from .models import IssuedDocument

FIELDS = {
    **HOLDER_FIELDS,
    "doc_type": _("Document type"),
    "source": _("Issued on"),
}


def describe_issued_document(document: IssuedDocument) -> Record:
    try:
        title_kk = layouts.get(document.doc_type).title
    except layouts.UnknownDocumentType:
        title_kk = document.doc_type
    return Record(
        title=document.number,
        text=[title_kk, document.holder_name, document.issuer, *json_strings(document.payload)],
        date=document.issued_at,
        numbers=[document.number],
        identifiers=[document.holder_id],
        state=document.status,
        fields={
            "applicant": document.holder_name,
            "identifier": document.holder_id,
            "doc_type": title_kk,
            "source": source_record(document.source_record_type, document.source_record_id),
        },
    )


def source_record(record_type: str, record_id: str) -> str:
    """The record a document was issued on as it names itself (an application: its registration number),
    or the plain reference.  ``record_type`` is a model label ("records.application"): certificates does not
    know the apps that issue documents."""
    if record_type and record_id:
        try:
            found = apps.get_model(record_type)._default_manager.filter(pk=record_id).first()
        except (LookupError, TypeError, ValueError, ValidationError):  # not a model, or not one of its ids
            found = None
        if found is not None and str(found):
            return str(found)
    return f"{record_type}:{record_id}" if record_id else ""


def register() -> None:
    register_record_type(
        RecordType(
            name="issued_document",
            label=_("Issued document"),
            model="certificates.IssuedDocument",
            describe=describe_issued_document,
            roles=STAFF_ROLES,
            state_labels=dict(IssuedDocument.Status.choices),
            fields=FIELDS,
        )
    )
