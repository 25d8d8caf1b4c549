"""Applicant accounts: a verified sign-in finds or creates the ``Applicant`` of the certificate's IIN (or
BIN, for a legal entity's certificate) and its portal user, and records who signed in with which
certificate (``SignIn``; for a legal entity, the person who signed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role, ensure_groups

from ..applicants import Applicant
from ..names import clean_spaces
from . import SignerIdentity
from .errors import NoIdentifier

SESSION_SIGNER = "records_eds_signer"


class SignIn(models.Model):
    """One accepted EDS sign-in: the applicant, the person who signed and the certificate."""

    applicant = models.ForeignKey(
        Applicant, verbose_name=_("applicant"), on_delete=models.CASCADE, related_name="sign_ins"
    )
    person_iin = models.CharField(_("IIN of the person who signed"), max_length=12)
    person_name = models.CharField(_("name of the person who signed"), max_length=300)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=80)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=500, blank=True)
    verifier = models.CharField(_("verifier"), max_length=200)
    signed_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        app_label = "records"
        verbose_name = _("EDS sign-in")
        verbose_name_plural = _("EDS sign-ins")
        ordering = ["-signed_in_at"]

    def __str__(self) -> str:
        return f"{self.person_iin} → {self.applicant_id} ({self.signed_in_at:%Y-%m-%d %H:%M})"


def _applicant_of(identity: SignerIdentity) -> Applicant:
    """The certificate's applicant; the certificate's name replaces a differently typed one (it is proven)."""
    if identity.is_legal_entity:
        kind, number, name = Applicant.LEGAL_ENTITY, identity.bin, identity.organisation or identity.name
    else:
        kind, number, name = Applicant.INDIVIDUAL, identity.iin, identity.name
    name = clean_spaces(name)
    if not name:
        raise NoIdentifier(f"no name in the certificate of {number}")
    applicant, created = Applicant.objects.select_for_update().get_or_create(
        identifier=number, defaults={"kind": kind, "name": name}
    )
    if applicant.kind != kind:
        raise NoIdentifier(f"{number} is registered as {applicant.kind}")
    if not created and applicant.name != name:
        applicant.name = name
        applicant.save(update_fields=["name"])
    return applicant


def _user_for(applicant: Applicant, identity: SignerIdentity):
    """The applicant's portal user (role applicant, no password: the certificate is the only way in)."""
    user = applicant.user
    if user is None:
        ensure_groups()
        model = get_user_model()
        user, _created = model.objects.get_or_create(
            username=f"applicant-{applicant.identifier}", defaults={"is_active": True}
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
        applicant.user = user
        applicant.save(update_fields=["user"])
    surname, _sep, rest = clean_spaces(identity.name).partition(" ")
    user.last_name, user.first_name = surname[:150], rest[:150]
    user.save(update_fields=["last_name", "first_name"])
    return user


def sign_in_account(identity: SignerIdentity, verifier: str):
    """(applicant, user) for a verified ``identity``; the sign-in is recorded.  One transaction."""
    with transaction.atomic():
        applicant = _applicant_of(identity)
        user = _user_for(applicant, identity)
        SignIn.objects.create(
            applicant=applicant,
            person_iin=identity.iin,
            person_name=clean_spaces(identity.name)[:300],
            certificate_serial=identity.serial[:80],
            certificate_issuer=identity.issuer[:500],
            verifier=verifier[:200],
        )
    return applicant, user


def session_signer(identity: SignerIdentity) -> dict:
    """What the session keeps of the sign-in (the person who files, the certificate for the record)."""
    return {
        "iin": identity.iin,
        "name": identity.name,
        "bin": identity.bin,
        "serial": identity.serial,
        "describe": identity.describe(),
    }
