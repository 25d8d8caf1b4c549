"""Tampering with the transition log below the triggers, by someone who can write to the database but knows
neither the chain key nor the checkpoint file: each attack is named by ``verify_audit``."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from portal import db_triggers
from records.audit import append_transition
from records.audit_checkpoints import read_checkpoints
from records.audit_verify import verify_chain
from records.models import TransitionLog

from .audit_helpers import raw, run_verify_audit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "var" / "audit" / "checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_PATH


@pytest.fixture
def record():
    return Group.objects.create(name="application-1")


def append(record, count: int, first: int = 0) -> None:
    for index in range(first, first + count):
        with transaction.atomic():
            append_transition(record, transition=f"step_{index}", from_state="a", to_state="b", actor=None)


@pytest.fixture
def chain(record):
    """Ten rows and a checkpoint of their head."""
    append(record, 10)
    checkpoint()
    return record


def checkpoint() -> dict:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def kinds() -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for problem in verify_chain():
        found.setdefault(problem.kind, []).append(problem.seq)
    return found


def plain_sha256(row: TransitionLog) -> str:
    return hashlib.sha256(row.canonical_payload()).hexdigest()


# --- A clean log ------------------------------------------------------------------------------------------


def test_checkpoint_is_appended_signed_and_printed(chain, checkpoint_file):
    printed = checkpoint()
    head = TransitionLog.objects.get(seq=10)
    assert printed["heads"] == {head.partition: [10, head.row_hash, 10]}
    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1]) == printed
    valid, forged = read_checkpoints()
    assert [c.heads[head.partition].seq for c in valid] == [10, 10] and forged == []


def test_clean_chain_with_checkpoints_is_ok(chain, record):
    append(record, 3, first=10)
    checkpoint()
    output, error = run_verify_audit()
    assert error is None
    assert output.splitlines()[0] == "OK: 13 rows verified"
    assert "rows/s" in output


def test_checkpoint_of_an_empty_log_then_rows_is_ok(record):
    assert checkpoint()["heads"] == {}
    append(record, 2)
    assert verify_chain() == []


# --- Truncation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("removed", [1, 5])
def test_deleting_the_newest_rows_is_truncation(chain, removed):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq > %s", [10 - removed])
    assert kinds() == {"truncated": [11 - removed]}
    output, error = run_verify_audit()
    assert error is not None and error.returncode == 1
    assert f"Truncated: the log ends at row #{10 - removed}" in output and "saw row #10" in output


def test_deleting_the_newest_rows_and_appending_again_is_found(chain, record):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq > 5")
    append(record, 5, first=100)  # seq 6..10 again, a different row #10
    assert kinds() == {"checkpoint_mismatch": [10]}
    output, _ = run_verify_audit()
    assert "Row #10 differs from the checkpoint" in output


# --- Rewrite and recompute without the key ----------------------------------------------------------------


def test_rewriting_a_row_and_recomputing_the_chain_with_sha256_is_found(chain):
    with db_triggers.suspended():
        prev_hash = TransitionLog.objects.get(seq=3).row_hash
        for row in TransitionLog.objects.filter(seq__gte=4).order_by("seq"):
            if row.seq == 4:
                row.reason = "nothing happened"
            row.prev_hash = prev_hash
            prev_hash = plain_sha256(row)
            raw(
                "UPDATE records_transitionlog SET reason = %s, prev_hash = %s, row_hash = %s WHERE seq = %s",
                [row.reason, row.prev_hash, prev_hash, row.seq],
            )
    found = kinds()
    assert found["changed"] == [4, 5, 6, 7, 8, 9, 10]  # every link holds, no HMAC does
    assert "broken_link" not in found and "removed" not in found
    assert found["checkpoint_mismatch"] == [10]
    output, error = run_verify_audit()
    assert error is not None
    assert "Row #4 (auth.group" in output and "was changed after writing" in output


# --- Reordering -------------------------------------------------------------------------------------------


def test_swapping_two_rows_is_reordering(chain):
    with db_triggers.suspended():
        raw("UPDATE records_transitionlog SET seq = 1000 WHERE seq = 6")
        raw("UPDATE records_transitionlog SET seq = 6 WHERE seq = 7")
        raw("UPDATE records_transitionlog SET seq = 7 WHERE seq = 1000")
    found = kinds()
    assert found["reordered"] == [7]
    assert found["changed"] == [6, 7]
    output, _ = run_verify_audit()
    assert "Row #7 (auth.group" in output and "out of order" in output


# --- Forged checkpoints -----------------------------------------------------------------------------------


def test_a_checkpoint_rewritten_to_hide_truncation_is_forged(chain, checkpoint_file):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq > 5")
    line = json.loads(checkpoint_file.read_text())
    head = TransitionLog.objects.get(seq=5)
    line["heads"][head.partition] = [5, head.row_hash, 5]  # the old signature no longer fits
    checkpoint_file.write_text(json.dumps(line) + "\n")
    assert kinds() == {"forged_checkpoint": [None]}
    output, error = run_verify_audit()
    assert error is not None
    assert "Checkpoint line 1 in" in output and "not signed with the audit key" in output


def test_a_checkpoint_signed_without_the_key_is_forged(chain, checkpoint_file):
    fields = {"at": "2030-01-01T00:00:00+00:00", "head_seq": 99, "head_hash": "0" * 64, "rows": 99}
    fields["signature"] = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()
    with open(checkpoint_file, "a") as file:
        file.write(json.dumps(fields) + "\n" + "not json\n")
    assert kinds() == {"forged_checkpoint": [None, None]}


# --- A state changed outside a transition -----------------------------------------------------------------


def test_a_state_changed_with_a_raw_update_is_found(file):
    app = file("vet_certificate")
    assert verify_chain() == []
    raw("UPDATE records_application SET state = 'issued' WHERE id = %s", [app.pk])
    assert kinds() == {"state_mismatch": [TransitionLog.objects.get(record_id=str(app.pk)).seq]}
    output, error = run_verify_audit()
    assert error is not None
    assert f"records.application {app.pk} is «issued»" in output and "says «submitted»" in output


# --- In the user's language -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "word"), [("ru", "обрезан"), ("kk", "қысқартылған")])
def test_problems_are_reported_in_the_users_language(chain, language, word):
    with db_triggers.suspended():
        raw("DELETE FROM records_transitionlog WHERE seq = 10")
    output, error = run_verify_audit(language)
    assert error is not None
    assert "Truncated" not in output and word in output and "#9" in output
