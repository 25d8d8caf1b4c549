"""Applicants (өтініш беруші): individuals identified by an IIN and legal entities identified by a BIN."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .identifiers import normalize, parse_bin, parse_iin

LANGUAGE_CHOICES = [("kk", _("Kazakh")), ("ru", _("Russian"))]


class Applicant(models.Model):
    INDIVIDUAL = "individual"
    LEGAL_ENTITY = "legal_entity"
    KIND_CHOICES = [(INDIVIDUAL, _("Individual")), (LEGAL_ENTITY, _("Legal entity"))]

    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    # IIN for an individual, BIN for a legal entity; the tracker looks applications up by it.
    identifier = models.CharField(_("IIN / BIN"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The language the applicant is written to in (notifications): the one they last filed in on the portal.
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="kk")
    # The portal account of the applicant, if they use the portal.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant_profile",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    @property
    def identifier_label(self):
        return _("IIN") if self.kind == self.INDIVIDUAL else _("BIN")

    def clean(self) -> None:
        self.identifier = normalize(self.identifier)
        parse = parse_iin if self.kind == self.INDIVIDUAL else parse_bin
        try:
            parse(self.identifier)
        except ValidationError as error:
            raise ValidationError({"identifier": error.messages}) from error


def remember_language(applicant: Applicant, language: str | None) -> Applicant:
    """Write to the applicant in ``language`` (the request's) from now on, if it is one we write in."""
    code = (language or "").split("-")[0]
    if code in dict(LANGUAGE_CHOICES) and applicant.language != code:
        applicant.language = code
        applicant.save(update_fields=["language"])
    return applicant
