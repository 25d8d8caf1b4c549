"""The document an application's result produces (issue 4, point 5: issuing is part of the workflow).

``records.services.on_result_issued`` calls ``issue_result_document`` inside the transition that reaches a
result; the document is numbered, rendered, stored and registered by ``certificates.services`` in the same
transaction, so a document that cannot be issued fails the transition and nothing of it stays.

    refused / refused_incomplete   → refusal, with its ground
    vet_sanitary_conclusion        → vet_sanitary_conclusion (complies, or not with the recommendations)
    vet_certificate                → vet_certificate
    registration_number            → registration_confirmation
    animal_identification          → vet_passport; a re-identification re-issues the passport of the retired
                                     number (which becomes superseded); duplicate_passport → a duplicate of
                                     the registered passport; passport_extract → passport_extract
    attestation                    → attestation_sheet
    licence                        → licence (licence_annex for an annex), numbered with the licence's own
                                     number; a re-issue or duplicate names the current document of the
                                     licence concerned, and a duplicate replaces it (issue 14)

An application gets one result document: when its source record already holds one, nothing is issued.
The payloads (what is printed) are built in ``records.result_payloads``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certificates.services import documents_for, issue_document, mark_replaced

from .applications import Application
from .errors import GuardFailed
from .result_payloads import Plan, plan_for, registered_passport, source_record

if TYPE_CHECKING:
    from certificates.models import IssuedDocument

__all__ = ["RESULT_TYPES", "issue_result_document", "registered_passport", "source_record"]

# The document types a result may produce; other documents of an application (receipt…) are not results.
RESULT_TYPES = frozenset(
    {
        "refusal",
        "vet_sanitary_conclusion",
        "vet_certificate",
        "registration_confirmation",
        "vet_passport",
        "passport_extract",
        "attestation_sheet",
        "licence",
        "licence_annex",
    }
)


def number_series(app: Application) -> str:
    """The register a result's number comes from: the handling unit's («ВА-2026-07-000123» for unit 7), so
    that units issuing at the same moment never wait for one another's counter."""
    return f"{app.unit_id:02d}" if app.unit_id else ""


def issue_result_document(app: Application, *, by: Any) -> IssuedDocument | None:
    """Issue the result document of ``app`` (in a result state) as ``by``; None when it already has one.

    Raises GuardFailed, with the reason in the user's language, when the document cannot be issued (data
    missing, the original of a duplicate not registered…); the caller's transaction then rolls back.
    """
    if any(doc.doc_type in RESULT_TYPES for doc in documents_for(source_record(app))):
        return None
    plan: Plan = plan_for(app, by)
    try:
        document = issue_document(
            plan.doc_type,
            holder_name=app.applicant.name,
            holder_id=app.applicant.identifier,
            payload=plan.payload,
            issued_by=by,
            source_record=source_record(app),
            original=plan.original,
            relation=plan.relation,
            series=number_series(app),
            number=plan.number,
            signatory=plan.signatory,
        )
        if plan.replaces_original:
            mark_replaced(plan.original, by=document)
        return document
    except ValidationError as error:
        raise GuardFailed(
            _("The result document cannot be issued: %(problems)s"),
            params={"problems": " ".join(str(m) for m in error.messages)},
        ) from error
