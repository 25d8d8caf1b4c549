"""Nothing is lost: every change to an indexed object writes an outbox row in the transaction of the change;
``deliver`` sends the objects' current documents to the backend and marks the rows delivered, or leaves
them queued with a back-off when the search server is down.

Rows name objects, not documents: the worker reads the object's state when it delivers, so several changes
to one object coalesce, and the order of delivery does not matter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import OutboxEntry

logger = logging.getLogger(__name__)

BATCH = 500
MAX_BACKOFF = 600  # seconds
LEASE = timedelta(minutes=5)  # a claimed row is retried after this if its worker died


def enqueue(source: str, object_ids: Iterable[object]) -> int:
    """Queue objects for indexing, in the caller's transaction."""
    now = timezone.now()
    rows = [
        OutboxEntry(source=source, object_id=str(object_id), created_at=now, next_attempt_at=now)
        for object_id in dict.fromkeys(object_ids)
    ]
    OutboxEntry.objects.bulk_create(rows)
    if rows and getattr(settings, "SEARCH_OUTBOX_INLINE", False):
        _schedule_inline()
    return len(rows)


def pending_count() -> int:
    return OutboxEntry.objects.filter(delivered_at__isnull=True).count()


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(2 ** min(attempts, 20), MAX_BACKOFF))


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __iadd__(self, other: DeliveryReport) -> DeliveryReport:
        self.delivered += other.delivered
        self.failed += other.failed
        self.errors += other.errors
        return self


def claim(limit: int = BATCH, now: datetime | None = None) -> list[OutboxEntry]:
    """Take up to ``limit`` due rows; other workers skip them until the lease runs out."""
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxEntry.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:limit])
        OutboxEntry.objects.filter(id__in=[row.id for row in rows]).update(next_attempt_at=now + LEASE)
    return rows


def deliver(limit: int = BATCH, now: datetime | None = None) -> DeliveryReport:
    """Deliver one batch of due rows."""
    from .indexing import sync_objects

    rows = claim(limit, now)
    report = DeliveryReport()
    if not rows:
        return report
    by_source: dict[str, list[OutboxEntry]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row)
    for source_name, source_rows in by_source.items():
        try:
            sync_objects(source_name, [row.object_id for row in source_rows])
        except Exception as error:  # noqa: BLE001 - any failure keeps the rows queued, with a back-off
            logger.warning("search outbox: %s not delivered: %s", source_name, error)
            _failed(source_rows, error, now)
            report.failed += len(source_rows)
            report.errors.append(f"{source_name}: {error}")
        else:
            OutboxEntry.objects.filter(id__in=[row.id for row in source_rows]).update(
                delivered_at=timezone.now(), last_error=""
            )
            report.delivered += len(source_rows)
    return report


def drain(now: datetime | None = None, max_batches: int | None = None) -> DeliveryReport:
    """Deliver every due row, batch after batch, until none is left or a batch fails entirely."""
    report = DeliveryReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        batch = deliver(now=now)
        report += batch
        batches += 1
        if not batch.delivered:
            break
    return report


def _failed(rows: list[OutboxEntry], error: Exception, now: datetime | None) -> None:
    now = now or timezone.now()
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = str(error)[:2000]
    OutboxEntry.objects.bulk_update(rows, ["attempts", "next_attempt_at", "last_error"])


def retry_now() -> int:
    """Make every queued row due (after an outage: do not wait for the back-off)."""
    return OutboxEntry.objects.filter(delivered_at__isnull=True).update(next_attempt_at=timezone.now())


def purge_delivered(older_than: timedelta | None = None) -> int:
    """Delivered rows are kept a while (a rebuild replays the ones delivered while it ran), then removed."""
    keep = older_than or timedelta(seconds=getattr(settings, "SEARCH_OUTBOX_KEEP_SECONDS", 24 * 3600))
    deleted, _ = OutboxEntry.objects.filter(delivered_at__lt=timezone.now() - keep).delete()
    return deleted


# -- inline delivery (the demo) ----------------------------------------------------------------------------


def _schedule_inline() -> None:
    """Deliver once after the current transaction commits (several changes in it, one delivery)."""
    if any(entry[1] is _deliver_inline for entry in connection.run_on_commit):
        return
    transaction.on_commit(_deliver_inline)


def _deliver_inline() -> None:
    try:
        drain(max_batches=20)
    except Exception:  # noqa: BLE001 - the change is committed; the worker or the next change delivers it
        logger.exception("search outbox: inline delivery failed; the rows stay queued")
