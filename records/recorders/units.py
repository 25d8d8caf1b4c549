"""Territorial units and their memberships, as the recorder journal uses them (act 000).

The models live in the records app (records.units): applications are handled by a unit too.  This module
re-exports them with the membership helpers and adds the journal's own: the name as the journal prints it
and the designation of a unit's staff.  The head designates the responsible person (point 5); only the
responsible person and the head of a unit reach its stored recordings (point 6), so a membership is required
even of a superuser.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.roles import MEMBERSHIP_ROLES, Role
from records import clock
from records.errors import InvalidInput, PermissionDenied
from records.units import TerritorialUnit, UnitMembership, is_member, members, units_of

__all__ = [
    "TerritorialUnit",
    "UnitMembership",
    "designate",
    "full_name",
    "is_member",
    "members",
    "units_of",
]


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
    unit's other staff (inspectors, office, executors, doctors: catalogue.roles.MEMBERSHIP_ROLES); heads are
    appointed by an administrator (superuser)."""
    from . import fsm  # fsm reads memberships: imported here, not at the top

    if role not in MEMBERSHIP_ROLES:
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
