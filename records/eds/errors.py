"""The typed failures of an EDS sign-in: each has a stable ``code`` and a message in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class EdsError(Exception):
    """A sign-in that cannot be accepted; ``message`` is shown to the applicant, ``detail`` is for the log."""

    code = "eds_error"
    default_message = _("The signature could not be verified.")

    def __init__(self, detail: str = "", message=None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.message = message or self.default_message


class MalformedSignature(EdsError):
    code = "malformed"
    default_message = _("The signature could not be read: send a CMS (PKCS#7) signature or a signed XML.")


class SignatureMismatch(EdsError):
    code = "bad_signature"
    default_message = _("The signature does not match the certificate.")


class ChallengeMismatch(EdsError):
    code = "challenge_mismatch"
    default_message = _("The signature was made over other data than this sign-in request.")


class ChallengeExpired(EdsError):
    code = "challenge_expired"
    default_message = _("The sign-in request has expired. Sign the new request.")


class ChallengeReused(EdsError):
    code = "challenge_reused"
    default_message = _("This sign-in request was already used. Sign the new request.")


class CertificateExpired(EdsError):
    code = "expired"
    default_message = _("The certificate is not valid now (expired or not yet valid).")


class UntrustedChain(EdsError):
    code = "untrusted"
    default_message = _("The certificate was not issued by a trusted certification authority.")


class CertificateRevoked(EdsError):
    code = "revoked"
    default_message = _("The certificate has been revoked.")


class KeyUsageNotAllowed(EdsError):
    code = "key_usage"
    default_message = _("The certificate is not meant for signing (key usage).")


class NoIdentifier(EdsError):
    code = "no_iin"
    default_message = _("The certificate carries no IIN of its holder.")


class UnsupportedAlgorithm(EdsError):
    code = "unsupported_algorithm"
    default_message = _("The signature algorithm of this certificate is not supported here.")


class ServiceUnreachable(EdsError):
    code = "service_unreachable"
    default_message = _("The signature verification service is unreachable. Try again later.")


class ServiceError(EdsError):
    code = "service_error"
    default_message = _("The signature verification service gave an answer that could not be understood.")


# The service's error codes (records.eds.http) and the errors they mean.
BY_CODE: dict[str, type[EdsError]] = {
    cls.code: cls
    for cls in (
        MalformedSignature,
        SignatureMismatch,
        ChallengeMismatch,
        CertificateExpired,
        UntrustedChain,
        CertificateRevoked,
        KeyUsageNotAllowed,
        NoIdentifier,
        UnsupportedAlgorithm,
    )
}
