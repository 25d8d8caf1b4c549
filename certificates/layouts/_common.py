"""Small helpers shared by the layouts (Kazakh wording of common values, payload checks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from certificates.pdf.base import MUTED, Context, Sheet
from certificates.text import as_date_or_datetime


def yes_no(value: object, yes: str = "сәйкес келеді", no: str = "сәйкес келмейді") -> str:
    if value is None or value == "":
        return "—"
    return yes if value else no


def as_list(value: object) -> list[str]:
    """A payload field that may hold one text or a list of texts."""
    if value in (None, ""):
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item).strip()]
    return [str(value)]


def check_dates(payload: Mapping[str, Any], *names: str, with_time: tuple[str, ...] = ()) -> list[str]:
    """Errors for fields that are not ISO dates, and for those in ``with_time`` that lack the time."""
    errors = []
    for name in names:
        try:
            value = as_date_or_datetime(payload.get(name))
        except ValueError:
            errors.append(
                _("The field “%(field)s” must be a date (YYYY-MM-DD) or date and time.") % {"field": name}
            )
            continue
        if name in with_time and value is not None and not hasattr(value, "hour"):
            errors.append(
                _("The field “%(field)s” must give the time as well as the date.") % {"field": name}
            )
    return errors


def signer(ctx: Context, key: str, label: str) -> tuple[str, str]:
    """A signature row of the official under ``key``: their position as their staff profile gives it (the
    generic ``label`` on documents issued before positions were printed) and their full name."""
    return (ctx.get(f"{key}_position") or label, ctx.get(key))


def legal_basis(sheet: Sheet, ctx: Context) -> None:
    """The regulation and point the document is issued under, as records recorded it when issuing (nothing
    on documents issued before it was recorded: they keep what they printed)."""
    basis = ctx.get("legal_basis", {})
    text = basis.get("kk", "") if isinstance(basis, Mapping) else ""
    if text:
        sheet.spacer(2)
        sheet.text(f"{text} берілді.", size=9, color=MUTED)
