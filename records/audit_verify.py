"""Checking the audit log (``manage.py verify_audit``): every partition's keyed chain, the signed checkpoints
outside the database and every audited record's current state against its last row.

The log is read once, in (partition, seq) order, as plain tuples (no model instances: a million rows in
well under a minute), so memory holds only each record's last row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import router, transaction
from django.utils.translation import gettext as _

from portal import db_triggers

from .audit_checkpoints import Checkpoint, checkpoint_path, read_checkpoints
from .models import CHAINED_FIELDS, GENESIS_HASH, TransitionLog, chain_key, row_hash

ProblemKind = Literal[
    "changed",  # the row's HMAC does not match: rewritten (and perhaps re-chained without the key)
    "removed",
    "broken_link",
    "reordered",
    "unguarded",
    "truncated",  # rows behind a checkpoint's head are gone
    "checkpoint_mismatch",  # the row at a checkpoint's head, or the count up to it, differs
    "forged_checkpoint",  # a checkpoint line not signed with the key
    "state_mismatch",  # a record's state is not its last log row's to_state
]

_CHUNK = 5000
_COLUMNS = ("id", "row_hash", *CHAINED_FIELDS)


@dataclass(frozen=True)
class AuditProblem:
    kind: ProblemKind
    seq: int | None  # None for a problem of the whole log
    row_id: int | None
    message: str  # in the language active when the chain was checked
    partition: str = ""


@dataclass
class _Walk:
    """What one pass over the log found."""

    rows: int = 0
    problems: list[AuditProblem] = field(default_factory=list)
    last_seq: dict[str, int] = field(default_factory=dict)  # partition -> its last seq
    at_head: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)  # watched -> (hash, rows)
    last_state: dict[tuple[str, str], tuple[int, str, int]] = field(default_factory=dict)  # record -> row


def verify_chain() -> list[AuditProblem]:
    """Every inconsistency of the log, partition by partition (empty when the log is intact)."""
    return check_chain()[1]


def check_chain() -> tuple[int, list[AuditProblem]]:
    """(rows read, problems)."""
    problems = _guard_problems()
    checkpoints, forged = read_checkpoints()
    walk = _walk_log(
        {(name, head.seq) for checkpoint in checkpoints for name, head in checkpoint.heads.items()}
    )
    problems += walk.problems
    problems += _forged_problems(forged)
    problems += _checkpoint_problems(checkpoints, walk)
    for record_type in sorted({record_type for record_type, _id in walk.last_state}):
        problems += _state_problems(record_type, walk.last_state)
    return walk.rows, problems


def _rows() -> Iterator[dict[str, Any]]:
    query = TransitionLog.objects.order_by("partition", "seq").values_list(*_COLUMNS)
    for values in query.iterator(chunk_size=_CHUNK):
        yield dict(zip(_COLUMNS, values, strict=True))


def _walk_log(watched: set[tuple[str, int]]) -> _Walk:
    walk = _Walk()
    key = chain_key()
    prev: dict[str, Any] | None = None
    in_partition = 0
    for row in _rows():
        walk.rows += 1
        partition = row["partition"]
        if prev is not None and prev["partition"] != partition:
            prev, in_partition = None, 0
        in_partition += 1
        walk.problems += _row_problems(row, prev, key)
        if (partition, row["seq"]) in watched:
            walk.at_head[partition, row["seq"]] = (row["row_hash"], in_partition)
        record = (row["record_type"], row["record_id"])
        known = walk.last_state.get(record)
        if known is None or known[0] < row["id"]:
            walk.last_state[record] = (row["id"], row["to_state"], row["seq"])
        walk.last_seq[partition] = row["seq"]
        prev = row
    return walk


def _chain(partition: str, message: str) -> str:
    """A problem's message, named by its chain when the log is partitioned."""
    return (
        _("Chain %(partition)s: %(message)s") % {"partition": partition, "message": message}
        if partition
        else message
    )


def _row_problems(row: dict[str, Any], prev: dict[str, Any] | None, key: bytes) -> list[AuditProblem]:
    found: list[AuditProblem] = []
    seq, partition = row["seq"], row["partition"]
    label = {
        "seq": seq,
        "record": f"{row['record_type']} {row['record_id']}",
        "transition": row["transition"],
    }

    def add(kind: ProblemKind, message: str) -> None:
        found.append(AuditProblem(kind, seq, row["id"], _chain(partition, message), partition))

    if row_hash(row, key) != row["row_hash"]:
        add("changed", _("Row #%(seq)s (%(record)s, %(transition)s) was changed after writing.") % label)
    expected_seq = 1 if prev is None else prev["seq"] + 1
    if seq != expected_seq:
        gap = {"first": expected_seq, "last": seq - 1, "seq": seq}
        add("removed", _("Rows #%(first)s to #%(last)s before row #%(seq)s are missing.") % gap)
    if row["prev_hash"] != (GENESIS_HASH if prev is None else prev["row_hash"]):
        add(
            "broken_link",
            _("Row #%(seq)s (%(record)s, %(transition)s) does not link to the row before it.") % label,
        )
    if prev is not None and (row["at"] < prev["at"] or row["id"] < prev["id"]):
        add(
            "reordered",
            _("Row #%(seq)s (%(record)s, %(transition)s) is out of order: written before row #%(prev)s.")
            % {**label, "prev": prev["seq"]},
        )
    return found


def _forged_problems(lines: list[int]) -> list[AuditProblem]:
    path = str(checkpoint_path())
    message = _("Checkpoint line %(line)s in %(path)s is not signed with the audit key: forged or altered.")
    return [
        AuditProblem(
            kind="forged_checkpoint", seq=None, row_id=None, message=message % {"line": n, "path": path}
        )
        for n in lines
    ]


def _checkpoint_problems(checkpoints: list[Checkpoint], walk: _Walk) -> list[AuditProblem]:
    found: list[AuditProblem] = []
    furthest: dict[str, tuple[int, str]] = {}  # partition -> (head seq, time) of the furthest checkpoint
    for checkpoint in checkpoints:
        for partition, head in checkpoint.heads.items():
            last = walk.last_seq.get(partition, 0)
            if head.seq > last:
                furthest[partition] = max(furthest.get(partition, (0, "")), (head.seq, checkpoint.at))
            elif head.seq:
                found += _head_problem(partition, head.seq, head.hash, head.rows, checkpoint.at, walk)
    for partition, (head_seq, at) in sorted(furthest.items()):  # the furthest checkpoint says it all
        last = walk.last_seq.get(partition, 0)
        message = _(
            "Truncated: the log ends at row #%(last)s, but the checkpoint of %(at)s saw row"
            " #%(head)s; the newest rows were removed."
        ) % {"last": last, "at": at, "head": head_seq}
        found.append(AuditProblem("truncated", last + 1, None, _chain(partition, message), partition))
    return found


def _head_problem(
    partition: str, seq: int, digest: str, rows: int, at: str, walk: _Walk
) -> list[AuditProblem]:
    found_digest, found_rows = walk.at_head.get((partition, seq), ("", 0))
    label = {"seq": seq, "at": at, "expected": rows, "found": found_rows}
    if found_digest != digest:
        message = _("Row #%(seq)s differs from the checkpoint of %(at)s: the log was rewritten after it.")
    elif found_rows != rows:
        message = _(
            "The checkpoint of %(at)s counted %(expected)s rows up to row #%(seq)s; %(found)s are left."
        )
    else:
        return []
    return [AuditProblem("checkpoint_mismatch", seq, None, _chain(partition, message % label), partition)]


def _state_problems(
    record_type: str, last_state: dict[tuple[str, str], tuple[int, str, int]]
) -> list[AuditProblem]:
    """Records of a type with a ``state`` whose state is not the ``to_state`` of their last log row."""
    try:
        model = apps.get_model(record_type)
        model._meta.get_field("state")
    except (LookupError, ValueError, FieldDoesNotExist):
        return []
    found = []
    for pk, state in model._base_manager.values_list("pk", "state").iterator(chunk_size=_CHUNK):
        last = last_state.get((record_type, str(pk)))
        if last is None or last[1] == state:
            continue
        label = {"record": f"{record_type} {pk}", "state": state, "seq": last[2], "logged": last[1]}
        message = _(
            "State changed outside a transition: %(record)s is «%(state)s» but its last log row #%(seq)s"
            " says «%(logged)s»."
        )
        found.append(AuditProblem("state_mismatch", last[2], last[0], message % label))
    return found


def _guard_problems() -> list[AuditProblem]:
    connection = transaction.get_connection(router.db_for_read(TransitionLog))
    return [
        AuditProblem(
            kind="unguarded",
            seq=None,
            row_id=None,
            message=_("The database trigger %(name)s that keeps the log append-only is missing.")
            % {"name": name},
        )
        for name in db_triggers.missing(connection)
    ]
