"""The service catalogue: the six state services of act 003 (Zhambyl akimat resolution No. 19 / reg. 3350)
as data, and the roles that act in them.

Pure Python (no models, no database): the lowest layer, imported by every app and importing none
(docs/architecture.md).  One module per service holds its declarative table (``catalogue.service.Service``);
``catalogue.roles`` is the one place where roles are defined; ``catalogue.journal`` holds the recorder
journal's column headings (act 000).

Kazakh actor, action and limit texts are the act's own words with only the extraction repairs of DOMAIN §5.3
(joined lines, Latin homoglyphs) applied; the original spelling is kept.
"""

from __future__ import annotations

from django.utils.functional import Promise

from catalogue import (
    animal_identification,
    attestation,
    licence,
    registration_number,
    vet_certificate,
    vet_sanitary_conclusion,
)
from catalogue.service import Service, WaitingPeriod
from catalogue.steps import (
    MAIN,
    SUBCASE_CHOICES,
    SUBCASE_LABELS,
    ProcedureResult,
    ProcedureStep,
    group_by_subcase,
)

# In the order the resolution approves them (its point 1, sub-points 1)–6)).
SERVICES: dict[str, Service] = {
    module.SERVICE.code: module.SERVICE
    for module in (
        vet_sanitary_conclusion,
        vet_certificate,
        registration_number,
        animal_identification,
        attestation,
        licence,
    )
}
SERVICE_CHOICES: list[tuple[str, Promise]] = [(code, info.label) for code, info in SERVICES.items()]
SERVICE_BY_DOCUMENT_SEQ: dict[int, str] = {info.document_seq: code for code, info in SERVICES.items()}


def service(code: str) -> Service:
    """The table of service ``code``; ValueError names the known codes when it is not one."""
    try:
        return SERVICES[code]
    except KeyError:
        raise ValueError(f"Unknown service code {code!r}; expected one of {sorted(SERVICES)}") from None


__all__ = [
    "MAIN",
    "SERVICES",
    "SERVICE_BY_DOCUMENT_SEQ",
    "SERVICE_CHOICES",
    "SUBCASE_CHOICES",
    "SUBCASE_LABELS",
    "ProcedureResult",
    "ProcedureStep",
    "Service",
    "WaitingPeriod",
    "group_by_subcase",
    "service",
]
