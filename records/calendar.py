"""The project's one working-time calendar (Kazakhstan): every deadline is computed here.

Non-working days are weekends plus the public holidays, observed days and decree transfers that the
``holidays`` package knows for "KZ"; a weekend day that a decree makes a working day (e.g. Saturday
4 May 2024) counts as working.  Decrees the package does not know yet go into the settings
``WORKING_CALENDAR_EXTRA_HOLIDAYS`` / ``WORKING_CALENDAR_EXTRA_WORKING_DAYS`` (ISO dates).

Semantics of a limit (DOMAIN.md §3.1, §6 items 28-29), counted from ``start`` (receipt of the documents):

* ``minutes`` / ``hours``: working time only (working hours of working days); a start outside working
  hours begins at the next opening.
* ``working_days`` N: the day of receipt is not counted; the limit ends at the close of the N-th working
  day after that day.
* ``same_day``: the close of the working day of receipt; a receipt on a non-working day or after closing
  time belongs to the next working day.
* ``external``: the close of a date set elsewhere (a plan, a schedule); if that date is not a working
  day, the next working day (the usual rule for a term ending on a day off).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

LimitKind = Literal["minutes", "hours", "working_days", "same_day", "external"]
DeadlineStatus = Literal["ok", "due_today", "overdue"]

_SETTINGS = frozenset(
    {
        "WORKING_HOURS",
        "WORKING_TIME_ZONE",
        "WORKING_CALENDAR_EXTRA_HOLIDAYS",
        "WORKING_CALENDAR_EXTRA_WORKING_DAYS",
    }
)
# Longest run of non-working days we accept before calling the calendar broken (New Year + Christmas
# with weekends is about a week).
_MAX_DAYS_OFF = 60


@dataclass(frozen=True)
class Limit:
    """A time limit of a step, as printed in a regulation."""

    kind: LimitKind
    value: int | None = None
    external_date: date | None = None

    def __post_init__(self) -> None:
        if self.kind in ("minutes", "hours", "working_days"):
            if not isinstance(self.value, int) or isinstance(self.value, bool) or self.value < 1:
                raise ValueError(f"Limit {self.kind!r} needs a positive integer value, got {self.value!r}")
        elif self.kind == "external":
            if not isinstance(self.external_date, date) or isinstance(self.external_date, datetime):
                raise ValueError(f"Limit 'external' needs a date, got {self.external_date!r}")
        elif self.kind != "same_day":
            raise ValueError(f"Unknown limit kind {self.kind!r}")


@dataclass(frozen=True)
class _Config:
    tz: ZoneInfo
    opens: time
    closes: time
    extra_holidays: frozenset[date]
    extra_working_days: frozenset[date]


def _parse_time(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"WORKING_HOURS: {value!r} is not a time like '09:00'") from exc


def _parse_dates(name: str) -> frozenset[date]:
    values: Iterable[str] = getattr(settings, name, ())
    try:
        return frozenset(date.fromisoformat(v) for v in values)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be a list of ISO dates ('2026-03-27')") from exc


@functools.cache
def _config() -> _Config:
    opens, closes = (_parse_time(v) for v in getattr(settings, "WORKING_HOURS", ("09:00", "18:30")))
    if opens >= closes:
        raise ImproperlyConfigured("WORKING_HOURS: the opening time must be before the closing time")
    extra_holidays = _parse_dates("WORKING_CALENDAR_EXTRA_HOLIDAYS")
    extra_working = _parse_dates("WORKING_CALENDAR_EXTRA_WORKING_DAYS")
    if extra_holidays & extra_working:
        raise ImproperlyConfigured("A date is both an extra holiday and an extra working day")
    return _Config(
        tz=ZoneInfo(getattr(settings, "WORKING_TIME_ZONE", "Asia/Almaty")),
        opens=opens,
        closes=closes,
        extra_holidays=extra_holidays,
        extra_working_days=extra_working,
    )


@functools.cache
def _days_off(year: int) -> frozenset[date]:
    """Non-working days of one year, computed once per year (a set lookup afterwards)."""
    config = _config()
    # A decree listed under the next year may make a day of this year working (28 Dec 2013 worked
    # for 3 Jan 2014), so the package is asked for both years.
    calendar = holidays.country_holidays("KZ", years=(year, year + 1))
    day, off = date(year, 1, 1), set()
    while day.year == year:
        if day in config.extra_holidays or (
            day not in config.extra_working_days and not calendar.is_working_day(day)
        ):
            off.add(day)
        day += timedelta(days=1)
    return frozenset(off)


@receiver(setting_changed)
def _reset_on_setting_change(*, setting: str, **kwargs) -> None:
    if setting in _SETTINGS:
        _config.cache_clear()
        _days_off.cache_clear()


def is_working_day(d: date) -> bool:
    """True for a working day of the Kazakhstan calendar (with the configured corrections)."""
    return d not in _days_off(d.year)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    for _ in range(_MAX_DAYS_OFF):
        d += timedelta(days=1)
        if is_working_day(d):
            return d
    raise ImproperlyConfigured(f"No working day within {_MAX_DAYS_OFF} days after {d}")


def _working_day_on_or_after(d: date) -> date:
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d`` (``d`` itself is not counted)."""
    for _ in range(n):
        d = next_working_day(d)
    return d


def working_day_start(d: date) -> datetime:
    """The opening time of day ``d`` in the working time zone."""
    config = _config()
    return datetime.combine(d, config.opens, tzinfo=config.tz)


def working_day_end(d: date) -> datetime:
    """The closing time of day ``d`` in the working time zone."""
    config = _config()
    return datetime.combine(d, config.closes, tzinfo=config.tz)


def local_date(moment: datetime) -> date:
    """The calendar date of an aware datetime in the working time zone."""
    return _to_local(moment).date()


def next_midnight(moment: datetime) -> datetime:
    """The start of the calendar day after ``moment``'s day, in the working time zone ("today" ends there)."""
    local = _to_local(moment)
    return datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=local.tzinfo)


def _to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The calendar works with timezone-aware datetimes only")
    return moment.astimezone(_config().tz)


def _add_working_minutes(start: datetime, minutes: int) -> datetime:
    config = _config()
    # Wall-clock arithmetic in the working time zone: working hours are wall-clock hours.
    moment = _to_local(start).replace(tzinfo=None)
    day = moment.date()
    if not is_working_day(day) or moment.time() >= config.closes:
        day, moment = _next_opening(day)
    elif moment.time() < config.opens:
        moment = datetime.combine(day, config.opens)
    remaining = timedelta(minutes=minutes)
    while True:
        left_today = datetime.combine(day, config.closes) - moment
        if remaining <= left_today:
            return (moment + remaining).replace(tzinfo=config.tz)
        remaining -= left_today
        day, moment = _next_opening(day)


def _next_opening(d: date) -> tuple[date, datetime]:
    day = next_working_day(d)
    return day, datetime.combine(day, _config().opens)


def _receipt_working_day(start: datetime) -> date:
    """The working day a receipt belongs to: after closing time or on a day off, the next one."""
    moment = _to_local(start)
    day = moment.date()
    if not is_working_day(day) or moment.time() >= _config().closes:
        return next_working_day(day)
    return day


def due_at(start: datetime, limit: Limit) -> datetime:
    """When a step that started at ``start`` with ``limit`` is due (aware, in the working time zone)."""
    if limit.kind == "minutes":
        return _add_working_minutes(start, limit.value)
    if limit.kind == "hours":
        return _add_working_minutes(start, limit.value * 60)
    if limit.kind == "working_days":
        return working_day_end(add_working_days(local_date(start), limit.value))
    if limit.kind == "same_day":
        return working_day_end(_receipt_working_day(start))
    return working_day_end(_working_day_on_or_after(limit.external_date))


def deadline_status(due: datetime, now: datetime) -> DeadlineStatus:
    """``overdue`` once ``now`` is past ``due``; ``due_today`` on the (local) day it falls due."""
    if _to_local(now) > _to_local(due):
        return "overdue"
    if local_date(now) == local_date(due):
        return "due_today"
    return "ok"


def working_minutes_between(start: datetime, end: datetime) -> int:
    """The working time, in whole minutes, from ``start`` to ``end`` (0 when ``end`` is not later): the time
    a paused limit clock did not run (records.document_requests)."""
    config = _config()
    first, last = _to_local(start).replace(tzinfo=None), _to_local(end).replace(tzinfo=None)
    total, day = timedelta(0), first.date()
    while day <= last.date():
        if is_working_day(day):
            opens = max(datetime.combine(day, config.opens), first)
            closes = min(datetime.combine(day, config.closes), last)
            total += max(closes - opens, timedelta(0))
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


def extend_by_working_minutes(due: datetime, minutes: int) -> datetime:
    """``due`` moved later by ``minutes`` of working time (a due time at closing moves into the next working
    day; ``minutes`` = 0 keeps it)."""
    return due if minutes <= 0 else _add_working_minutes(due, minutes)
