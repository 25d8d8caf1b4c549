"""Sign-in with an electronic digital signature (ЭЦҚ/ЭЦП) certificate.

The applicant's signing client signs a server challenge (``records.eds.challenges``); ``verify_signin``
checks the signature and the certificate and says who signed.  One interface, chosen by the setting
``RECORDS_EDS_VERIFIER`` (a dotted path to ``callable(challenge: bytes, signed: SignedPayload) ->
SignerIdentity``):

* ``records.eds.local.verify`` (default): CMS/PKCS#7 and XML-DSig with RSA or ECDSA, the chain checked
  against ``RECORDS_EDS_TRUST_ROOTS`` (PEM paths) and, when set, ``RECORDS_EDS_CRLS``;
* ``records.eds.http.verify``: the national GOST-capable verification service at
  ``RECORDS_EDS_SERVICE_URL`` (its JSON contract is in that module).

Every failure is a ``records.eds.errors.EdsError`` with a message in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_VERIFIER = "records.eds.local.verify"
CMS, XML = "cms", "xml"


@dataclass(frozen=True)
class SignedPayload:
    """What the signing client sent: a base64 CMS signature (detached) or a signed XML document."""

    data: str

    @property
    def format(self) -> str:
        return XML if self.data.lstrip("\ufeff \t\r\n").startswith("<") else CMS


@dataclass(frozen=True)
class SignerIdentity:
    """Who signed: the person's IIN and name, and for a legal entity's certificate its BIN and name."""

    iin: str
    name: str
    bin: str = ""
    organisation: str = ""
    serial: str = ""  # the certificate's serial number (hex)
    issuer: str = ""

    @property
    def is_legal_entity(self) -> bool:
        return bool(self.bin)

    def describe(self) -> str:
        """One line for records: whose certificate, which one."""
        holder = f"IIN {self.iin}" + (f", BIN {self.bin}" if self.bin else "")
        return f"EDS sign-in: {holder}, certificate {self.serial} ({self.issuer})"


def verifier_path() -> str:
    return getattr(settings, "RECORDS_EDS_VERIFIER", DEFAULT_VERIFIER)


def verify_signin(challenge: bytes, signed: SignedPayload) -> SignerIdentity:
    """Check ``signed`` over ``challenge`` with the configured verifier; raises ``EdsError``."""
    return import_string(verifier_path())(challenge, signed)
