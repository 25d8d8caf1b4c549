"""Territorial units (аумақтық бөлімше) and who belongs to them in which role.

A user acts for a unit when both hold: the role's group (``catalogue.roles``, the system-wide permission) and
an active membership of the unit in that role (which unit's journal, devices and recordings).  The head
designates the responsible person (point 5); only the responsible person and the head of a unit reach its
stored recordings (point 6), so a membership is required even of a superuser.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.roles import ROLE_LABELS, UNIT_ROLES, Role, user_roles
from records import clock
from records.errors import InvalidInput, PermissionDenied


class TerritorialUnit(models.Model):
    """A territorial subdivision of the department of the authorised veterinary body."""

    # Kazakh, as printed on the journal's cover (content, not translated).
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True)

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
        related_name="recorder_memberships",
    )
    role = models.CharField(
        _("role"), max_length=40, choices=[(role.value, ROLE_LABELS[role]) for role in UNIT_ROLES]
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
                name="recorders_one_active_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


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
            recorder_memberships__unit=unit,
            recorder_memberships__role=role.value,
            recorder_memberships__ended_at__isnull=True,
        )
        .filter(Q(is_superuser=True) | Q(groups__name=role.value))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def full_name(user) -> str:
    """The name as the journal prints it: first name, patronymic (if any), surname (columns 3 and 7).

    Accounts keep the patronymic with the first name (Django's ``first_name``), so the order of the form's
    heading is ``first_name last_name``; an account without names prints its username.
    """
    if user is None:
        return ""
    name = " ".join(part for part in (user.first_name.strip(), user.last_name.strip()) if part)
    return name or user.get_username()


def designate(unit: TerritorialUnit, user, role: Role, *, by) -> UnitMembership:
    """Add ``user`` to ``unit`` in ``role``: the head designates the responsible person (point 5) and the
    unit's inspectors and office staff; heads are appointed by an administrator (superuser)."""
    from . import fsm  # fsm reads memberships: imported here, not at the top

    if role not in UNIT_ROLES:
        raise InvalidInput(field_errors={"role": [_("Choose a role of the unit.")]})
    allowed = by.is_superuser if role == Role.HEAD else (by.is_superuser or is_member(by, unit.pk, Role.HEAD))
    if not allowed:
        raise PermissionDenied(_("The head of the unit designates its staff (point 5)."))
    with transaction.atomic():
        membership, created = UnitMembership.objects.get_or_create(
            unit=unit,
            user=user,
            role=role.value,
            ended_at=None,
            defaults={"designated_by": by, "since": clock.now()},
        )
        if created:
            fsm.log_created(membership, "designate", by, data={"unit": unit.pk, "role": role.value})
    return membership
