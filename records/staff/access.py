"""Who works with applications in the admin, and the permissions their groups need for it."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from catalogue.roles import STAFF_ROLES, ensure_groups, user_roles

# Entering the Wagtail admin at all, and downloading the documents issued for the applications.
STAFF_PERMISSIONS = ("wagtailadmin.access_admin", "certificates.view_issueddocument")


def is_records_staff(user) -> bool:
    """True for an active user holding one of the staff roles (superusers hold every role)."""
    return bool(user_roles(user) & STAFF_ROLES)


@transaction.atomic
def ensure_staff_access() -> None:
    """Give every staff group the permissions it needs (idempotent; run by ``seed_demo``)."""
    ensure_groups()
    permissions = [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codename in (dotted.split(".") for dotted in STAFF_PERMISSIONS)
    ]
    for role in STAFF_ROLES:
        Group.objects.get(name=role.value).permissions.add(*permissions)
