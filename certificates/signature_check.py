"""Is a PDF's electronic signature valid?  pyHanko's validator, offline, on what the file carries: the
signature intact and covering the whole file, the chain to the configured roots (CERTIFICATES_TRUST_ROOTS)
at the time of its trusted timestamp, not revoked then according to the OCSP answers and CRLs embedded
(PAdES-B-LT), the timestamp itself valid.  A GOST 34.10 signature (Kazakhstan's national algorithms) cannot
be checked here and goes to the verification service (certificates.gost_service).

``check_pdf(data)`` returns a ``SignatureReport``; its ``message()`` says the outcome in plain words of the
active language (the verify page, the upload check, ``manage.py verify_document``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

VALID = "valid"
UNSIGNED = "unsigned"
DAMAGED = "damaged"  # not a readable PDF or not a readable signature
MODIFIED = "modified"  # changed after signing
UNTRUSTED = "untrusted"  # no chain to the configured roots
REVOKED = "revoked"
EXPIRED = "expired"
NO_TIMESTAMP = "no_timestamp"
NO_VALIDATION_DATA = "no_validation_data"  # OCSP/CRL missing: cannot be checked years later
SERVICE_UNAVAILABLE = "service_unavailable"  # GOST: the verification service did not answer

# GOST R 34.10 / 34.11 (Russian arc 1.2.643) and Kazakhstan's GOST 34.310 (1.2.398.3.10): algorithms the
# national verification service checks, not this process.
GOST_ARCS = ("1.2.643.", "1.2.398.3.10.")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignatureReport:
    outcome: str
    signer: str = ""
    serial: str = ""
    signed_at: datetime | None = None
    detail: str = ""  # technical, for logs and the command line
    checked_by_service: bool = False

    @property
    def valid(self) -> bool:
        return self.outcome == VALID

    def message(self) -> str:
        """The outcome in plain words (translated)."""
        return {
            VALID: _("The electronic signature is valid: the file is unchanged since it was signed."),
            UNSIGNED: _("The file carries no electronic signature."),
            DAMAGED: _("The electronic signature cannot be read: the file is damaged."),
            MODIFIED: _("The electronic signature is NOT valid: the file was changed after it was signed."),
            UNTRUSTED: _(
                "The electronic signature is NOT valid: its certificate is not from a trusted authority."
            ),
            REVOKED: _(
                "The electronic signature is NOT valid: its certificate was revoked before it was signed."
            ),
            EXPIRED: _(
                "The electronic signature is NOT valid: its certificate had expired when it was signed."
            ),
            NO_TIMESTAMP: _("The electronic signature is NOT valid: it has no valid trusted timestamp."),
            NO_VALIDATION_DATA: _(
                "The electronic signature cannot be confirmed: the file lacks the certificate status data."
            ),
            SERVICE_UNAVAILABLE: _(
                "The signature uses GOST algorithms and the verification service does not answer: "
                "try again later."
            ),
        }[self.outcome]


def is_gost(algorithm_oid: str) -> bool:
    return algorithm_oid.startswith(GOST_ARCS)


def check_pdf(data: bytes) -> SignatureReport:
    """Validate every signature of the PDF; the first that fails is reported, else the last (ours: one)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        return SignatureReport(DAMAGED, detail=str(error))
    if not signatures:
        return SignatureReport(UNSIGNED)
    report = SignatureReport(UNSIGNED)
    for signature in signatures:
        try:
            report = _check_one(reader, signature, data)
        except Exception as error:  # a malformed CMS raises whatever asn1crypto meets
            logger.info("signature check failed: %r", error)
            report = SignatureReport(DAMAGED, detail=repr(error))
        if not report.valid:
            return report
    return report


def _check_one(reader, signature, data: bytes) -> SignatureReport:
    algorithm = signature.signer_info["signature_algorithm"]["algorithm"].dotted
    digest = signature.signer_info["digest_algorithm"]["algorithm"].dotted
    if is_gost(algorithm) or is_gost(digest):
        from certificates import gost_service

        return gost_service.check(data)
    cert = signature.signer_cert
    facts = {
        "signer": cert.subject.native.get("common_name", cert.subject.human_friendly),
        "serial": format(cert.serial_number, "X"),
    }
    signed_at = _timestamp_time(signature)
    if signed_at is None:
        return SignatureReport(NO_TIMESTAMP, **facts)
    facts["signed_at"] = signed_at
    status = _validate(reader, signature, signed_at)
    outcome = _outcome(status, signature)
    return SignatureReport(outcome, detail=status.summary(), **facts)


def _timestamp_time(signature) -> datetime | None:
    """The time the token claims (the validator then checks the token itself)."""
    from asn1crypto import cms, tsp

    for attribute in signature.signer_info["unsigned_attrs"] or ():
        if attribute["type"].dotted == "1.2.840.113549.1.9.16.2.14":
            token: cms.ContentInfo = attribute["values"][0]
            content = token["content"]["encap_content_info"]["content"].parsed
            if isinstance(content, tsp.TSTInfo):
                return content["gen_time"].native
    return None


def _validate(reader, signature, moment: datetime):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    from certificates import signing

    signing.ensure_test_pki()
    options = {
        "trust_roots": signing.trust_roots(),
        "moment": moment,
        "allow_fetching": False,
        "revocation_mode": "hard-fail",
        "retroactive_revinfo": True,  # status data fetched just before the timestamp still speaks for it
    }
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        context = dss.as_validation_context(options)
        ts_context = dss.as_validation_context(options)
    except NoDSSFoundError:
        from pyhanko_certvalidator import ValidationContext

        context, ts_context = ValidationContext(**options), ValidationContext(**options)
    return signing.run_outside_event_loop(
        validate_pdf_signature, signature, context, ts_validation_context=ts_context
    )


def _outcome(status, signature) -> str:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    if not status.intact:
        return MODIFIED
    if not status.valid:
        return DAMAGED
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    if not whole:
        return MODIFIED
    problem = status.trust_problem_indic
    if status.revoked or problem in (AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE):
        return REVOKED
    if problem in (
        AdESIndeterminate.EXPIRED,
        AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
        AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
        AdESIndeterminate.NOT_YET_VALID,
        AdESFailure.NOT_YET_VALID,
    ):
        return EXPIRED
    if problem == AdESIndeterminate.TRY_LATER or problem == AdESIndeterminate.REVOCATION_OUT_OF_BOUNDS_NO_POE:
        return NO_VALIDATION_DATA
    if not status.trusted:
        return UNTRUSTED
    stamp = status.timestamp_validity
    if stamp is None or not (stamp.intact and stamp.valid and stamp.trusted):
        return NO_TIMESTAMP
    return VALID
