"""The audit log: every transition of every record is appended here, chained by keyed hashes.

The log is a set of chains, one per partition: the unit that handles the record and the year of the
transition (``partition_of``), so that appends in different units never wait for each other; each chain is
serialised by its own lock.  Signed checkpoints outside the database (``records.audit_checkpoints``) bind the
heads of all partitions.

``append_transition`` is the only way to write a row; ``timeline`` reads one record's rows (the
application's timeline is built from them).  ``records.audit_verify`` checks every chain for rows that were
changed, removed, reordered or cut off, and records whose state no row explains (``manage.py verify_audit``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from . import clock
from .models import GENESIS_HASH, TransitionLog
from .rows import fetch_one

_SHA256 = re.compile(r"[0-9a-f]{64}")


def record_type_of(record: models.Model) -> str:
    """The label stored in ``TransitionLog.record_type``, e.g. "records.application".

    The concrete model's label: a proxy (one per service) and its base read the same rows.
    """
    return record._meta.concrete_model._meta.label_lower


def partition_of(record: models.Model, at: datetime) -> str:
    """The chain a transition of ``record`` at ``at`` goes to: "unit-<id>/<year>" for a record that names its
    unit (a ``unit`` foreign key: applications, journal entries, devices, recordings), "-/<year>" for one
    that does not, or "" (one chain for everything) when the setting ``AUDIT_CHAIN_PARTITIONS`` is off.

    The unit's id, not its code: codes may be renamed, a chain's name must not change.  The year is the
    working time zone's, so a year's chains close with the year (kept and checkpointed as a whole).
    """
    if not settings.AUDIT_CHAIN_PARTITIONS:
        return ""
    unit_id = getattr(record, "unit_id", None)
    return f"{'-' if unit_id is None else f'unit-{unit_id}'}/{timezone.localtime(at).year}"


def append_transition(record: models.Model, **fields: Any) -> TransitionLog:
    """Append one transition of ``record`` to its chain; call it inside the transition's transaction.

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
    at = clock.now()
    return TransitionLog(
        partition=partition_of(record, at),
        record_type=record_type_of(record),
        record_id=str(record.pk),
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor=_user_or_none(actor),
        actor_name=_actor_name(actor),
        at=at,
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
    _lock_chain(connection, entry.partition)
    last = fetch_one(
        TransitionLog,
        "WHERE partition = %s ORDER BY seq DESC LIMIT 1",
        [entry.partition],
        fields=("id", "seq", "at", "row_hash"),
    )
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


def _lock_chain(connection: BaseDatabaseWrapper, partition: str) -> None:
    """Serialise the appenders of one partition until the transaction ends, so that two never take the same
    last row; appenders of other partitions go on.

    PostgreSQL: a transaction-scoped advisory lock keyed by the partition.  SELECT ... FOR UPDATE of the last
    row would not do: a waiting writer gets that same row back after the first one commits, not the row just
    added.  SQLite: the writer lock taken by BEGIN IMMEDIATE (settings) already serialises all writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(partition)])


def _lock_key(partition: str) -> int:
    # A signed 64-bit number, the same in every process (Python's hash() is seeded per process).
    digest = hashlib.blake2b(b"records.audit:" + partition.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


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
    """The record's transitions, oldest first (with the one being performed, inside ``pending``).

    In the order they were written (ids): a record's rows may lie in several partitions (a new year), and
    its transitions are serialised by its own row lock.
    """
    rows = list(
        TransitionLog.objects.filter(record_type=record_type_of(record), record_id=str(record.pk)).order_by(
            "id"
        )
    )
    entry = getattr(record, _PENDING, None)
    return [*rows, entry] if entry is not None else rows
