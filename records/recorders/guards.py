"""The database triggers that keep the journal and the storage below the ORM (``portal.db_triggers``).

No row of these tables is ever deleted.  Per table, some columns may change (the state, a device's custody
fields), ``fill_once`` columns go from empty to filled once as the day goes on (a paper column written in
pen), and every other column is frozen at insert.  Tables without changeable columns refuse every UPDATE.

The guards are listed children first: the test flush (tests/conftest.py) empties the tables in this order,
one DELETE each, and a parent emptied before its children would break their foreign keys.  Migration 0002
installs a snapshot of them; a test checks that it matches these.
"""

from __future__ import annotations

from django.db import models

from portal.db_triggers import Guard

from .equipment import Equipment
from .journal import Correction, JournalBook, JournalEntry, JournalNote, Malfunction, MealPause
from .storage import DisposalAct, DisposalItem, MediaAccess, MediaRecord, ReleaseItem, ReleaseRequest

JOURNAL = "journal records are never erased and a filled column is never overwritten (act 000 point 10)"
STORAGE = "stored recordings and their log are never deleted or changed (act 000 point 6)"
INVENTORY = "inventory is never deleted and an inventory number never changes (act 000 point 7)"


def _guard(
    model: type[models.Model],
    message: str,
    *,
    fill_once: tuple[str, ...] = (),
    mutable: tuple[str, ...] = (),
    append_only: bool = False,
) -> Guard:
    """A guard on ``model``'s table; ``fill_once`` and ``mutable`` are field names, the rest is frozen."""
    table = model._meta.db_table
    if append_only:
        return Guard(table, f"{table}: {message}")
    columns = {f.name: f.column for f in model._meta.concrete_fields if not f.primary_key}
    fill = tuple(columns[name] for name in fill_once)
    skip = {*fill_once, *mutable, "state"}
    frozen = tuple(column for name, column in columns.items() if name not in skip)
    return Guard(table, f"{table}: {message}", frozen=frozen, fill_once=fill)


GUARDS = (
    _guard(MediaAccess, STORAGE, append_only=True),
    _guard(ReleaseItem, STORAGE, append_only=True),
    _guard(
        ReleaseRequest,
        STORAGE,
        fill_once=(
            "decided_at",
            "decided_by",
            "decided_by_name",
            "decision_note",
            "released_at",
            "released_by",
            "access_until",
        ),
    ),
    _guard(DisposalItem, STORAGE, append_only=True),
    _guard(
        MediaRecord,
        STORAGE,
        fill_once=(
            "category",
            "case_reference",
            "extended_until",
            "extended_at",
            "extended_by",
            "expired_at",
            "disposal",
            "destroyed_at",
        ),
    ),
    _guard(
        DisposalAct,
        STORAGE,
        fill_once=("decided_at", "decided_by", "decided_by_name", "decision_note", "files_removed_at"),
    ),
    _guard(Correction, JOURNAL, append_only=True),
    _guard(MealPause, JOURNAL, fill_once=("resumed_at", "resume_reported_at", "note")),
    _guard(Malfunction, JOURNAL, fill_once=("outcome", "resolved_at", "replacement", "note")),
    _guard(JournalNote, JOURNAL, append_only=True),
    _guard(
        JournalEntry,
        JOURNAL,
        fill_once=(
            "recording_started_at",
            "returned_at",
            "return_signed_at",
            "received_back_by",
            "upload_due_at",
            "uploaded_at",
            "uploaded_by",
            "upload_verified_at",
            "card_cleared_at",
            "signed_off_by",
            "signed_off_name",
            "signed_off_at",
            "ended_at",
        ),
    ),
    _guard(
        JournalBook,
        JOURNAL,
        fill_once=(
            "page_count",
            "registration_number",
            "registered_at",
            "registered_by",
            "opened_at",
            "opened_by",
            "closed_at",
            "closed_by",
        ),
    ),
    _guard(
        Equipment,
        INVENTORY,
        fill_once=("inventory_number",),
        mutable=(
            "model_name",
            "serial_number",
            "installed_card",
            "seal_number",
            "sealed_at",
            "data_state",
            "remark",
        ),
    ),
)
