"""Helpers the recorder services share: the clock, row locks, role checks, signatures, dates."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from records import calendar, clock
from records.errors import InvalidInput, NotFound, PermissionDenied

from .units import is_member

M = TypeVar("M", bound=models.Model)

# The working-day limit of point 11 (upload within 1 working day of hand-in), in the calendar's terms.
UPLOAD_LIMIT = calendar.Limit("working_days", 1)


def now() -> datetime:
    return clock.now()


def locked(model: type[M], pk: Any) -> M:
    """The row, locked until the transaction ends (SQLite: the writer lock of BEGIN IMMEDIATE)."""
    query = model._default_manager.all()
    if connection.features.has_select_for_update:
        query = query.select_for_update()
    try:
        return query.get(pk=pk)
    except model.DoesNotExist:
        raise NotFound(_("No such record.")) from None


def require_member(user: Any, unit_id: int, *roles: Role, message=None) -> None:
    if not is_member(user, unit_id, *roles):
        raise PermissionDenied(message)


def confirm_signature(
    signer: Any, password: str, request: Any = None, field: str = "inspector_password"
) -> None:
    """The inspector's signature in the journal: their own password, typed by them at the counter.

    With a request the check goes through Django's authentication (django-axes counts failures and locks
    the account as at login); without one (scripts, tests) the password is checked directly.
    """
    wrong = _("The inspector's password is wrong: the signature is not accepted.")
    if not password:
        raise InvalidInput(field_errors={field: [_("The inspector signs with their own password.")]})
    if request is not None:
        user = authenticate(request, username=signer.get_username(), password=password)
        accepted = user is not None and user.pk == signer.pk
    else:
        accepted = signer.is_active and signer.check_password(password)
    if not accepted:
        raise InvalidInput(wrong, field_errors={field: [wrong]})


def add_years(day: date, years: int) -> date:
    """The same date ``years`` later; 29 February becomes 28 February in a common year (a term counted in
    years ends on the corresponding day, or the month's last day when it has none)."""
    year = day.year + years
    last = stdlib_calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def local_date(moment: datetime) -> date:
    return calendar.local_date(moment)


def _zone() -> ZoneInfo:
    # The journal shows the unit's wall-clock time whatever time zone a request activated.
    return ZoneInfo(getattr(settings, "WORKING_TIME_ZONE", settings.TIME_ZONE))


def short_datetime(moment: datetime | None) -> str:
    """«12.03.2025 08:55» in the working time zone, as a journal cell shows it."""
    return timezone.localtime(moment, _zone()).strftime("%d.%m.%Y %H:%M") if moment else ""


def short_time(moment: datetime | None) -> str:
    return timezone.localtime(moment, _zone()).strftime("%H:%M") if moment else ""
