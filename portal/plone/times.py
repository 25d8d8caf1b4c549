"""Plone's times: ISO 8601 (with or without offset) and the Zope DateTime form of Plone 4 exports."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from django.conf import settings

# `2018/10/26 13:44:45.374644 GMT+6` (DateTime.__str__); the zone may be missing or named `GMT+0530`.
_ZOPE = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"(?:\s*(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|\s*(?:GMT|UTC|Z))?$"
)


class TimeFormatError(ValueError):
    """A time the importer cannot read."""


def parse_time(value: str | None) -> datetime | None:
    """An aware datetime, or None for an empty value (`None`, `"None"`, ``).  A time without an offset is
    read in the portal's TIME_ZONE: Plone served its local time, and that is where it ran."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text == "None":
        return None
    parsed = _parse_iso(text) or _parse_zope(text)
    if parsed is None:
        raise TimeFormatError(f"unreadable time: {text!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return parsed.astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None


def _parse_zope(text: str) -> datetime | None:
    match = _ZOPE.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m, *_ = match.groups()
    micro = int(round(float(fraction) * 1_000_000)) if fraction else 0
    try:
        naive = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            min(micro, 999_999),
        )
    except ValueError:
        return None
    if sign is None:
        zoned = text.rstrip().endswith(("GMT", "UTC", "Z"))
        return naive.replace(tzinfo=UTC) if zoned else naive
    offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
    return naive.replace(tzinfo=timezone(offset if sign == "+" else -offset))
