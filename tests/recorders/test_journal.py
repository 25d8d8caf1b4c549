"""The journal's rows (DOMAIN §1.8.3): every transition and guard, the columns each fills, the monitoring
flags on the Kazakhstan calendar, replacement with a linked row, loss, notes and corrections."""

from __future__ import annotations

import pytest

from records.audit import timeline
from records.errors import ForbiddenTransition, GuardFailed, InvalidInput, PermissionDenied
from records.recorders import services
from records.recorders.models import Equipment, JournalEntry, JournalNote, MealPause

from .conftest import at, files, issue, password, through_upload

pytestmark = pytest.mark.django_db


# -- issue -------------------------------------------------------------------------------------------------


def test_issue_fills_columns_1_to_4_and_puts_both_devices_out(staff, unit, book, devices, clock):
    recorder = devices.prepared()
    card = recorder.installed_card
    entry = issue(staff, unit, recorder)
    assert entry.serial == 1
    assert entry.inventory_numbers == f"{recorder.inventory_number} / {card.inventory_number}"
    assert entry.inspector_name == "Ерлан Серікұлы Жақсыбеков"  # first name, patronymic, surname
    assert entry.issued_at == entry.issue_signed_at == clock.value
    assert entry.seal_number == recorder.seal_number
    assert entry.return_due_at == at(2025, 3, 12, 18, 30)  # closing time of the working day (point 22)
    assert entry.state == JournalEntry.State.ISSUED
    assert {d.state for d in Equipment.objects.filter(pk__in=[recorder.pk, card.pk])} == {"issued"}
    assert [row.transition for row in timeline(entry)] == ["issue"]
    assert issue(staff, unit, devices.prepared(), staff.inspector2).serial == 2


def test_issue_without_an_inventory_number_is_refused(staff, unit, book, devices):
    recorder = devices.device(Equipment.Kind.RECORDER, number=None)
    with pytest.raises(GuardFailed, match="no inventory number"):
        issue(staff, unit, recorder)
    assert not JournalEntry.objects.exists()


def test_a_card_without_an_inventory_number_cannot_be_installed(staff, devices):
    recorder = devices.device(Equipment.Kind.RECORDER)
    card = devices.device(Equipment.Kind.MEMORY_CARD, number=None)
    with pytest.raises(GuardFailed, match="no inventory number"):
        services.install_card_and_seal(recorder, card, "М-1", by=staff.rp)


def test_a_second_issue_of_an_issued_recorder_is_refused(staff, unit, book, devices):
    recorder = devices.prepared()
    issue(staff, unit, recorder)
    with pytest.raises(GuardFailed, match=r"already issued \(row № 1, Ерлан"):
        issue(staff, unit, recorder, staff.inspector2)
    assert JournalEntry.objects.count() == 1


def test_an_inspector_holding_a_recorder_gets_no_second_one(staff, unit, book, devices):
    issue(staff, unit, devices.prepared())
    with pytest.raises(GuardFailed, match="still holds the recorder of row № 1"):
        issue(staff, unit, devices.prepared())


@pytest.mark.parametrize(
    "case, error, message",
    [
        ("unsealed", GuardFailed, "seal its slot"),
        ("not_inspector", GuardFailed, "inspectors"),
        ("other_unit_inspector", GuardFailed, "inspectors"),
        ("wrong_password", InvalidInput, "signature is not accepted"),
        ("clock_not_set", InvalidInput, "date and time"),
        ("by_inspector", PermissionDenied, "responsible person"),
        ("no_open_book", GuardFailed, "no open journal book"),
    ],
)
def test_issue_guards(staff, unit, book, devices, case, error, message):
    recorder = devices.prepared()
    kwargs = {
        "recorder": recorder,
        "inspector": staff.inspector,
        "by": staff.rp,
        "inspector_password": password(staff.inspector),
        "clock_set": True,
    }
    if case == "unsealed":
        kwargs["recorder"] = services.remove_card(recorder, by=staff.rp)
    elif case == "not_inspector":
        kwargs["inspector"] = staff.outsider
        kwargs["inspector_password"] = password(staff.outsider)
    elif case == "other_unit_inspector":
        kwargs["inspector"] = staff.other_rp
        kwargs["inspector_password"] = password(staff.other_rp)
    elif case == "wrong_password":
        kwargs["inspector_password"] = "guess"
    elif case == "clock_not_set":
        kwargs["clock_set"] = False
    elif case == "by_inspector":
        kwargs["by"] = staff.inspector2
    elif case == "no_open_book":
        services.close_book(book, by=staff.rp)
    with pytest.raises(error) as caught:
        services.issue_recorder(unit, **kwargs)
    assert message in str(caught.value) + str(caught.value.field_errors)
    assert not JournalEntry.objects.exists()
    assert Equipment.objects.get(pk=recorder.pk).state == Equipment.State.IN_CUSTODY


def test_a_card_holding_recordings_cannot_go_out_again(staff, unit, book, devices, clock):
    recorder = devices.prepared()
    entry = through_upload(staff, issue(staff, unit, recorder))
    card = entry.card
    clock.set(at(2025, 3, 13, 9, 0))
    # The recorder is back in custody with its sealed card, but the card was neither verified nor wiped.
    with pytest.raises(GuardFailed, match="still holds recordings"):
        issue(staff, unit, Equipment.objects.get(pk=recorder.pk))
    assert Equipment.objects.get(pk=card.pk).data_state == Equipment.Data.UPLOADED


# -- the working day ---------------------------------------------------------------------------------------


def test_a_full_day_fills_the_columns_at_their_moments(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    clock.set(at(2025, 3, 12, 9, 5))
    entry = services.start_recording(entry, by=staff.inspector)
    assert entry.recording_started_at == at(2025, 3, 12, 9, 5)
    clock.set(at(2025, 3, 12, 13, 3))
    pause = services.pause_for_meal(entry, by=staff.inspector, spoken_at=at(2025, 3, 12, 13, 2))
    clock.set(at(2025, 3, 12, 13, 46))
    services.resume_after_meal(entry, by=staff.inspector, spoken_at=at(2025, 3, 12, 13, 44))
    clock.set(at(2025, 3, 12, 18, 20))
    entry = services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector))
    assert entry.returned_at == entry.return_signed_at == at(2025, 3, 12, 18, 20)
    assert entry.upload_due_at == at(2025, 3, 13, 18, 30)  # 1 working day from hand-in (point 11)
    card = Equipment.objects.get(pk=entry.card_id)
    assert (card.state, card.data_state) == ("in_custody", "holds_data")
    note = services.write_pause_note(MealPause.objects.get(pk=pause.pk), by=staff.rp)
    assert note.text.startswith("Тамақтануға үзіліс: 13:02–13:44")
    clock.set(at(2025, 3, 13, 10, 0))
    services.upload_recordings(entry, files(b"a"), by=staff.rp)
    entry = services.verify_upload(entry, by=staff.rp)
    entry = services.clear_card(entry, by=staff.rp)
    entry = services.close_entry(entry, by=staff.rp)
    assert entry.uploaded_at == at(2025, 3, 13, 10, 0)
    assert (entry.signed_off_name, entry.signed_off_by) == ("Гүлнар Сәрсенқызы Ахметова", staff.rp)
    assert entry.state == JournalEntry.State.CLOSED
    assert Equipment.objects.get(pk=entry.card_id).data_state == Equipment.Data.EMPTY
    assert [row.transition for row in timeline(entry)] == [
        "issue",
        "start_recording",
        "pause_for_meal",
        "resume_after_meal",
        "return_equipment",
        "note",
        "upload",
        "verify_upload",
        "clear_card",
        "close",
    ]
    assert entry.flags(clock.value) == []


def test_wiping_the_card_before_the_upload_is_refused(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    entry = services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector))
    with pytest.raises(ForbiddenTransition, match="Wipe the card"):
        services.clear_card(entry, by=staff.rp)
    assert Equipment.objects.get(pk=entry.card_id).data_state == Equipment.Data.HOLDS_DATA


def test_wiping_before_the_upload_is_verified_is_refused(staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()))
    with pytest.raises(GuardFailed, match="only after the upload is verified"):
        services.clear_card(entry, by=staff.rp)
    services.verify_upload(entry, by=staff.rp)
    assert services.clear_card(entry, by=staff.rp).state == JournalEntry.State.CARD_CLEARED


def test_inspector_cannot_wipe_upload_or_close(staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()))
    services.verify_upload(entry, by=staff.rp)
    with pytest.raises(PermissionDenied):
        services.clear_card(entry, by=staff.inspector)


def test_only_the_rows_own_inspector_may_report_on_it(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    with pytest.raises(PermissionDenied):
        services.start_recording(entry, by=staff.inspector2)
    services.start_recording(entry, by=staff.inspector)
    with pytest.raises(PermissionDenied):
        services.pause_for_meal(entry, by=staff.other_rp)


def test_a_paused_recorder_must_resume_before_return(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    services.pause_for_meal(entry, by=staff.inspector)
    with pytest.raises(ForbiddenTransition):
        services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector))


def test_spoken_time_in_the_future_is_invalid(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    with pytest.raises(InvalidInput):
        services.pause_for_meal(entry, by=staff.inspector, spoken_at=at(2025, 3, 12, 11, 0))
    assert JournalEntry.objects.get(pk=entry.pk).state == JournalEntry.State.RECORDING


def test_return_needs_the_inspectors_signature_and_notes_a_broken_seal(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    with pytest.raises(InvalidInput, match="signature is not accepted"):
        services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector2))
    with pytest.raises(InvalidInput):
        services.return_equipment(
            entry, by=staff.rp, inspector_password=password(staff.inspector), seal_intact=False
        )
    services.return_equipment(
        entry,
        by=staff.rp,
        inspector_password=password(staff.inspector),
        seal_intact=False,
        seal_remark="Жыртылған.",
    )
    note = JournalNote.objects.get(entry=entry)
    assert note.kind == "seal" and entry.seal_number in note.text and note.text.endswith("Жыртылған.")


# -- failures, replacement, loss ---------------------------------------------------------------------------


def test_a_removed_failure_is_noted_and_recording_continues(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    clock.set(at(2025, 3, 12, 11, 0))
    failure = services.report_malfunction(entry, by=staff.inspector, cause="Аккумулятор отырып қалды")
    assert failure.reported_at == at(2025, 3, 12, 11, 0)
    assert list(services.worklist(unit, clock.value).open_failures) == [failure]
    clock.set(at(2025, 3, 12, 11, 20))
    failure = services.resolve_malfunction(entry, by=staff.rp)
    assert JournalEntry.objects.get(pk=entry.pk).state == JournalEntry.State.RECORDING
    assert failure.note.text == (
        "Ақау: Аккумулятор отырып қалды. Басшыға және жауапты адамға хабарланды: 12.03.2025 11:00. "
        "Ақау себебі жойылды: 12.03.2025 11:20."
    )


def test_replacement_hands_back_the_failed_set_and_links_a_new_row(staff, unit, book, devices, clock):
    old_recorder = devices.prepared()
    spare = devices.prepared()
    entry = issue(staff, unit, old_recorder)
    services.start_recording(entry, by=staff.inspector)
    clock.set(at(2025, 3, 12, 11, 0))
    services.report_malfunction(entry, by=staff.inspector, cause="Экран сөнді, жазба тоқтады")
    clock.set(at(2025, 3, 12, 11, 40))
    with pytest.raises(PermissionDenied):
        services.replace_recorder(
            entry,
            new_recorder=spare,
            by=staff.inspector,
            inspector_password=password(staff.inspector),
            clock_set=True,
        )
    new = services.replace_recorder(
        entry, new_recorder=spare, by=staff.rp, inspector_password=password(staff.inspector), clock_set=True
    )
    old = JournalEntry.objects.get(pk=entry.pk)
    assert (old.state, old.returned_at, old.upload_due_at) == (
        "returned",
        clock.value,
        at(2025, 3, 13, 18, 30),
    )
    assert (new.replaces_id, new.serial, new.state, new.inspector_id) == (
        old.pk,
        2,
        "recording",
        staff.inspector.pk,
    )
    assert Equipment.objects.get(pk=old_recorder.pk).state == Equipment.State.FAULTY
    assert Equipment.objects.get(pk=old.card_id).data_state == Equipment.Data.HOLDS_DATA
    old_note = old.notes.get().text
    assert "Ақау: Экран сөнді, жазба тоқтады" in old_note
    assert "хабарланды: 12.03.2025 11:00" in old_note and "ауыстырылды: 12.03.2025 11:40" in old_note
    assert f"№ {new.serial} жол" in old_note
    assert new.notes.get().text.startswith(f"№ {old.serial} жолдағы {old.inventory_numbers} орнына берілді")
    # The failed set's recordings still go through the usual upload on the old row.
    services.upload_recordings(old, files(b"x"), by=staff.rp)


def test_a_lost_set_ends_the_row_and_is_noted(staff, unit, book, devices, clock):
    recorder = devices.prepared()
    entry = issue(staff, unit, recorder)
    services.start_recording(entry, by=staff.inspector)
    entry = services.report_loss_or_damage(
        entry, by=staff.inspector, kind="lost", description="Көлікте қалды."
    )
    assert entry.state == JournalEntry.State.LOST_OR_DAMAGED
    assert {d.state for d in Equipment.objects.filter(pk__in=[entry.recorder_id, entry.card_id])} == {"lost"}
    assert entry.notes.get().text == "Жоғалды: Көлікте қалды. Басшыға хабарланды: 12.03.2025 08:50."
    with pytest.raises(ForbiddenTransition):
        services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector))


# -- flags -------------------------------------------------------------------------------------------------


def test_not_returned_by_the_end_of_the_working_day_is_flagged(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    clock.set(at(2025, 3, 12, 18, 30))
    assert entry.flags(clock.value) == []
    clock.set(at(2025, 3, 12, 18, 31))
    assert entry.flags(clock.value) == ["return_overdue"]
    assert services.worklist(unit, clock.value).overdue_returns == [entry]


def test_upload_deadline_runs_over_the_nauryz_holidays(staff, unit, book, devices, clock):
    # Returned on Thursday 20 March 2025; 21-25 March are days off (Nauryz, with the weekend and the
    # transferred days), so the one working day after the hand-in is Wednesday 26 March.
    clock.set(at(2025, 3, 20, 8, 50))
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    clock.set(at(2025, 3, 20, 18, 0))
    entry = services.return_equipment(entry, by=staff.rp, inspector_password=password(staff.inspector))
    assert entry.upload_due_at == at(2025, 3, 26, 18, 30)
    clock.set(at(2025, 3, 24, 12, 0))
    assert entry.flags(clock.value) == []
    clock.set(at(2025, 3, 26, 18, 31))
    assert entry.flags(clock.value) == ["upload_overdue"]
    assert services.worklist(unit, clock.value).overdue_uploads == [entry]
    services.upload_recordings(entry, files(b"late"), by=staff.rp)
    entry.refresh_from_db()
    assert entry.flags(clock.value) == ["uploaded_late"]


def test_a_pause_without_its_note_is_flagged_until_the_note_is_written(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    services.start_recording(entry, by=staff.inspector)
    pause = services.pause_for_meal(entry, by=staff.inspector)
    assert entry.flags(clock.value) == []  # still paused: nothing to note yet
    with pytest.raises(GuardFailed, match="not resumed"):
        services.write_pause_note(pause, by=staff.rp)
    services.resume_after_meal(entry, by=staff.inspector)
    assert entry.flags(clock.value) == ["unexplained_gap"]
    assert [p.pk for p in services.worklist(unit, clock.value).pauses_without_note] == [pause.pk]
    with pytest.raises(PermissionDenied):
        services.write_pause_note(MealPause.objects.get(pk=pause.pk), by=staff.inspector)
    services.write_pause_note(MealPause.objects.get(pk=pause.pk), by=staff.rp)
    assert entry.flags(clock.value) == []
    with pytest.raises(GuardFailed, match="already has its note"):
        services.write_pause_note(MealPause.objects.get(pk=pause.pk), by=staff.rp)


# -- corrections -------------------------------------------------------------------------------------------


def test_a_correction_keeps_the_old_value_and_names_who_when_and_why(staff, unit, book, devices, clock):
    entry = issue(staff, unit, devices.prepared())
    clock.set(at(2025, 3, 12, 9, 10))
    first = services.correct_entry(
        entry, column=3, new_value="Ерлан Серікұлы Жаксыбеков", reason="Тегі қате жазылған", by=staff.rp
    )
    second = services.correct_entry(
        entry, column=3, new_value="Ерлан Серікұлы Жақсыбеков", reason="Қайта тексерілді", by=staff.rp
    )
    assert (first.old_value, first.new_value) == ("Ерлан Серікұлы Жақсыбеков", "Ерлан Серікұлы Жаксыбеков")
    assert second.old_value == "Ерлан Серікұлы Жаксыбеков"
    assert (first.corrected_by_name, first.corrected_at) == ("Гүлнар Сәрсенқызы Ахметова", clock.value)
    assert (
        JournalEntry.objects.get(pk=entry.pk).inspector_name == "Ерлан Серікұлы Жақсыбеков"
    )  # never overwritten
    assert services.column_value(entry, 3) == "Ерлан Серікұлы Жақсыбеков"
    assert [row.transition for row in timeline(entry)] == ["issue", "correct", "correct"]


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"column": 5, "new_value": "12.03.2025 18:00", "reason": "x"}, GuardFailed),  # still empty
        ({"column": 1, "new_value": "9", "reason": "x"}, InvalidInput),
        ({"column": 2, "new_value": "БТ-9 / ЖК-9", "reason": ""}, InvalidInput),
        ({"column": 8, "new_value": "x", "reason": "x"}, InvalidInput),  # which note?
    ],
)
def test_correction_guards(staff, unit, book, devices, kwargs, error):
    entry = issue(staff, unit, devices.prepared())
    with pytest.raises(error):
        services.correct_entry(entry, by=staff.rp, **kwargs)
    assert not entry.corrections.exists()


def test_only_the_responsible_person_corrects(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    for user in (staff.head, staff.inspector, staff.other_rp):
        with pytest.raises(PermissionDenied):
            services.correct_entry(entry, column=2, new_value="БТ-9 / ЖК-9", reason="x", by=user)


def test_a_note_is_corrected_by_striking_it(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    note = services.add_note(entry, "Бейнетіркегіш ескі", by=staff.rp)
    correction = services.correct_entry(
        entry, column=8, note=note, new_value="Бейнетіркегіш жаңа", reason="Қате жазылды", by=staff.rp
    )
    assert correction.old_value == "Бейнетіркегіш ескі"
    assert JournalNote.objects.get(pk=note.pk).text == "Бейнетіркегіш ескі"


# -- books -------------------------------------------------------------------------------------------------


def test_book_lifecycle_and_its_guards(staff, unit, other_unit):
    book = services.create_book(unit, "2", by=staff.rp)
    with pytest.raises(InvalidInput):
        services.register_book(book, page_count=0, registration_number="К-1", by=staff.office)
    with pytest.raises(ForbiddenTransition):
        services.open_book(book, by=staff.rp)
    with pytest.raises(PermissionDenied):
        services.register_book(book, page_count=50, registration_number="К-1", by=staff.other_rp)
    book = services.register_book(book, page_count=50, registration_number="К-1", by=staff.office)
    assert book.certification == "Осы журналда 50 парақ нөмірленді, тігілді және мөрмен бекемделді"
    book = services.open_book(book, by=staff.rp)
    second = services.create_book(unit, "3", by=staff.rp)
    services.register_book(second, page_count=50, registration_number="К-2", by=staff.rp)
    with pytest.raises(GuardFailed, match="already has an open"):
        services.open_book(second, by=staff.rp)
    closed = services.close_book(book, by=staff.rp)
    assert closed.state == "closed" and closed.closed_at is not None


def test_a_book_with_open_rows_cannot_be_closed(staff, unit, book, devices):
    issue(staff, unit, devices.prepared())
    with pytest.raises(GuardFailed, match="Every row must be closed"):
        services.close_book(book, by=staff.rp)
