"""Monitoring flags of the journal (DOMAIN §1.8.3) and the responsible person's worklist.

* ``return_overdue``: not handed back by the end of the working day (point 22);
* ``upload_overdue``: handed back, not uploaded, and past 1 working day of the hand-in (point 11), counted by
  the Kazakhstan working calendar (``records.calendar``: weekends, holidays, transfers);
* ``uploaded_late``: uploaded, but after that limit;
* ``unexplained_gap``: a meal pause without its note in column 8 (point 19).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .journal import JournalEntry, Malfunction, MealPause
from .units import TerritorialUnit

FLAG_LABELS = {
    "return_overdue": _("Not returned by the end of the working day"),
    "upload_overdue": _("Not uploaded within 1 working day of hand-in"),
    "uploaded_late": _("Uploaded after the 1 working day limit"),
    "unexplained_gap": _("A meal pause without its note"),
}


def entry_flags(entry: JournalEntry, now: datetime) -> list[str]:
    flags = []
    if entry.state in JournalEntry.OUT_STATES and now > entry.return_due_at:
        flags.append("return_overdue")
    if entry.state == JournalEntry.State.RETURNED and entry.upload_due_at and now > entry.upload_due_at:
        flags.append("upload_overdue")
    if entry.uploaded_at and entry.upload_due_at and entry.uploaded_at > entry.upload_due_at:
        flags.append("uploaded_late")
    if any(p.note_id is None and p.resumed_at is not None for p in entry.pauses.all()):
        flags.append("unexplained_gap")
    return flags


def overdue_returns(unit: TerritorialUnit, now: datetime) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(
        unit=unit, state__in=JournalEntry.OUT_STATES, return_due_at__lt=now
    ).order_by("return_due_at")


def overdue_uploads(unit: TerritorialUnit, now: datetime) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(
        unit=unit, state=JournalEntry.State.RETURNED, upload_due_at__lt=now
    ).order_by("upload_due_at")


def uploads_pending(unit: TerritorialUnit, now: datetime) -> QuerySet[JournalEntry]:
    """Handed back and still within the limit (what to upload next)."""
    return JournalEntry.objects.filter(
        unit=unit, state=JournalEntry.State.RETURNED, upload_due_at__gte=now
    ).order_by("upload_due_at")


def pauses_without_note(unit: TerritorialUnit) -> QuerySet[MealPause]:
    return (
        MealPause.objects.filter(entry__unit=unit, note__isnull=True, resumed_at__isnull=False)
        .select_related("entry")
        .order_by("paused_at")
    )


def open_failures(unit: TerritorialUnit) -> QuerySet[Malfunction]:
    return (
        Malfunction.objects.filter(entry__unit=unit, outcome="")
        .select_related("entry")
        .order_by("reported_at")
    )


@dataclass(frozen=True)
class Worklist:
    overdue_returns: list[JournalEntry]
    overdue_uploads: list[JournalEntry]
    uploads_pending: list[JournalEntry]
    pauses_without_note: list[MealPause]
    open_failures: list[Malfunction]

    @property
    def count(self) -> int:
        return (
            len(self.overdue_returns)
            + len(self.overdue_uploads)
            + len(self.pauses_without_note)
            + len(self.open_failures)
        )


def worklist(unit: TerritorialUnit, now: datetime) -> Worklist:
    return Worklist(
        overdue_returns=list(overdue_returns(unit, now)),
        overdue_uploads=list(overdue_uploads(unit, now)),
        uploads_pending=list(uploads_pending(unit, now)),
        pauses_without_note=list(pauses_without_note(unit)),
        open_failures=list(open_failures(unit)),
    )
