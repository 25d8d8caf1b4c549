"""The electronic-signature check of applications filed through the portal (DOMAIN §2.3.1, condition 2).

The check is pluggable: ``settings.RECORDS_SIGNATURE_VERIFIER`` names ``callable(SignedRequest) ->
SignatureResult``.  No verifier of the national PKI (NCALayer / the certificate authority's OCSP) is connected
yet for the request itself, so the default records a portal application filed by an applicant signed in
with an EDS certificate (records.eds) as "signature verified" with that certificate, any other as
"signature not verified"; staff see that on the record.  A verifier that returns "refused" makes the portal
intake refuse the application (``reject_at_portal`` with the message "the signature could not be confirmed").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

VERIFIED, NOT_VERIFIED, REFUSED = "verified", "not_verified", "refused"
STATUS_CHOICES = [
    (VERIFIED, _("Signature verified")),
    (NOT_VERIFIED, _("Signature not verified")),
    (REFUSED, _("Signature refused")),
]
DEFAULT_VERIFIER = "records.signatures.no_verifier"


@dataclass(frozen=True)
class SignedRequest:
    identifier: str  # the applicant's IIN/BIN, which the certificate must carry
    content: str  # what was signed: the request as the applicant submitted it
    signature: str  # the CMS signature as sent (base64), "" when none was sent
    # The applicant's verified EDS sign-in (records.eds: its certificate described), "" when none.
    signed_in: str = ""


@dataclass(frozen=True)
class SignatureResult:
    status: str  # VERIFIED, NOT_VERIFIED or REFUSED
    detail: str = ""


def no_verifier(request: SignedRequest) -> SignatureResult:
    """The default: the certificate the applicant signed in with (records.eds) proves who filed; without a
    sign-in nothing is checked, and the record says so."""
    if request.signed_in:
        return SignatureResult(VERIFIED, request.signed_in)
    return SignatureResult(NOT_VERIFIED, "no signature verifier is configured")


class SignatureCheck(models.Model):
    """The outcome of the signature check of one portal application."""

    application = models.OneToOneField(
        "records.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="signature_check",
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    verifier = models.CharField(_("verifier"), max_length=200)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature check")
        verbose_name_plural = _("signature checks")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.status}"


def verifier_path() -> str:
    return getattr(settings, "RECORDS_SIGNATURE_VERIFIER", DEFAULT_VERIFIER)


def check_signature(application, request: SignedRequest) -> SignatureCheck:
    """Run the configured verifier and record its outcome for ``application`` (call inside the filing's
    transaction)."""
    path = verifier_path()
    result = import_string(path)(request)
    if result.status not in dict(STATUS_CHOICES):
        raise ValueError(f"{path} returned an unknown status {result.status!r}")
    return SignatureCheck.objects.create(
        application=application, status=result.status, detail=result.detail[:500], verifier=path
    )
