"""The signer certificate's chain: from the signer through the intermediates the signature carries to one of
the configured trust roots (``RECORDS_EDS_TRUST_ROOTS``: PEM files), each certificate valid now, issuers
marked as CAs, the signer's key usage allowing digital signatures when it is stated, and none revoked by
the CRLs of ``RECORDS_EDS_CRLS`` (PEM or DER files), when set."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from django.conf import settings

from .errors import CertificateExpired, CertificateRevoked, KeyUsageNotAllowed, UntrustedChain

MAX_DEPTH = 6
logger = logging.getLogger(__name__)


def _load_pems(paths: Iterable) -> list[x509.Certificate]:
    certs: list[x509.Certificate] = []
    for path in paths:
        try:
            certs += x509.load_pem_x509_certificates(Path(path).read_bytes())
        except (OSError, ValueError) as error:  # e.g. the demo root before seed_demo wrote it
            logger.warning("EDS trust root %s not loaded: %s", path, error)
    return certs


def trust_roots() -> list[x509.Certificate]:
    return _load_pems(getattr(settings, "RECORDS_EDS_TRUST_ROOTS", []))


def crls() -> list[x509.CertificateRevocationList]:
    lists = []
    for path in getattr(settings, "RECORDS_EDS_CRLS", []):
        raw = Path(path).read_bytes()
        load = x509.load_pem_x509_crl if raw.lstrip().startswith(b"-----") else x509.load_der_x509_crl
        lists.append(load(raw))
    return lists


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _check_time(cert: x509.Certificate, now: datetime) -> None:
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise CertificateExpired(
            f"{cert.subject.rfc4514_string()} valid {cert.not_valid_before_utc} - {cert.not_valid_after_utc}"
        )


def _check_key_usage(cert: x509.Certificate) -> None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.digital_signature:
        raise KeyUsageNotAllowed(f"{cert.subject.rfc4514_string()}: no digitalSignature")


def _check_revoked(chain: list[x509.Certificate], lists: list[x509.CertificateRevocationList]) -> None:
    for cert, issuer in zip(chain, chain[1:], strict=False):
        for crl in lists:
            if crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):
                continue
            if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
                raise CertificateRevoked(f"{cert.subject.rfc4514_string()} serial {cert.serial_number:x}")


def verify_chain(
    signer: x509.Certificate, others: Iterable[x509.Certificate], *, now: datetime | None = None
) -> list[x509.Certificate]:
    """The chain signer → … → trust root; raises the matching ``EdsError`` when there is none."""
    now = now or datetime.now(UTC)
    roots = trust_roots()
    pool = [c for c in others if c != signer]
    _check_key_usage(signer)
    chain = [signer]
    while len(chain) <= MAX_DEPTH:
        current = chain[-1]
        _check_time(current, now)
        root = next((r for r in roots if _issued_by(current, r)), None)
        if root is not None:
            _check_time(root, now)
            chain.append(root)
            _check_revoked(chain, crls())
            return chain
        parent = next((c for c in pool if c not in chain and _is_ca(c) and _issued_by(current, c)), None)
        if parent is None:
            break
        chain.append(parent)
    raise UntrustedChain(f"no trusted root for {signer.issuer.rfc4514_string()}")
