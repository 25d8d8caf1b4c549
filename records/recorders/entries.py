"""Services for the journal's rows (DOMAIN §1.8.3): issue, the working day (meal pauses, failures,
replacement, loss), return, and the responsible person's notes and corrections.

Each function runs in one transaction: the row and the devices are locked, every guard is checked, the
columns are filled and the audit rows appended; on any error nothing is written.  Uploading lives in
``evidence.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from records import calendar
from records.errors import GuardFailed, InvalidInput

from . import fsm
from .common import UPLOAD_LIMIT, confirm_signature, locked, now, require_member, short_datetime, short_time
from .equipment import Equipment
from .inventory import open_book_of
from .journal import Correction, JournalBook, JournalEntry, JournalNote, Malfunction, MealPause
from .units import TerritorialUnit, full_name, is_member

RP, HEAD, INSP = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR
# A time "as spoken" may be a little ahead of the server's clock; more than this is a typing error.
_SPOKEN_TOLERANCE = timedelta(minutes=5)


# -- issue -------------------------------------------------------------------------------------------------


def issue_recorder(
    unit: TerritorialUnit,
    *,
    recorder: Equipment,
    inspector: Any,
    by: Any,
    inspector_password: str,
    clock_set: bool,
    request: Any = None,
) -> JournalEntry:
    """Issue a prepared recorder (its card installed and the slot sealed) to an inspector: a new row with
    columns 1-4 filled; the inspector signs column 4 with their own password (point 8)."""
    require_member(
        by, unit.pk, RP, message=_("Only the unit's responsible person issues recorders (point 5).")
    )
    if not clock_set:
        raise InvalidInput(
            field_errors={"clock_set": [_("Set the recorder's date and time before issuing it (point 5).")]}
        )
    with transaction.atomic():
        book = _open_book(unit)
        recorder = locked(Equipment, recorder.pk)
        card = _check_issuable(unit, recorder, inspector)
        confirm_signature(inspector, inspector_password, request)
        entry = _new_entry(book, recorder, card, inspector, by)
        fsm.log_created(entry, "issue", by, data=_issue_data(entry))
    return entry


def _open_book(unit: TerritorialUnit) -> JournalBook:
    book = open_book_of(unit.pk)
    if book is None:
        raise GuardFailed(_("The unit has no open journal book: register and open one first (point 10)."))
    return locked(JournalBook, book.pk)


def _check_issuable(
    unit: TerritorialUnit, recorder: Equipment, inspector: Any, replacing: JournalEntry | None = None
) -> Equipment:
    """Every guard of DOMAIN §1.8.3 transition 1 on the devices and the recipient; returns the locked card.
    ``replacing``: the row whose failed recorder this one replaces (its inspector still holds it)."""
    if recorder.kind != Equipment.Kind.RECORDER or recorder.unit_id != unit.pk:
        raise GuardFailed(_("Choose a recorder of this unit."))
    if not recorder.inventory_number:
        raise GuardFailed(_("The recorder has no inventory number; it cannot be issued (point 7)."))
    if recorder.state == Equipment.State.ISSUED:
        holder = JournalEntry.objects.filter(recorder=recorder, state__in=JournalEntry.OUT_STATES).first()
        raise GuardFailed(
            _("The recorder %(number)s is already issued (row № %(row)s, %(inspector)s)."),
            params={
                "number": recorder.inventory_number,
                "row": holder.serial if holder else "—",
                "inspector": holder.inspector_name if holder else "—",
            },
        )
    if recorder.state != Equipment.State.IN_CUSTODY:
        raise GuardFailed(
            _("The recorder %(number)s is «%(state)s» and cannot be issued."),
            params={"number": recorder.inventory_number, "state": recorder.get_state_display()},
        )
    if not recorder.is_prepared:
        raise GuardFailed(_("Install a memory card in the recorder and seal its slot first (point 9)."))
    card = locked(Equipment, recorder.installed_card_id)
    if not card.inventory_number:
        raise GuardFailed(_("The memory card has no inventory number; it cannot be issued (point 7)."))
    if card.state != Equipment.State.IN_CUSTODY:
        raise GuardFailed(
            _("The memory card %(number)s is «%(state)s» and cannot be issued."),
            params={"number": card.inventory_number, "state": card.get_state_display()},
        )
    if card.data_state != Equipment.Data.EMPTY:
        raise GuardFailed(_("The memory card still holds recordings: upload them and wipe the card first."))
    if not is_member(inspector, unit.pk, INSP):
        raise GuardFailed(
            _("Recorders are issued only to the unit's state veterinary-sanitary inspectors (point 2).")
        )
    held = JournalEntry.objects.filter(inspector=inspector, state__in=JournalEntry.OUT_STATES)
    if replacing is not None:
        held = held.exclude(pk=replacing.pk)
    held = held.first()
    if held is not None:
        raise GuardFailed(
            _("%(inspector)s still holds the recorder of row № %(row)s; take it back first."),
            params={"inspector": held.inspector_name, "row": held.serial},
        )
    return card


def _new_entry(
    book: JournalBook, recorder: Equipment, card: Equipment, inspector: Any, by: Any, replaces=None
) -> JournalEntry:
    at = now()
    serial = (book.entries.aggregate(last=Max("serial"))["last"] or 0) + 1
    entry = JournalEntry.objects.create(
        book=book,
        unit_id=book.unit_id,
        serial=serial,
        recorder=recorder,
        card=card,
        inventory_numbers=f"{recorder.inventory_number} / {card.inventory_number}",
        seal_number=recorder.seal_number,
        inspector=inspector,
        inspector_name=full_name(inspector),
        issued_at=at,
        issue_signed_at=at,
        issued_by=by,
        clock_set_at=at,
        return_due_at=_return_due(at),
        replaces=replaces,
    )
    for device in (recorder, card):
        fsm.run(device, "issue", by, data={"row": entry.pk})
    return entry


def _return_due(issued_at: datetime) -> datetime:
    """Point 22: back at the end of the working day (closing time of the day of issue; an issue after
    closing time is due by midnight)."""
    end = calendar.working_day_end(calendar.local_date(issued_at))
    return end if issued_at < end else calendar.next_midnight(issued_at)


def _issue_data(entry: JournalEntry) -> dict[str, Any]:
    return {
        "serial": entry.serial,
        "inventory_numbers": entry.inventory_numbers,
        "inspector": entry.inspector_name,
        "seal_number": entry.seal_number,
        "return_due_at": entry.return_due_at,
    }


# -- the working day ---------------------------------------------------------------------------------------


def start_recording(entry: JournalEntry, *, by: Any) -> JournalEntry:
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.run(entry, "start_recording", by, now=now())
    return entry


def pause_for_meal(entry: JournalEntry, *, by: Any, spoken_at: datetime | None = None) -> MealPause:
    """Point 19: the only pause allowed; the inspector says the time aloud and tells the responsible
    person."""
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        at = now()
        spoken = _spoken(spoken_at, at, not_before=entry.recording_started_at or entry.issued_at)
        fsm.run(entry, "pause_for_meal", by, data={"spoken_at": spoken})
        pause = MealPause.objects.create(entry=entry, paused_at=spoken, pause_reported_at=at, reported_by=by)
    return pause


def resume_after_meal(entry: JournalEntry, *, by: Any, spoken_at: datetime | None = None) -> MealPause:
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        pause = entry.pauses.filter(resumed_at__isnull=True).order_by("-paused_at").first()
        at = now()
        spoken = _spoken(spoken_at, at, not_before=pause.paused_at if pause else entry.issued_at)
        fsm.run(entry, "resume_after_meal", by, data={"spoken_at": spoken})
        pause.resumed_at = spoken
        pause.resume_reported_at = at
        pause.save(update_fields=["resumed_at", "resume_reported_at"])
    return pause


def _spoken(spoken_at: datetime | None, at: datetime, *, not_before: datetime) -> datetime:
    spoken = spoken_at or at
    if spoken > at + _SPOKEN_TOLERANCE:
        raise InvalidInput(field_errors={"spoken_at": [_("The time spoken cannot be in the future.")]})
    if spoken < not_before:
        raise InvalidInput(
            field_errors={
                "spoken_at": [
                    _("The time spoken is before %(moment)s.") % {"moment": short_datetime(not_before)}
                ]
            }
        )
    return spoken


def write_pause_note(pause: MealPause, *, by: Any, remark: str = "") -> JournalNote:
    """Point 19: the responsible person's note in column 8 with the pause and resume times as spoken."""
    with transaction.atomic():
        pause = locked(MealPause, pause.pk)
        entry = pause.entry
        require_member(
            by, entry.unit_id, RP, message=_("The responsible person writes the journal (point 8).")
        )
        if pause.resumed_at is None:
            raise GuardFailed(_("The recording has not resumed yet; write the note after the pause."))
        if pause.note_id is not None:
            raise GuardFailed(_("This pause already has its note."))
        text = f"Тамақтануға үзіліс: {short_time(pause.paused_at)}–{short_time(pause.resumed_at)}"
        text += " (тоқтату және қайта бастау уақыты бейнежазбада дыбысталды; жауапты адамға хабарланды)"
        note = _note(entry, JournalNote.Kind.MEAL_PAUSE, text, remark, by)
        pause.note = note
        pause.save(update_fields=["note"])
    return note


def report_malfunction(
    entry: JournalEntry, *, by: Any, cause: str, failed_at: datetime | None = None
) -> Malfunction:
    """Point 20: the inspector tells the head and the responsible person at once; both see it on their
    screens from this moment, which is the notification time the note gives."""
    cause = (cause or "").strip()
    if not cause:
        raise InvalidInput(field_errors={"cause": [_("Describe the failure.")]})
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        at = now()
        failed = _spoken(failed_at, at, not_before=entry.issued_at)
        fsm.run(entry, "report_malfunction", by, reason=cause, data={"failed_at": failed})
        return Malfunction.objects.create(
            entry=entry, cause=cause, failed_at=failed, reported_at=at, reported_by=by
        )


def resolve_malfunction(entry: JournalEntry, *, by: Any, remark: str = "") -> Malfunction:
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        failure = _open_failure(entry)
        at = now()
        fsm.run(entry, "resolve_malfunction", by, reason=remark)
        text = (
            f"Ақау: {failure.cause}. Басшыға және жауапты адамға хабарланды: "
            f"{short_datetime(failure.reported_at)}. Ақау себебі жойылды: {short_datetime(at)}."
        )
        failure.note = _note(entry, JournalNote.Kind.MALFUNCTION, text, remark, by)
        failure.outcome = Malfunction.Outcome.REMOVED
        failure.resolved_at = at
        failure.save(update_fields=["note", "outcome", "resolved_at"])
    return failure


def _open_failure(entry: JournalEntry) -> Malfunction:
    failure = entry.malfunctions.filter(outcome="").order_by("-reported_at").first()
    if failure is None:
        raise GuardFailed(_("No failure is reported on this row."))
    return failure


def replace_recorder(
    entry: JournalEntry,
    *,
    new_recorder: Equipment,
    by: Any,
    inspector_password: str,
    clock_set: bool,
    request: Any = None,
) -> JournalEntry:
    """Point 20: the cause cannot be removed, so the responsible person replaces the recorder.

    The failed set (recorder and card) is handed back on its row, which continues to upload as usual; the
    recorder becomes faulty.  A new row, linked to the old one, records the replacement set; both rows get
    their note in column 8 (cause, notification time, replacement time).  Returns the new row.
    """
    if not clock_set:
        raise InvalidInput(
            field_errors={"clock_set": [_("Set the recorder's date and time before issuing it (point 5).")]}
        )
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.check(entry, "replace_recorder", by)
        failure = _open_failure(entry)
        unit = entry.unit
        new_recorder = locked(Equipment, new_recorder.pk)
        new_card = _check_issuable(unit, new_recorder, entry.inspector, replacing=entry)
        confirm_signature(entry.inspector, inspector_password, request)
        at = now()
        fsm.run(
            entry,
            "replace_recorder",
            by,
            now=at,
            user=by,
            upload_due_at=calendar.due_at(at, UPLOAD_LIMIT),
            reason=failure.cause,
        )
        _hand_back_devices(entry, by, faulty_remark=failure.cause)
        new_entry = _new_entry(
            locked(JournalBook, entry.book_id), new_recorder, new_card, entry.inspector, by, entry
        )
        fsm.log_created(new_entry, "issue_replacement", by, data=_issue_data(new_entry))
        fsm.run(new_entry, "start_recording", by, now=at)
        old_text = (
            f"Ақау: {failure.cause}. Басшыға және жауапты адамға хабарланды: "
            f"{short_datetime(failure.reported_at)}. Бейнетіркегіш ауыстырылды: {short_datetime(at)}; "
            f"жаңасы {new_entry.inventory_numbers} (№ {new_entry.serial} жол)."
        )
        failure.note = _note(entry, JournalNote.Kind.REPLACEMENT, old_text, "", by)
        failure.outcome = Malfunction.Outcome.REPLACED
        failure.resolved_at = at
        failure.replacement = new_entry
        failure.save(update_fields=["note", "outcome", "resolved_at", "replacement"])
        new_text = (
            f"№ {entry.serial} жолдағы {entry.inventory_numbers} орнына берілді "
            f"({short_datetime(at)}; ақау: {failure.cause})."
        )
        _note(new_entry, JournalNote.Kind.REPLACEMENT, new_text, "", by)
    return new_entry


# -- return, loss ------------------------------------------------------------------------------------------


def return_equipment(
    entry: JournalEntry,
    *,
    by: Any,
    inspector_password: str,
    seal_intact: bool = True,
    seal_remark: str = "",
    request: Any = None,
) -> JournalEntry:
    """Point 22: handed back at the end of the working day; column 5 with the inspector's signature.  The
    upload clock starts (point 11: within 1 working day).  A broken seal is noted, never a reason to refuse
    the devices back."""
    seal_remark = (seal_remark or "").strip()
    if not seal_intact and not seal_remark:
        raise InvalidInput(field_errors={"seal_remark": [_("Say what is wrong with the seal.")]})
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.check(entry, "return_equipment", by)
        confirm_signature(entry.inspector, inspector_password, request)
        at = now()
        due = calendar.due_at(at, UPLOAD_LIMIT)
        fsm.run(
            entry, "return_equipment", by, now=at, user=by, upload_due_at=due, data={"upload_due_at": due}
        )
        _hand_back_devices(entry, by)
        if not seal_intact:
            text = f"Қайтарылғанда жад картасы ұяшығының мөрі ({entry.seal_number}) бұзылған."
            _note(entry, JournalNote.Kind.SEAL, text, seal_remark, by)
    return entry


def _hand_back_devices(entry: JournalEntry, by: Any, *, faulty_remark: str = "") -> None:
    recorder = locked(Equipment, entry.recorder_id)
    card = locked(Equipment, entry.card_id)
    fsm.run(recorder, "take_back", by, data={"row": entry.pk})
    fsm.run(card, "take_back", by, data={"row": entry.pk})
    card.data_state = Equipment.Data.HOLDS_DATA
    card.save(update_fields=["data_state"])
    if faulty_remark:
        fsm.run(recorder, "mark_faulty", by, faulty_remark, reason=faulty_remark)


LOSS_KINDS = {"lost": "Жоғалды", "damaged": "Бүлінді"}


def report_loss_or_damage(entry: JournalEntry, *, by: Any, kind: str, description: str) -> JournalEntry:
    """Point 22: the recorder and card were lost or damaged while issued (the head sees it at once).  Lost
    devices become ``lost``, damaged ones ``faulty``; the row ends here."""
    description = (description or "").strip()
    errors = {}
    if kind not in LOSS_KINDS:
        errors["kind"] = [_("Choose lost or damaged.")]
    if not description:
        errors["description"] = [_("Describe what happened.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        at = now()
        fsm.run(entry, "report_loss_or_damage", by, now=at, reason=description, data={"kind": kind})
        for pk in (entry.recorder_id, entry.card_id):
            device = locked(Equipment, pk)
            if kind == "lost":
                fsm.run(device, "report_lost", _device_actor(entry, by), description, reason=description)
            else:
                fsm.run(device, "mark_faulty", _device_actor(entry, by), description, reason=description)
        text = f"{LOSS_KINDS[kind]}: {description} Басшыға хабарланды: {short_datetime(at)}."
        _note(entry, JournalNote.Kind.LOSS, text, "", by)
    return entry


def _device_actor(entry: JournalEntry, by: Any) -> Any:
    """Devices are in the responsible person's care: an inspector's report moves them in the system's
    name (the audit row of the journal names the inspector)."""
    return by if is_member(by, entry.unit_id, RP) else fsm.SYSTEM


# -- notes and corrections ---------------------------------------------------------------------------------


def add_note(entry: JournalEntry, text: str, *, by: Any) -> JournalNote:
    """The responsible person's own remark in column 8."""
    require_member(by, entry.unit_id, RP, message=_("The responsible person writes the journal (point 8)."))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(field_errors={"text": [_("Write the note.")]})
    with transaction.atomic():
        return _note(locked(JournalEntry, entry.pk), JournalNote.Kind.REMARK, text, "", by)


def _note(entry: JournalEntry, kind: str, text: str, remark: str, by: Any) -> JournalNote:
    remark = (remark or "").strip()
    full = f"{text} {remark}".strip() if remark else text
    note = JournalNote.objects.create(
        entry=entry, kind=kind, text=full, written_at=now(), written_by=by, written_by_name=full_name(by)
    )
    fsm.log_event(entry, "note", by, reason=full, data={"kind": kind, "note": note.pk})
    return note


def column_value(entry: JournalEntry, column: int, note: JournalNote | None = None) -> str:
    """The value a column shows now: the last correction's new value, else what was filled."""
    corrections = entry.corrections.filter(column=column, note=note).order_by("-corrected_at", "-pk")
    last = corrections.first()
    if last is not None:
        return last.new_value
    return original_value(entry, column, note)


def original_value(entry: JournalEntry, column: int, note: JournalNote | None = None) -> str:
    values = {
        2: entry.inventory_numbers,
        3: entry.inspector_name,
        4: short_datetime(entry.issued_at),
        5: short_datetime(entry.returned_at),
        6: short_datetime(entry.uploaded_at),
        7: entry.signed_off_name,
        8: note.text if note is not None else "",
    }
    return values[column]


def correct_entry(
    entry: JournalEntry,
    *,
    column: int,
    new_value: str,
    reason: str,
    by: Any,
    note: JournalNote | None = None,
) -> Correction:
    """Point 10: strike the wrong value through and enter the right one, with «Түзетілді», the date and time,
    the responsible person's full name and the reason in column 8.  Only filled columns are corrected; the
    facts the system records (custody, times taken from the clock) stay as they were."""
    require_member(
        by, entry.unit_id, RP, message=_("Only the responsible person corrects the journal (point 10).")
    )
    new_value, reason = (new_value or "").strip(), (reason or "").strip()
    errors = {}
    if column not in Correction.COLUMNS:
        errors["column"] = [_("Columns 2 to 8 can be corrected.")]
    if column == 8 and (note is None or note.entry_id != entry.pk):
        errors["note"] = [_("Choose the note of this row to correct.")]
    if not new_value:
        errors["new_value"] = [_("Enter the correct value.")]
    if not reason:
        errors["reason"] = [_("Give the reason for the correction.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        old_value = column_value(entry, column, note if column == 8 else None)
        if not old_value:
            raise GuardFailed(_("This column is still empty: it is filled by its action, not corrected."))
        if old_value == new_value:
            raise InvalidInput(field_errors={"new_value": [_("The new value is the same as the old one.")]})
        correction = Correction.objects.create(
            entry=entry,
            column=column,
            note=note if column == 8 else None,
            old_value=old_value,
            new_value=new_value,
            reason=reason,
            corrected_at=now(),
            corrected_by=by,
            corrected_by_name=full_name(by),
        )
        fsm.log_event(
            entry, "correct", by, reason=reason, data={"column": column, "old": old_value, "new": new_value}
        )
    return correction


def close_entry(entry: JournalEntry, *, by: Any) -> JournalEntry:
    """Column 7: the responsible person's name and signature, certifying the whole row (issue, return,
    upload and the wiped card)."""
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.run(entry, "close", by, now=now(), user=by, name=full_name(by))
    return entry
