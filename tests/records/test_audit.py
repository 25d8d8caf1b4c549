"""The transition log: append-only in the ORM and in the database, and a hash chain that shows tampering."""

import hashlib
import hmac
import importlib
import re
import threading
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from portal import db_triggers
from records import audit
from records.audit import append_transition, timeline
from records.audit_verify import verify_chain
from records.checks import audit_chain_key
from records.models import GENESIS_HASH, AppendOnlyError, TransitionLog

from .audit_helpers import raw, run_verify_audit

pytestmark = pytest.mark.django_db

PDF_SHA = hashlib.sha256(b"scan of the application").hexdigest()


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "var" / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", first_name="Айгүл", last_name="Сейітова")


@pytest.fixture
def record():
    # Any saved model works as the audited record; the applications come in a later step.
    return Group.objects.create(name="application-1")


@pytest.fixture
def chain(clerk, record):
    """Five transitions of one record, each in its own transaction, as the state machines will write them."""
    states = ["draft", "registered", "assigned", "in_review", "checked", "issued"]
    rows = []
    for index, (old, new) in enumerate(zip(states, states[1:], strict=False)):
        with transaction.atomic():
            rows.append(
                append_transition(
                    record,
                    transition=f"step_{index}",
                    from_state=old,
                    to_state=new,
                    actor=clerk,
                    reason=f"reason {index}",
                    attachments=[{"name": "scan.pdf", "sha256": PDF_SHA}],
                    data={"index": index},
                )
            )
    return rows


def problems_by_kind() -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for problem in verify_chain():
        found.setdefault(problem.kind, []).append(problem.seq)
    return found


# --- Appending -------------------------------------------------------------------------------------


def test_rows_are_chained_and_verify(chain, clerk, record):
    assert [row.seq for row in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    assert all(row.prev_hash == before.row_hash for before, row in zip(chain, chain[1:], strict=False))
    assert verify_chain() == []
    output, error = run_verify_audit()
    assert error is None
    ok, rate = output.strip().splitlines()
    assert ok == "OK: 5 rows verified"
    assert re.fullmatch(r"5 rows in \d+\.\d\d s \(\d+ rows/s\)", rate)


def test_row_contents(chain, clerk):
    first = TransitionLog.objects.get(seq=1)
    assert (first.record_type, first.record_id) == ("auth.group", str(chain[0].record_id))
    assert (first.transition, first.from_state, first.to_state) == ("step_0", "draft", "registered")
    assert first.actor == clerk
    assert first.actor_name == "Айгүл Сейітова"
    assert first.attachments == [{"name": "scan.pdf", "sha256": PDF_SHA}]
    assert first.row_hash == first.compute_hash()


def test_the_chain_is_keyed(chain, settings):
    first = TransitionLog.objects.get(seq=1)
    keyed = hmac.new(settings.AUDIT_CHAIN_KEY.encode(), first.canonical_payload(), hashlib.sha256).hexdigest()
    assert first.row_hash == keyed
    assert first.row_hash != hashlib.sha256(first.canonical_payload()).hexdigest()
    settings.AUDIT_CHAIN_KEY = "another key, another chain"
    assert {problem.kind for problem in verify_chain()} == {"changed"}
    assert len(verify_chain()) == 5


def test_actor_name_is_a_snapshot(chain, clerk):
    clerk.first_name = "Renamed"
    clerk.save()
    assert TransitionLog.objects.get(seq=1).actor_name == "Айгүл Сейітова"
    assert verify_chain() == []


def test_data_is_stored_as_it_reads_back(clerk, record):
    with transaction.atomic():
        append_transition(
            record,
            transition="plan",
            from_state="a",
            to_state="b",
            actor=None,
            data={"plan_date": date(2025, 4, 15)},
        )
    row = TransitionLog.objects.get()
    assert row.data == {"plan_date": "2025-04-15"}
    assert row.actor is None and row.actor_name == ""
    assert verify_chain() == []


def test_timeline_is_one_records_rows_in_order(chain, clerk, record):
    other = Group.objects.create(name="application-2")
    with transaction.atomic():
        append_transition(other, transition="submit", from_state="draft", to_state="registered", actor=clerk)
    assert [row.seq for row in timeline(record)] == [1, 2, 3, 4, 5]
    assert [(row.seq, row.transition) for row in timeline(other)] == [(6, "submit")]


def test_append_needs_the_callers_transaction(clerk, record):
    with pytest.raises(RuntimeError):
        append_transition(record, transition="submit", from_state="draft", to_state="registered", actor=clerk)
    assert not TransitionLog.objects.exists()


@pytest.mark.parametrize(
    "attachment", [{"name": "scan.pdf"}, {"name": "", "sha256": PDF_SHA}, {"name": "a", "sha256": "abc"}]
)
def test_bad_attachments_are_refused(clerk, record, attachment):
    with pytest.raises(ValueError), transaction.atomic():
        append_transition(
            record, transition="submit", from_state="a", to_state="b", actor=clerk, attachments=[attachment]
        )
    assert not TransitionLog.objects.exists()


# --- Append-only in the ORM ------------------------------------------------------------------------


def test_orm_refuses_update_and_delete(chain):
    row = TransitionLog.objects.get(seq=2)
    row.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(seq=2).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(seq=2).delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.bulk_update([row], ["reason"])
    assert TransitionLog.objects.get(seq=2).reason == "reason 1"
    assert verify_chain() == []


def test_orm_refuses_rows_not_appended_through_the_chain(chain):
    fields = [f.name for f in TransitionLog._meta.fields if f.name != "id"]
    forged = TransitionLog(**{name: getattr(chain[-1], name) for name in fields})
    forged.seq, forged.reason = 6, "forged"
    with pytest.raises(AppendOnlyError):
        forged.save()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.bulk_create([forged])
    assert TransitionLog.objects.count() == 5


# --- Append-only in the database -------------------------------------------------------------------


def test_database_refuses_raw_update_and_delete(chain):
    assert db_triggers.missing() == []
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("UPDATE records_transitionlog SET reason = 'rewritten' WHERE seq = 2")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("DELETE FROM records_transitionlog WHERE seq = 2")
    assert TransitionLog.objects.get(seq=2).reason == "reason 1"
    assert TransitionLog.objects.count() == 5


# --- Tampering below the triggers ------------------------------------------------------------------


def test_changed_row_is_reported_by_verify_audit(chain):
    with db_triggers.suspended():
        raw("UPDATE records_transitionlog SET reason = 'nothing happened' WHERE seq = 3")
        output, error = run_verify_audit()
    assert error is not None and error.returncode == 1
    assert "Row #3 (auth.group" in output and "was changed" in output
    assert "#2 " not in output and "#4 " not in output
    assert "records_transitionlog_no_" in output  # the missing trigger is reported too


def test_changed_row_with_a_recomputed_hash_breaks_the_next_link(chain):
    with db_triggers.suspended():
        row = TransitionLog.objects.get(seq=3)
        row.to_state = "issued"
        raw(
            "UPDATE records_transitionlog SET to_state = %s, row_hash = %s WHERE seq = 3",
            ["issued", row.compute_hash()],
        )
    assert problems_by_kind() == {"broken_link": [4]}
    output, error = run_verify_audit()
    assert error is not None
    assert "Row #4" in output and "does not link" in output


def test_removed_row_is_reported(chain):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq = 2")
    assert problems_by_kind() == {"removed": [3], "broken_link": [3]}
    output, error = run_verify_audit()
    assert error is not None
    assert "Rows #2 to #2 before row #3 are missing" in output


def test_removed_first_row_is_reported(chain):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq = 1")
    assert problems_by_kind() == {"removed": [2], "broken_link": [2]}


def test_swapped_rows_are_reported(chain):
    with db_triggers.suspended():
        raw("UPDATE records_transitionlog SET seq = 1000 WHERE seq = 2")
        raw("UPDATE records_transitionlog SET seq = 2 WHERE seq = 3")
        raw("UPDATE records_transitionlog SET seq = 3 WHERE seq = 1000")
    found = problems_by_kind()
    assert found["reordered"] == [3]
    assert found["changed"] == [2, 3]
    output, error = run_verify_audit()
    assert error is not None
    assert "Row #3 (auth.group" in output and "out of order" in output


def test_missing_trigger_alone_is_reported(chain):
    with db_triggers.suspended():
        assert db_triggers.missing() != []
        assert {problem.kind for problem in verify_chain()} == {"unguarded"}
    assert db_triggers.missing() == []
    assert verify_chain() == []


# --- Concurrency ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_form_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writers with BEGIN IMMEDIATE")
    record = Group.objects.create(name="busy application")
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    append_transition(
                        record, transition=f"t{n}-{i}", from_state="a", to_state="b", actor=None
                    )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(TransitionLog.objects.values_list("seq", flat=True)) == list(range(1, 81))
    assert verify_chain() == []


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_writes_the_log_can_be_flushed(clerk, record):
    # The flush after this test must get past the append-only triggers (tests/conftest.py empties the log).
    with transaction.atomic():
        append_transition(record, transition="submit", from_state="draft", to_state="registered", actor=clerk)
    assert verify_chain() == []


# --- The key in production ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "errors"),
    [
        ("", ["records.E001"]),
        ("short", ["records.E001"]),
        ("test-audit-chain-key-not-secret", ["records.E001"]),
    ],
)
def test_production_refuses_to_start_without_its_own_key(settings, key, errors):
    settings.AUDIT_REQUIRE_KEY, settings.AUDIT_CHAIN_KEY = True, key
    assert [error.id for error in audit_chain_key(None)] == errors
    settings.AUDIT_CHAIN_KEY = "k" * 64
    assert audit_chain_key(None) == []


# --- Migration 0005: re-chaining the plain SHA-256 log with the key ------------------------------------


@pytest.fixture
def single_chain(settings):
    # The log as it was when 0005 ran: one chain, rows without a partition.
    settings.AUDIT_CHAIN_PARTITIONS = False


def test_migration_rechains_a_plain_chain_and_refuses_a_broken_one(single_chain, chain):
    from django.apps import apps

    rechain = importlib.import_module("records.migrations.0005_audit_chain_hmac")
    editor = SimpleNamespace(connection=connection)
    rechain.backwards(apps, editor)  # as the log was before 0005
    rows = list(TransitionLog.objects.order_by("seq"))
    assert all(row.row_hash == hashlib.sha256(row.canonical_payload()).hexdigest() for row in rows)
    assert {problem.kind for problem in verify_chain()} == {"changed"}
    rechain.forwards(apps, editor)
    assert verify_chain() == []
    with db_triggers.suspended():
        raw("UPDATE records_transitionlog SET reason = 'rewritten' WHERE seq = 2")
    with pytest.raises(RuntimeError, match="#2 fails verification"):
        rechain.backwards(apps, editor)


# --- A result transition: the document first, the audit row last ----------------------------------------


def test_result_document_is_issued_before_the_audit_row_is_appended(run_path, monkeypatch):
    from records import services

    from .paths import PATHS_BY_KEY

    seen = []
    issue = services.issue_result_document

    def spy(app, *, by):
        rows = audit.timeline(app)
        seen.append(
            (rows[-1].pk, rows[-1].to_state, TransitionLog.objects.filter(to_state=app.state).count())
        )
        return issue(app, by=by)

    monkeypatch.setattr(services, "issue_result_document", spy)
    app = run_path(PATHS_BY_KEY["s6-issue"], check=False)
    assert seen == [(None, app.state, 0)]  # the transition was pending, not in the log, while rendering
    last = audit.timeline(app)[-1]
    assert last.pk is not None and last.to_state == app.state
    assert verify_chain() == []
