"""The state machines of the six services: one proxy model of ``records.applications.Application`` each.

Importing this package registers them (``records.applications.SERVICE_MODELS``).
"""

from .animal_identification import AnimalIdentificationApplication
from .attestation import AttestationApplication
from .licence import LicenceApplication
from .registration_number import RegistrationNumberApplication
from .vet_certificate import VetCertificateApplication
from .vet_sanitary_conclusion import VetSanitaryConclusionApplication

__all__ = [
    "AnimalIdentificationApplication",
    "AttestationApplication",
    "LicenceApplication",
    "RegistrationNumberApplication",
    "VetCertificateApplication",
    "VetSanitaryConclusionApplication",
]
