"""The body-camera journal (act 000) in the archivist search: journal entries and the recordings' metadata
(never the recordings themselves).  Registered with search from RecordersConfig.ready().

A recording is seen only by the responsible persons and heads of its territorial unit (act 000, point 6):
its document carries ``units_acl=[unit code]``, and the registration gives search the rule for a user's
units (``user_units``: records.recorders.access.storage_units).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from catalogue.roles import JOURNAL_ROLES, STORAGE_ROLES
from search.registry import Record, RecordType, register_record_type

from .access import storage_units
from .models import JournalEntry, MediaRecord

FIELDS = {
    "inspector": _("Inspector"),
    "unit": _("Territorial unit"),
    "inventory": _("Inventory numbers"),
    "book": _("Journal book"),
    "category": _("Linked to"),
    "kept_until": _("Kept until"),
}


def describe_entry(entry) -> Record:
    state = entry.state
    if state in entry.OUT_STATES:
        due = entry.return_due_at
    elif state == entry.State.RETURNED:
        due = entry.upload_due_at
    else:
        due = None
    return Record(
        title=f"{entry.book.number}/{entry.serial}",
        text=[
            entry.inspector_name,
            entry.inventory_numbers,
            entry.seal_number,
            entry.unit.name,
            entry.signed_off_name,
        ],
        date=entry.issued_at,
        numbers=[entry.inventory_numbers],
        state=state,
        unit=entry.unit.name,
        due_at=due,
        fields={
            "inspector": entry.inspector_name,
            "unit": entry.unit.name,
            "inventory": entry.inventory_numbers,
            "book": entry.book.number,
        },
    )


def describe_recording(media) -> Record:
    five_years = bool(media.category)
    kept_until = media.extended_until if five_years and media.extended_until else media.retain_until
    return Record(
        title=media.original_name,
        text=[
            media.original_name,
            media.inspector_name,
            media.case_reference,
            media.get_category_display(),
            media.unit.name,
        ],
        date=media.recorded_from,
        numbers=[media.case_reference],
        state=media.state,
        unit=media.unit.name,
        retention="5y" if five_years else "1y",
        units_acl=[media.unit.code],
        fields={
            "inspector": media.inspector_name,
            "unit": media.unit.name,
            "category": str(media.get_category_display()),
            "kept_until": kept_until.isoformat(),
        },
    )


def _recordings_of(entry) -> list[int]:
    return list(entry.media.values_list("pk", flat=True))


def storage_unit_codes(user: Any) -> Iterable[str]:
    """The units whose recordings ``user`` may see: where they are the responsible person or the head."""
    return storage_units(user).values_list("code", flat=True)


def register() -> None:
    register_record_type(
        RecordType(
            name="journal_entry",
            label=_("Journal entry"),
            model="recorders.JournalEntry",
            describe=describe_entry,
            roles=JOURNAL_ROLES,
            queryset=lambda: JournalEntry.objects.select_related("book", "unit"),
            state_labels=dict(JournalEntry.State.choices),
            fields=FIELDS,
        )
    )
    register_record_type(
        RecordType(
            name="recording",
            label=_("Recording"),
            model="recorders.MediaRecord",
            describe=describe_recording,
            roles=STORAGE_ROLES,
            queryset=lambda: MediaRecord.objects.select_related("unit"),
            # Recordings are stored with bulk_create (no post_save); the upload then saves their journal
            # entry, which re-indexes them.
            related={"recorders.JournalEntry": _recordings_of},
            state_labels=dict(MediaRecord.State.choices),
            fields=FIELDS,
            unit_scoped=True,
            user_units=storage_unit_codes,
        )
    )
