"""The records side of ``manage.py setup_portal`` (idempotent): role groups with the permissions that the
staff screens and the body-camera recorder screens need."""

from __future__ import annotations

from django.db import transaction

from records.recorders.setup import setup_recorders
from records.staff.access import ensure_staff_access


@transaction.atomic
def setup_records() -> None:
    ensure_staff_access()
    setup_recorders()
