"""The audit log: every transition of every record is appended here, chained by hashes.

``append_transition`` is the only way to write a row; ``timeline`` reads one record's rows (the
application's timeline is built from them); ``verify_chain`` walks the whole chain and reports rows that
were changed, removed or reordered (``manage.py verify_audit``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from portal import db_triggers

from . import clock
from .audit_checkpoints import Checkpoint, checkpoint_path, read_checkpoints
from .models import GENESIS_HASH, TransitionLog
from .rows import fetch_one

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

# Any constant works; it only has to be the same for every writer of the chain.
_POSTGRES_CHAIN_LOCK = 0x7265636F7264  # "record"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 5000


@dataclass(frozen=True)
class AuditProblem:
    kind: ProblemKind
    seq: int | None  # None for a problem of the whole log
    row_id: int | None
    message: str  # in the language active when the chain was checked


def record_type_of(record: models.Model) -> str:
    """The label stored in ``TransitionLog.record_type``, e.g. "records.application".

    The concrete model's label: a proxy (one per service) and its base read the same rows.
    """
    return record._meta.concrete_model._meta.label_lower


def append_transition(record: models.Model, **fields: Any) -> TransitionLog:
    """Append one transition of ``record`` to the chain; call it inside the transition's transaction.

    ``fields`` are those of ``prepare_transition``: ``attachments`` are ``{"name": ..., "sha256": ...}``
    mappings; ``data`` holds the transition's extra fields (JSON-serialisable with Django's encoder: dates
    and decimals become strings).
    """
    return append_prepared(prepare_transition(record, **fields))


def prepare_transition(
    record: models.Model,
    *,
    transition: str,
    from_state: str,
    to_state: str,
    actor: Any,
    reason: str = "",
    attachments: Iterable[Mapping[str, str]] = (),
    data: Mapping[str, Any] | None = None,
) -> TransitionLog:
    """The row ``append_transition`` writes, not yet chained: the caller does the slow work of the transition
    (render a document) before ``append_prepared``, so that the chain lock is held only for the append."""
    if record.pk is None:
        raise ValueError("Only a saved record can have transitions")
    return TransitionLog(
        record_type=record_type_of(record),
        record_id=str(record.pk),
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor=_user_or_none(actor),
        actor_name=_actor_name(actor),
        at=clock.now(),
        reason=reason,
        attachments=[_attachment(item) for item in attachments],
        # Stored exactly as it will read back, so that the hash can be recomputed later.
        data=json.loads(json.dumps(dict(data or {}), cls=DjangoJSONEncoder)),
    )


def append_prepared(entry: TransitionLog) -> TransitionLog:
    """Chain and save a row from ``prepare_transition``; call it inside the transition's transaction."""
    connection = transaction.get_connection(router.db_for_write(TransitionLog))
    if not _in_callers_atomic(connection):
        raise RuntimeError("append_transition must run inside transaction.atomic()")
    _lock_chain(connection)
    last = fetch_one(TransitionLog, "ORDER BY seq DESC LIMIT 1", [], fields=("id", "seq", "at", "row_hash"))
    if last is not None and entry.at < last.at:
        entry.at = last.at  # a clock step back must not make the chain look reordered
    entry.seq = 1 if last is None else last.seq + 1
    entry.prev_hash = GENESIS_HASH if last is None else last.row_hash
    entry.row_hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


@contextmanager
def pending(record: models.Model, entry: TransitionLog) -> Iterator[None]:
    """Within the block, ``timeline(record)`` ends with ``entry``, prepared but not yet appended (the result
    document, rendered before its transition's row is written, reads the transition's actor from it)."""
    setattr(record, _PENDING, entry)
    try:
        yield
    finally:
        delattr(record, _PENDING)


_PENDING = "_audit_pending_row"


def _in_callers_atomic(connection: BaseDatabaseWrapper) -> bool:
    # The blocks a test case opens around each test do not count: the transition must be atomic itself.
    return connection.in_atomic_block and any(not block._from_testcase for block in connection.atomic_blocks)


def _lock_chain(connection: BaseDatabaseWrapper) -> None:
    """Serialise appenders until the transaction ends, so that two never take the same last row.

    PostgreSQL: a transaction-scoped advisory lock.  SELECT ... FOR UPDATE of the last row would not do:
    a waiting writer gets that same row back after the first one commits, not the row just added.
    SQLite: the writer lock taken by BEGIN IMMEDIATE (settings) already serialises writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_POSTGRES_CHAIN_LOCK])


def _user_or_none(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) and actor.pk is not None else None


def _actor_name(actor: Any) -> str:
    user = _user_or_none(actor)
    if user is None:
        return str(actor) if isinstance(actor, str) else ""
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full_name or user.get_username()


def _attachment(item: Mapping[str, str]) -> dict[str, str]:
    name, digest = item.get("name"), item.get("sha256")
    if not isinstance(name, str) or not name or not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise ValueError(f"An attachment needs a name and a lowercase hex sha256, got {dict(item)!r}")
    return {"name": name, "sha256": digest}


def timeline(record: models.Model) -> list[TransitionLog]:
    """The record's transitions, oldest first (with the one being performed, inside ``pending``)."""
    rows = list(
        TransitionLog.objects.filter(record_type=record_type_of(record), record_id=str(record.pk)).order_by(
            "seq"
        )
    )
    entry = getattr(record, _PENDING, None)
    return [*rows, entry] if entry is not None else rows


def verify_chain() -> list[AuditProblem]:
    """Every inconsistency of the chain, in sequence order (empty when the log is intact)."""
    return check_chain()[1]


def check_chain() -> tuple[int, list[AuditProblem]]:
    """(rows read, problems); streams the log in sequence order, so memory stays flat.

    Besides the chain itself: the signed checkpoints (``records.audit_checkpoints``) and every audited
    record's current state against its last row.
    """
    problems = _guard_problems()
    checkpoints, forged = read_checkpoints()
    watched = {checkpoint.head_seq for checkpoint in checkpoints}
    at_head: dict[int, tuple[str, int]] = {}  # head seq -> (row hash, rows up to it)
    record_types: set[str] = set()
    prev: TransitionLog | None = None
    count = 0
    for row in TransitionLog.objects.order_by("seq").iterator(chunk_size=_CHUNK):
        count += 1
        problems.extend(_row_problems(row, prev))
        if row.seq in watched:
            at_head[row.seq] = (row.row_hash, count)
        record_types.add(row.record_type)
        prev = row
    problems.extend(_forged_problems(forged))
    problems.extend(_checkpoint_problems(checkpoints, at_head, prev.seq if prev else 0))
    for record_type in sorted(record_types):
        problems.extend(_state_problems(record_type))
    return count, problems


def _forged_problems(lines: list[int]) -> list[AuditProblem]:
    path = str(checkpoint_path())
    message = _("Checkpoint line %(line)s in %(path)s is not signed with the audit key: forged or altered.")
    return [
        AuditProblem(
            kind="forged_checkpoint", seq=None, row_id=None, message=message % {"line": n, "path": path}
        )
        for n in lines
    ]


def _checkpoint_problems(
    checkpoints: list[Checkpoint], at_head: dict[int, tuple[str, int]], last_seq: int
) -> list[AuditProblem]:
    found: list[AuditProblem] = []
    beyond = [checkpoint for checkpoint in checkpoints if checkpoint.head_seq > last_seq]
    if beyond:  # the furthest checkpoint says it all
        furthest = max(beyond, key=lambda checkpoint: checkpoint.head_seq)
        found.append(
            AuditProblem(
                kind="truncated",
                seq=last_seq + 1,
                row_id=None,
                message=_(
                    "Truncated: the log ends at row #%(last)s, but the checkpoint of %(at)s saw row"
                    " #%(head)s; the newest rows were removed."
                )
                % {"last": last_seq, "at": furthest.at, "head": furthest.head_seq},
            )
        )
    for checkpoint in checkpoints:
        if checkpoint.head_seq > last_seq or checkpoint.head_seq == 0:
            continue
        digest, rows = at_head.get(checkpoint.head_seq, ("", 0))
        label = {"seq": checkpoint.head_seq, "at": checkpoint.at, "expected": checkpoint.rows, "found": rows}
        if digest != checkpoint.head_hash:
            message = _("Row #%(seq)s differs from the checkpoint of %(at)s: the log was rewritten after it.")
        elif rows != checkpoint.rows:
            message = _(
                "The checkpoint of %(at)s counted %(expected)s rows up to row #%(seq)s; %(found)s are left."
            )
        else:
            continue
        found.append(AuditProblem("checkpoint_mismatch", checkpoint.head_seq, None, message % label))
    return found


def _state_problems(record_type: str) -> list[AuditProblem]:
    """Records of a type with a ``state`` whose state is not the ``to_state`` of their last log row."""
    try:
        model = apps.get_model(record_type)
        model._meta.get_field("state")
    except (LookupError, ValueError, FieldDoesNotExist):
        return []
    last = {
        record_id: (seq, to_state)
        for record_id, seq, to_state in TransitionLog.objects.filter(
            record_type=record_type,
            seq=Subquery(
                TransitionLog.objects.filter(record_type=record_type, record_id=OuterRef("record_id"))
                .order_by("-seq")
                .values("seq")[:1]
            ),
        ).values_list("record_id", "seq", "to_state")
    }
    found = []
    for pk, state in model._base_manager.values_list("pk", "state").iterator(chunk_size=_CHUNK):
        seq, logged = last.get(str(pk), (None, state))
        if state != logged:
            label = {"record": f"{record_type} {pk}", "state": state, "seq": seq, "logged": logged}
            message = _(
                "State changed outside a transition: %(record)s is «%(state)s» but its last log row #%(seq)s"
                " says «%(logged)s»."
            )
            found.append(AuditProblem("state_mismatch", seq, None, message % label))
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


def _row_problems(row: TransitionLog, prev: TransitionLog | None) -> list[AuditProblem]:
    found: list[AuditProblem] = []
    label = {"seq": row.seq, "record": f"{row.record_type} {row.record_id}", "transition": row.transition}

    def add(kind: ProblemKind, message: str) -> None:
        found.append(AuditProblem(kind=kind, seq=row.seq, row_id=row.pk, message=message))

    if row.compute_hash() != row.row_hash:
        add("changed", _("Row #%(seq)s (%(record)s, %(transition)s) was changed after writing.") % label)
    expected_seq = 1 if prev is None else prev.seq + 1
    if row.seq != expected_seq:
        gap = {"first": expected_seq, "last": row.seq - 1, "seq": row.seq}
        add("removed", _("Rows #%(first)s to #%(last)s before row #%(seq)s are missing.") % gap)
    expected_link = GENESIS_HASH if prev is None else prev.row_hash
    if row.prev_hash != expected_link:
        add(
            "broken_link",
            _("Row #%(seq)s (%(record)s, %(transition)s) does not link to the row before it.") % label,
        )
    if prev is not None and (row.at < prev.at or row.pk < prev.pk):
        add(
            "reordered",
            _("Row #%(seq)s (%(record)s, %(transition)s) is out of order: written before row #%(prev)s.")
            % {**label, "prev": prev.seq},
        )
    return found
