"""Nothing in the journal or the storage is erased or overwritten, below the ORM: the database refuses a
DELETE of journal rows, notes, corrections and stored recordings, and an UPDATE of a column once filled (a
column may go from empty to filled once).  Runs on SQLite and, through tests/run_postgres.sh, PostgreSQL."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.db import IntegrityError, connection, models, transaction

from portal import db_triggers
from portal.db_triggers import Guard
from records.recorders import guards, services
from records.recorders.models import (
    Correction,
    Equipment,
    JournalBook,
    JournalEntry,
    JournalNote,
    MediaAccess,
    MediaRecord,
)

from .conftest import issue, through_upload

pytestmark = pytest.mark.django_db


def raw(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic():
            raw(sql, params)
    except IntegrityError as error:
        assert "never" in str(error)
        return True
    return False


@pytest.fixture
def day(staff, unit, book, devices, clock):
    """A row returned and uploaded, with a note and a correction, and one logged view."""
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"evidence")
    services.add_note(entry, "Ескертпе", by=staff.rp)
    services.correct_entry(entry, column=2, new_value="БТ-9 / ЖК-9", reason="Қате", by=staff.rp)
    media = entry.media.get()
    services.open_recording(media.pk, staff.head, "view").stream.close()
    return JournalEntry.objects.get(pk=entry.pk)


def test_every_guard_is_installed(db):
    for guard in guards.GUARDS:
        assert db_triggers.missing(guard=guard) == [], guard.table


def test_the_migration_installs_what_guards_py_declares():
    migration = import_module("records.recorders.migrations.0002_journal_guards")
    assert migration.GUARDS == guards.GUARDS


def test_the_guards_name_every_column_of_their_tables():
    """A column added to a model is frozen unless declared otherwise: no column escapes the guard."""
    for guard in guards.GUARDS:
        model = next(m for m in _models() if m._meta.db_table == guard.table)
        columns = {f.column for f in model._meta.concrete_fields if not f.primary_key}
        if guard.refuses_every_update:
            continue
        assert set(guard.frozen) | set(guard.fill_once) <= columns
        assert set(guard.frozen).isdisjoint(guard.fill_once)


def _models() -> list[type[models.Model]]:
    from django.apps import apps

    return list(apps.get_app_config("recorders").get_models())


@pytest.mark.parametrize(
    "model", [JournalEntry, JournalNote, Correction, MediaRecord, MediaAccess, JournalBook, Equipment]
)
def test_delete_is_refused_by_the_database(day, model):
    table = model._meta.db_table
    count = model.objects.count()
    assert count > 0
    assert refused(f"DELETE FROM {table}")
    assert model.objects.count() == count


@pytest.mark.parametrize(
    "column, value",
    [
        ("inventory_numbers", "БТ-0099 / ЖК-0099"),  # column 2, frozen at issue
        ("inspector_name", "Басқа Адам"),  # column 3
        ("issued_at", "2025-01-01 00:00:00"),  # column 4
        ("returned_at", "2025-01-01 00:00:00"),  # column 5, filled at return
        ("uploaded_at", "2025-01-01 00:00:00"),  # column 6, filled at upload
        ("serial", 99),  # column 1
    ],
)
def test_a_filled_journal_column_cannot_be_changed(day, column, value):
    before = getattr(day, column)
    assert refused(f"UPDATE recorders_journalentry SET {column} = %s WHERE id = %s", [value, day.pk])
    assert getattr(JournalEntry.objects.get(pk=day.pk), column) == before


def test_a_filled_column_cannot_be_emptied(day):
    assert refused("UPDATE recorders_journalentry SET returned_at = NULL WHERE id = %s", [day.pk])


def test_an_empty_column_is_filled_once_then_frozen(day):
    """Column 7 is still empty after the upload: it may be filled, once."""
    assert day.signed_off_name == ""
    assert (
        raw("UPDATE recorders_journalentry SET signed_off_name = %s WHERE id = %s", ["Бір Адам", day.pk]) == 1
    )
    assert refused(
        "UPDATE recorders_journalentry SET signed_off_name = %s WHERE id = %s", ["Екі Адам", day.pk]
    )
    assert (
        raw("UPDATE recorders_journalentry SET card_cleared_at = %s WHERE id = %s", [day.uploaded_at, day.pk])
        == 1
    )
    assert refused("UPDATE recorders_journalentry SET card_cleared_at = NULL WHERE id = %s", [day.pk])


def test_the_state_column_stays_writable(day):
    # django-fsm moves the row through the state column; only the journal's own columns are guarded.
    assert raw("UPDATE recorders_journalentry SET state = %s WHERE id = %s", ["uploaded", day.pk]) == 1


@pytest.mark.parametrize("table", ["recorders_journalnote", "recorders_correction", "recorders_mediaaccess"])
def test_append_only_tables_refuse_every_update(day, table):
    assert refused(f"UPDATE {table} SET id = id")


def test_a_stored_recording_cannot_be_rewritten(day):
    media = day.media.get()
    for sql, params in (
        ("UPDATE recorders_mediarecord SET sha256 = %s WHERE id = %s", ["0" * 64, media.pk]),
        ("UPDATE recorders_mediarecord SET retain_until = %s WHERE id = %s", ["2099-01-01", media.pk]),
        ("UPDATE recorders_mediarecord SET inspector_id = %s WHERE id = %s", [day.issued_by_id, media.pk]),
    ):
        assert refused(sql, params)
    # Linking to a case fills the extension once; it cannot be shortened afterwards.
    assert (
        raw("UPDATE recorders_mediarecord SET extended_until = %s WHERE id = %s", ["2030-03-13", media.pk])
        == 1
    )
    assert refused(
        "UPDATE recorders_mediarecord SET extended_until = %s WHERE id = %s", ["2026-01-01", media.pk]
    )


def test_an_inventory_number_never_changes(staff, devices):
    recorder = devices.device(Equipment.Kind.RECORDER, number=None)
    assert (
        raw("UPDATE recorders_equipment SET inventory_number = %s WHERE id = %s", ["БТ-1", recorder.pk]) == 1
    )
    assert refused(
        "UPDATE recorders_equipment SET inventory_number = %s WHERE id = %s", ["БТ-2", recorder.pk]
    )
    assert refused("UPDATE recorders_equipment SET kind = %s WHERE id = %s", ["memory_card", recorder.pk])


def test_the_orm_refuses_deletes_too(day):
    with pytest.raises(models.ProtectedError):
        JournalEntry.objects.all().delete()
    with pytest.raises(models.ProtectedError):
        day.delete()
    with pytest.raises(models.ProtectedError):
        MediaRecord.objects.all().delete()


def test_a_fresh_row_passes_every_trigger_on_its_way_to_closed(staff, unit, book, devices):
    """The triggers let the lawful day through: each column filled once, at its moment."""
    entry = through_upload(staff, issue(staff, unit, devices.prepared()))
    services.verify_upload(entry, by=staff.rp)
    services.clear_card(entry, by=staff.rp)
    assert services.close_entry(entry, by=staff.rp).state == "closed"


# -- the helper's SQL for both vendors ---------------------------------------------------------------------


@pytest.fixture
def probe():
    """Guards on tables that do not exist: their SQL is inspected, never run; they leave the registry."""
    made = []

    def make(table: str, **columns) -> Guard:
        made.append(table)
        return Guard(table, f"{table}: never", **columns)

    yield make
    for table in made:
        db_triggers.GUARDS.pop(table, None)


def test_fill_once_sql_for_sqlite(probe):
    update = db_triggers._sqlite(probe("probe", frozen=("a",), fill_once=("b",)), install=True)[0]
    assert update.startswith("CREATE TRIGGER IF NOT EXISTS probe_no_update BEFORE UPDATE ON probe WHEN ")
    assert 'NEW."a" IS NOT OLD."a"' in update
    assert '(OLD."b" IS NOT NULL AND CAST(OLD."b" AS TEXT) <> \'\' AND NEW."b" IS NOT OLD."b")' in update


def test_fill_once_sql_for_postgresql(probe):
    function = db_triggers._postgres(probe("probe", frozen=("a",), fill_once=("c_id",)), install=True)[0]
    assert 'NEW."a" IS DISTINCT FROM OLD."a"' in function
    assert (
        '(OLD."c_id" IS NOT NULL AND OLD."c_id"::text <> \'\' AND NEW."c_id" IS DISTINCT FROM OLD."c_id")'
        in function
    )
    assert "THEN RETURN NEW; END IF;" in function


def test_a_guard_without_changeable_columns_refuses_every_update(probe):
    assert " WHEN " not in db_triggers._sqlite(probe("probe2"), install=True)[0]
    assert "RETURN NEW" not in db_triggers._postgres(probe("probe3"), install=True)[0]


def test_the_running_vendor_is_one_the_triggers_support():
    assert connection.vendor in ("sqlite", "postgresql")
