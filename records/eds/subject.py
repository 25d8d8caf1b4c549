"""Reading who holds a certificate from its subject, as the national certification authority (NCA/ҰКО)
writes it: ``SERIALNUMBER=IIN123456789012`` (the person), ``OU=BIN123456789012`` and ``O`` (the organisation,
in a legal entity's certificates), ``CN`` (surname and given name), ``SURNAME`` and ``GIVENNAME`` (the NCA
puts the patronymic there)."""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

from ..identifiers import normalize, parse_bin, parse_iin
from . import SignerIdentity
from .errors import NoIdentifier


def _values(name: x509.Name, oid) -> list[str]:
    return [str(attr.value).strip() for attr in name.get_attributes_for_oid(oid)]


def _tagged(values: list[str], prefix: str) -> str:
    for value in values:
        if value.upper().startswith(prefix):
            return normalize(value[len(prefix) :])
    return ""


def _person_name(subject: x509.Name) -> str:
    common = " ".join(_values(subject, NameOID.COMMON_NAME))
    surname = " ".join(_values(subject, NameOID.SURNAME))
    given = " ".join(_values(subject, NameOID.GIVEN_NAME))
    name = common or f"{surname} {given}".strip()
    if common and given and given.casefold() not in common.casefold():
        name = f"{common} {given}"  # NCA: CN "SURNAME NAME", GIVENNAME the patronymic
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


def valid_identity(identity: SignerIdentity) -> bool:
    """The IIN (and the BIN, when there is one) are well-formed numbers."""
    try:
        parse_iin(identity.iin)
        if identity.bin:
            parse_bin(identity.bin)
    except ValidationError:
        return False
    return True


def identity_of(cert: x509.Certificate) -> SignerIdentity:
    """The holder of ``cert``; ``NoIdentifier`` when the subject carries no valid IIN (or a bad BIN)."""
    subject = cert.subject
    iin = _tagged(_values(subject, NameOID.SERIAL_NUMBER), "IIN")
    bin_ = _tagged(_values(subject, NameOID.ORGANIZATIONAL_UNIT_NAME), "BIN")
    try:
        parse_iin(iin)
        if bin_:
            parse_bin(bin_)
    except ValidationError as error:
        raise NoIdentifier(f"subject {subject.rfc4514_string()}: {error}") from error
    return SignerIdentity(
        iin=iin,
        name=_person_name(subject),
        bin=bin_,
        organisation=" ".join(_values(subject, NameOID.ORGANIZATION_NAME)) if bin_ else "",
        serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.rfc4514_string(),
    )
