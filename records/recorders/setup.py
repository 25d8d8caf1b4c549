"""Permissions the recorder roles need (idempotent): entering the Wagtail admin, where their screens are."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from catalogue.roles import UNIT_ROLES, ensure_groups


@transaction.atomic
def setup_recorders() -> None:
    ensure_groups()
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for role in UNIT_ROLES:
        Group.objects.get(name=role.value).permissions.add(access)
