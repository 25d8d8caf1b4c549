"""The documents an application must come with, per service and kind ("" = the service has no kinds).

Point 9 of the standard (MinAgri order No. 7-1/418) lists them, but the act does not reproduce it (DOMAIN §6
item 4).  This is the minimal list the procedure itself needs [proposal, docs/decisions.md]: the application
in the established form for every service (p.4 "Basis to start"), plus what a step of the procedure checks
against (service 1 step 4: the object against the submitted documents; service 3 re-registration: the change
of name or legal form; service 5: the qualification the commission examines; service 6: the qualification
requirements of condition 4, the ground of a re-issue).  Records.intake requires them for the portal
channel, where the documents come only as files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RequiredDocument:
    code: str
    label: Promise  # English msgid, translated on display


APPLICATION = RequiredDocument("application", _("Application in the established form"))
OBJECT = RequiredDocument("object_documents", _("Documents on the object of control"))
NAME_CHANGE = RequiredDocument("name_change", _("Document confirming the change of name or legal form"))
EDUCATION = RequiredDocument("education", _("Document on veterinary education (diploma)"))
QUALIFICATION = RequiredDocument(
    "qualification", _("Documents confirming compliance with the qualification requirements")
)
REISSUE_GROUND = RequiredDocument("reissue_ground", _("Document confirming the ground for the re-issue"))

# service code -> kind -> the documents, in the order the form shows them.
REQUIRED_DOCUMENTS: dict[str, dict[str, tuple[RequiredDocument, ...]]] = {
    "vet_sanitary_conclusion": {"": (APPLICATION, OBJECT)},
    "vet_certificate": {"": (APPLICATION,)},
    "registration_number": {
        "assign": (APPLICATION,),
        "reregister_name_or_form": (APPLICATION, NAME_CHANGE),
        "confirm_slaughter_site": (APPLICATION,),
    },
    "animal_identification": {
        "identify_with_passport": (APPLICATION,),
        "duplicate_passport": (APPLICATION,),
        "passport_extract": (APPLICATION,),
        "reidentify_lost_tag": (APPLICATION,),
    },
    "attestation": {"": (APPLICATION, EDUCATION)},
    "licence": {
        "issue": (APPLICATION, QUALIFICATION),
        "reissue": (APPLICATION, REISSUE_GROUND),
        "duplicate": (APPLICATION,),
    },
}
DOCUMENT_LABELS: dict[str, Promise] = {
    doc.code: doc.label for kinds in REQUIRED_DOCUMENTS.values() for docs in kinds.values() for doc in docs
}


def required_documents(service_code: str, kind: str = "") -> tuple[RequiredDocument, ...]:
    """The documents an application of ``service_code`` and ``kind`` must come with (its first kind if "")."""
    kinds = REQUIRED_DOCUMENTS.get(service_code, {})
    if kind in kinds:
        return kinds[kind]
    return next(iter(kinds.values()), ()) if not kind else ()
