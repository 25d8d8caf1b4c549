"""Territorial units (аумақтық бөлімше) and who belongs to them in which role.

The oblast unit is the Veterinary Department of the Zhambyl oblast akimat (KMM «Жамбыл облысы әкімдігінің
ветеринария басқармасы»), which provides services 3 and 6 and, with the districts, service 5; the district
units are the veterinary departments of Taraz city and of the district akimats (DOMAIN §2.4–§2.9).  Every
application is handled by one unit (``Application.unit``), and a unit's staff read its applications
(records.scope).

A user acts for a unit when both hold: the role's group (``catalogue.roles``, the system-wide permission) and
an active membership of the unit in that role.  The recorder journal (records.recorders) reads the same
memberships: which unit's journal, devices and recordings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.roles import MEMBERSHIP_ROLES, ROLE_LABELS, Role, user_roles

OBLAST = "oblast"
DISTRICT = "district"
LEVEL_CHOICES = [(OBLAST, _("Oblast department")), (DISTRICT, _("City or district department"))]

# Which level of unit provides each service (the «Provider» row of each regulation, DOMAIN §2.4–§2.9).
SERVICE_LEVELS: dict[str, frozenset[str]] = {
    "vet_sanitary_conclusion": frozenset({DISTRICT}),
    "vet_certificate": frozenset({DISTRICT}),
    "registration_number": frozenset({OBLAST}),
    "animal_identification": frozenset({DISTRICT}),
    "attestation": frozenset({OBLAST, DISTRICT}),
    "licence": frozenset({OBLAST}),
}


class TerritorialUnit(models.Model):
    """The oblast department or a city/district department of the authorised veterinary body."""

    # Kazakh, as printed on the journal's cover (content, not translated).
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVEL_CHOICES, default=DISTRICT)

    class Meta:
        ordering = ["name"]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")

    def __str__(self) -> str:
        return self.name


class UnitMembership(models.Model):
    unit = models.ForeignKey(
        TerritorialUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="unit_memberships",
    )
    role = models.CharField(
        _("role"), max_length=40, choices=[(role.value, ROLE_LABELS[role]) for role in MEMBERSHIP_ROLES]
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    since = models.DateTimeField(_("since"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user", "role"],
                condition=Q(ended_at__isnull=True),
                name="records_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


def join(user, unit: TerritorialUnit, *roles: Role) -> None:
    """Make ``user`` an active member of ``unit`` in ``roles`` (idempotent; the demo, benches and tests; staff
    are designated through the admin)."""
    from records import clock

    for role in roles:
        UnitMembership.objects.get_or_create(
            unit=unit, user=user, role=role.value, ended_at=None, defaults={"since": clock.now()}
        )


def is_member(user, unit_id: int | None, *roles: Role) -> bool:
    """True when ``user`` holds one of ``roles`` (group) and an active membership of the unit in it."""
    held = user_roles(user) & set(roles)
    if not held or unit_id is None:
        return False
    return UnitMembership.objects.filter(
        unit_id=unit_id, user_id=user.pk, role__in=[r.value for r in held], ended_at__isnull=True
    ).exists()


def units_of(user, *roles: Role) -> models.QuerySet[TerritorialUnit]:
    """The units where ``user`` acts in one of ``roles``."""
    held = user_roles(user) & set(roles)
    if not held:
        return TerritorialUnit.objects.none()
    return TerritorialUnit.objects.filter(
        memberships__user_id=user.pk,
        memberships__role__in=[r.value for r in held],
        memberships__ended_at__isnull=True,
    ).distinct()


def members(unit: TerritorialUnit, role: Role) -> models.QuerySet:
    """Active users holding ``role`` in ``unit`` (group and membership)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            unit_memberships__unit=unit,
            unit_memberships__role=role.value,
            unit_memberships__ended_at__isnull=True,
        )
        .filter(Q(is_superuser=True) | Q(groups__name=role.value))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def units_for_service(service: str) -> models.QuerySet[TerritorialUnit]:
    """The units whose level provides ``service``."""
    return TerritorialUnit.objects.filter(level__in=SERVICE_LEVELS.get(service, ()))
