"""Real transactions: two issues of one recorder at the same moment give one row (PostgreSQL, where writers
really run at once), and a test that commits journal, storage and log rows leaves a database the flush can
empty despite the triggers (both vendors)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from records.errors import RecordsError
from records.recorders import services
from records.recorders.models import Equipment, JournalEntry

from .conftest import issue, password, through_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_committed_rows_of_every_guarded_table_are_flushed_afterwards(staff, unit, book, devices, clock):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"committed")
    services.add_note(entry, "Ескертпе", by=staff.rp)
    services.correct_entry(entry, column=2, new_value="БТ-1 / ЖК-1", reason="Қате", by=staff.rp)
    media = entry.media.get()
    services.open_recording(media.pk, staff.rp, "view").stream.close()
    request = services.request_release(unit, [media.pk], purpose="Хаттама", by=staff.inspector)
    services.release(services.approve_release(request, by=staff.head), by=staff.rp)
    assert JournalEntry.objects.count() == 1
    # The teardown flush (tests/conftest.py) must empty these tables; a failure there errors this test.


def test_two_issues_of_one_recorder_at_once_give_one_row(staff, unit, book, devices):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with tests/run_postgres.sh (SQLite serialises writers)")
    recorder = devices.prepared()
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def attempt(name: str, inspector) -> threading.Thread:
        def run():
            try:
                barrier.wait()
                services.issue_recorder(
                    unit,
                    recorder=recorder,
                    inspector=inspector,
                    by=staff.rp,
                    inspector_password=password(inspector),
                    clock_set=True,
                )
                results[name] = "issued"
            except RecordsError as error:
                results[name] = error.code
            finally:
                connection.close()

        return threading.Thread(target=run, name=name)

    threads = [attempt("A", staff.inspector), attempt("B", staff.inspector2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
        assert not thread.is_alive()
    assert sorted(results.values()) == ["guard_failed", "issued"]
    assert JournalEntry.objects.count() == 1
    assert Equipment.objects.get(pk=recorder.pk).state == Equipment.State.ISSUED
