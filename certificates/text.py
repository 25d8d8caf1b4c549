"""Kazakh dates as printed on official documents («2026 жылғы 22 қараша») and IIN/BIN masking.

Documents are Kazakh whatever the interface language, so these do not go through gettext.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)


def local(value: datetime) -> datetime:
    """The moment in the service's time zone (documents show Almaty time, not UTC)."""
    if timezone.is_naive(value):
        return value
    return value.astimezone(ZoneInfo(settings.TIME_ZONE))


def as_date_or_datetime(value: object) -> date | datetime | None:
    """Accept what a JSON payload holds: an ISO string, a date or a datetime; None for blanks."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"not an ISO date or datetime: {text!r}") from error


def kk_date(value: object) -> str:
    moment = as_date_or_datetime(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = local(moment)
    return f"{moment.year} жылғы {moment.day} {MONTHS[moment.month - 1]}"


def kk_short_date(value: object) -> str:
    """«10.03.2026», for table cells."""
    moment = as_date_or_datetime(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = local(moment)
    return moment.strftime("%d.%m.%Y")


def kk_time(value: object) -> str:
    moment = as_date_or_datetime(value)
    if not isinstance(moment, datetime):
        return ""
    return local(moment).strftime("%H:%M")


def kk_datetime(value: object) -> str:
    time_part = kk_time(value)
    return f"{kk_date(value)}, сағат {time_part}" if time_part else kk_date(value)


def mask_holder_id(holder_id: str) -> str:
    """Hide 8 of the 12 digits of an IIN/BIN: the first two and last two stay readable."""
    if len(holder_id) <= 4:
        return "•" * len(holder_id)
    return holder_id[:2] + "•" * (len(holder_id) - 4) + holder_id[-2:]
