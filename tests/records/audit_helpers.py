"""What the audit tests share: raw SQL below the ORM (the attacker's view) and ``verify_audit`` as an operator
runs it."""

from __future__ import annotations

from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def run_verify_audit(language: str = "en") -> tuple[str, CommandError | None]:
    """(what ``manage.py verify_audit`` printed, its error when it found problems)."""
    out = StringIO()
    with translation.override(language):
        try:
            call_command("verify_audit", stdout=out, stderr=StringIO())
        except CommandError as error:
            return out.getvalue(), error
    return out.getvalue(), None
