"""Staff profiles: the full name and position of an official, in Kazakh and Russian, as documents print them.

A document names the official who signs it by the profile, never by the login (issue 16).  Administrators
fill the profiles in the Wagtail admin (records.staff_profiles_admin).  An official without a complete
profile cannot sign: ``signatory_for`` raises GuardFailed, and the transition that would issue the result
rolls back with nothing written.  Issued documents keep the names they printed: a later change of a
profile changes the next documents only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.signatory import Signatory

from .errors import GuardFailed

NO_OWN_PROFILE = _(
    "Fill in your staff profile (full name and position, in Kazakh and Russian) before signing: a document "
    "names the official who signs it, never a login. Administrators edit the profiles under «Staff profiles» "
    "in the admin."
)
NO_PROFILE = _(
    "%(user)s signs this document but has no complete staff profile: an administrator must fill in their "
    "full name and position (in Kazakh and Russian) under «Staff profiles» in the admin."
)
NO_SIGNER = _("The official who signs this document cannot be determined: no %(role)s took part in it.")


class StaffProfile(models.Model):
    """Who an official is on paper: full name and position in both languages of the documents."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    full_name_kk = models.CharField(
        _("full name (Kazakh)"), max_length=200, help_text=_("Surname, first name and patronymic.")
    )
    full_name_ru = models.CharField(_("full name (Russian)"), max_length=200)
    position_kk = models.CharField(
        _("position (Kazakh)"), max_length=255, help_text=_("As printed under the signature.")
    )
    position_ru = models.CharField(_("position (Russian)"), max_length=255)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["full_name_kk"]

    def __str__(self) -> str:
        return self.full_name_kk or str(self.user)

    @property
    def is_complete(self) -> bool:
        values = (self.full_name_kk, self.full_name_ru, self.position_kk, self.position_ru)
        return all((value or "").strip() for value in values)

    def signatory(self, role: str) -> Signatory:
        return Signatory(
            role=str(role),
            full_name_kk=self.full_name_kk.strip(),
            full_name_ru=self.full_name_ru.strip(),
            position_kk=self.position_kk.strip(),
            position_ru=self.position_ru.strip(),
            username=self.user.get_username(),
        )


def profile_of(user: Any) -> StaffProfile | None:
    """The user's complete profile, or None."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    profile = StaffProfile.objects.filter(user_id=user.pk).first()
    return profile if profile is not None and profile.is_complete else None


def signatory_for(user: Any, role: str, *, by: Any = None) -> Signatory:
    """The signatory ``user`` in ``role``; GuardFailed (in the reader's language) when they have no complete
    profile.  ``by`` is who performs the transition: the message tells them to fill in their own profile
    when they are the one who signs."""
    profile = profile_of(user)
    if profile is not None:
        return profile.signatory(role)
    if by is not None and getattr(by, "pk", None) == getattr(user, "pk", object()):
        raise GuardFailed(NO_OWN_PROFILE)
    raise GuardFailed(NO_PROFILE, params={"user": (user.get_full_name() or user.get_username()).strip()})


def display_name(user: Any, language: str = "kk") -> str:
    """For interface lists: the profile's full name, else the account's name, else the login."""
    profile = profile_of(user)
    if profile is not None:
        return profile.full_name_ru if language == "ru" else profile.full_name_kk
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()).strip()
