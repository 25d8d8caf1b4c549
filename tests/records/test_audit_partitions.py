"""The audit log as one chain per partition (the handling unit and the year): each chain is complete on its
own, checkpoints bind every partition's head, and an attack on one partition is found and named by its
chain.  The PostgreSQL race at the end appends to several partitions at once."""

from __future__ import annotations

import json
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection, transaction

from portal import db_triggers
from records import audit_checkpoints, clock
from records.audit import append_transition, partition_of, timeline
from records.audit_verify import verify_chain
from records.models import TransitionLog

from .audit_helpers import raw, run_verify_audit
from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


def unit_record(name: str, unit: int) -> Group:
    record = Group.objects.create(name=name)
    record.unit_id = unit  # what an application or a journal entry tells of its unit
    return record


def append(record, count: int, first: int = 0) -> None:
    for index in range(first, first + count):
        with transaction.atomic():
            append_transition(record, transition=f"step_{index}", from_state="a", to_state="b", actor=None)


def kinds() -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for problem in verify_chain():
        found.setdefault(problem.kind, []).append((problem.partition, problem.seq))
    return found


@pytest.fixture
def two_units():
    taraz, shu = unit_record("app taraz", 1), unit_record("app shu", 2)
    append(taraz, 4)
    append(shu, 3)
    return taraz, shu


def test_each_unit_and_year_is_a_chain_of_its_own(two_units):
    taraz, _shu = two_units
    by_partition = {}
    for row in TransitionLog.objects.order_by("id"):
        by_partition.setdefault(row.partition, []).append(row.seq)
    year = partition_of(taraz, clock.now()).split("/")[1]
    assert by_partition == {f"unit-1/{year}": [1, 2, 3, 4], f"unit-2/{year}": [1, 2, 3]}
    assert [row.transition for row in timeline(taraz)] == ["step_0", "step_1", "step_2", "step_3"]
    assert verify_chain() == []


def test_a_record_without_a_unit_goes_to_the_dash_chain_and_partitions_can_be_off(settings):
    record = Group.objects.create(name="no unit")
    append(record, 1)
    settings.AUDIT_CHAIN_PARTITIONS = False
    append(record, 2, first=1)
    assert [(r.partition.split("/")[0], r.seq) for r in timeline(record)] == [("-", 1), ("", 1), ("", 2)]
    assert verify_chain() == []


def test_a_new_year_starts_new_chains_and_the_timeline_keeps_its_order(monkeypatch):
    record = unit_record("across the year", 1)
    moments = iter([at(2025, 12, 31, 23, 59), at(2026, 1, 1, 0, 1), at(2026, 1, 2, 9, 0)])
    monkeypatch.setattr(clock, "now", lambda: next(moments))
    append(record, 3)
    assert [(row.partition, row.seq) for row in timeline(record)] == [
        ("unit-1/2025", 1),
        ("unit-1/2026", 1),
        ("unit-1/2026", 2),
    ]
    assert verify_chain() == []


def test_checkpoint_binds_the_head_of_every_partition(two_units, checkpoint_file):
    out = StringIO()
    call_command("audit_checkpoint", stdout=out, stderr=StringIO())
    heads = json.loads(out.getvalue())["heads"]
    assert {name.split("/")[0]: head[0] for name, head in heads.items()} == {"unit-1": 4, "unit-2": 3}
    assert all(head[2] == head[0] for head in heads.values())  # rows up to the head, none missing


def test_a_whole_partition_removed_after_a_checkpoint_is_truncation(two_units):
    call_command("audit_checkpoint", stdout=StringIO(), stderr=StringIO())
    shu = TransitionLog.objects.filter(partition__startswith="unit-2/").first().partition
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE partition = %s", [shu])
    assert kinds() == {"truncated": [(shu, 1)]}
    output, error = run_verify_audit()
    assert error is not None
    assert f"Chain {shu}: Truncated: the log ends at row #0" in output and "saw row #3" in output


def test_the_newest_row_of_one_partition_removed_is_named_by_its_chain(two_units):
    call_command("audit_checkpoint", stdout=StringIO(), stderr=StringIO())
    taraz = TransitionLog.objects.filter(partition__startswith="unit-1/").first().partition
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE partition = %s AND seq = 4", [taraz])
    assert kinds() == {"truncated": [(taraz, 4)]}


def test_a_row_moved_to_another_partition_is_found(two_units):
    row = TransitionLog.objects.filter(partition__startswith="unit-2/").order_by("seq").last()
    taraz = TransitionLog.objects.filter(partition__startswith="unit-1/").first().partition
    with db_triggers.suspended():
        raw("UPDATE records_transitionlog SET partition = %s, seq = 5 WHERE id = %s", [taraz, row.pk])
    found = kinds()
    assert (taraz, 5) in found["changed"] and (taraz, 5) in found["broken_link"]


def test_a_checkpoint_of_the_single_chain_still_verifies(settings, checkpoint_file):
    """Checkpoint lines written before partitions ({at, head_seq, head_hash, rows}) keep their meaning."""
    settings.AUDIT_CHAIN_PARTITIONS = False
    record = Group.objects.create(name="old chain")
    append(record, 3)
    head = TransitionLog.objects.get(partition="", seq=3)
    fields = {"at": "2026-01-01T00:00:00+00:00", "head_seq": 3, "head_hash": head.row_hash, "rows": 3}
    fields["signature"] = audit_checkpoints._sign(audit_checkpoints._DOMAIN_SINGLE_CHAIN, dict(fields))
    checkpoint_file.write_text(json.dumps(fields) + "\n")
    assert verify_chain() == []
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE partition = '' AND seq = 3")
    assert kinds() == {"truncated": [("", 3)]}


# --- PostgreSQL: appends to many partitions at once --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_to_many_partitions_keep_every_chain_whole():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writers")
    records = [unit_record(f"race {n}", n % 4) for n in range(8)]
    errors: list[BaseException] = []

    def worker(record):
        try:
            append(record, 25)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(record,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    for n in range(4):
        seqs = sorted(
            TransitionLog.objects.filter(partition__startswith=f"unit-{n}/").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, 51))  # two writers per partition, no seq taken twice or skipped
    call_command("audit_checkpoint", stdout=StringIO(), stderr=StringIO())
    assert verify_chain() == []
