"""The printed journal: a book's rows as the 8 columns of the appendix form, rendered by the certificates
app (layout ``recorder_journal``).  Corrections print the old value struck through and the new one after
it; their «Түзетілді» notes join column 8.  Reading the rows takes a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from catalogue.roles import Role
from certificates.services import render_pdf

from .common import local_date, require_member, short_datetime
from .journal import Correction, JournalBook, JournalEntry, JournalNote
from .units import full_name

SIGNED = "қолы қойылды"


def journal_pdf(book: JournalBook, *, by: Any) -> bytes:
    """The book as a PDF, for the unit's responsible person or head."""
    require_member(by, book.unit_id, Role.RESPONSIBLE_PERSON, Role.HEAD)
    return render_pdf("recorder_journal", journal_context(book))


def journal_context(book: JournalBook) -> dict[str, Any]:
    entries = list(book.entries.order_by("serial"))
    notes, corrections = _notes_and_corrections(entries)
    rows = [_row(entry, notes[entry.pk], corrections[entry.pk]) for entry in entries]
    return {
        "issuer": book.unit.name,
        "payload": {
            "started": local_date(book.opened_at).isoformat() if book.opened_at else "",
            "finished": local_date(book.closed_at).isoformat() if book.closed_at else "",
            "responsible": _responsible(entries, book),
            "rows": rows,
        },
    }


def _notes_and_corrections(entries: list[JournalEntry]):
    ids = [e.pk for e in entries]
    notes: dict[int, list[JournalNote]] = defaultdict(list)
    for note in JournalNote.objects.filter(entry_id__in=ids).order_by("written_at", "pk"):
        notes[note.entry_id].append(note)
    corrections: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.filter(entry_id__in=ids).order_by("corrected_at", "pk"):
        corrections[correction.entry_id].append(correction)
    return notes, corrections


def _row(entry: JournalEntry, notes: list[JournalNote], corrections: list[Correction]) -> list[Any]:
    def cell(column: int, value: str, suffix: str = "") -> Any:
        chain = [c for c in corrections if c.column == column]
        if not chain:
            return f"{value}\n{suffix}".strip() if suffix else value
        return _struck(chain, suffix)

    note_cells = []
    for note in notes:
        chain = [c for c in corrections if c.column == 8 and c.note_id == note.pk]
        note_cells.extend(_struck(chain, "") if chain else [{"text": note.text, "struck": False}])
    note_cells.extend({"text": _correction_note(c), "struck": False} for c in corrections)
    signed_off = f"{SIGNED} {short_datetime(entry.signed_off_at)}" if entry.signed_off_at else ""
    return [
        str(entry.serial),
        cell(2, entry.inventory_numbers),
        cell(3, entry.inspector_name),
        cell(4, short_datetime(entry.issued_at), SIGNED),
        cell(5, short_datetime(entry.returned_at), SIGNED if entry.return_signed_at else ""),
        cell(6, short_datetime(entry.uploaded_at)),
        cell(7, entry.signed_off_name, signed_off),
        note_cells,
    ]


def _struck(chain: list[Correction], suffix: str) -> list[dict[str, Any]]:
    """Every replaced value struck through, then the value in force (and the signature mark)."""
    segments = [{"text": c.old_value, "struck": True} for c in chain]
    segments.append({"text": chain[-1].new_value, "struck": False})
    if suffix:
        segments.append({"text": suffix, "struck": False})
    return segments


def _correction_note(correction: Correction) -> str:
    return (
        f"«Түзетілді» {short_datetime(correction.corrected_at)}, {correction.corrected_by_name}; "
        f"{correction.column}-баған; себебі: {correction.reason}; {SIGNED}"
    )


def _responsible(entries: list[JournalEntry], book: JournalBook) -> str:
    """Who certifies the page count: the responsible person who signed rows last, else who opened the book."""
    for entry in reversed(entries):
        if entry.signed_off_name:
            return entry.signed_off_name
    return full_name(book.opened_by) if book.opened_by_id else ""
