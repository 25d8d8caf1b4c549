"""Delivery of queued notifications (the pattern of search.outbox): a worker claims a batch of due rows under
a lease (``select_for_update(skip_locked=True)`` where the database has it; SQLite's IMMEDIATE transactions
serialise the claims), so two workers never take the same row; each row is sent on its own, marked sent, or
retried with exponential back-off until ``RECORDS_NOTIFY_MAX_ATTEMPTS``, then given up."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.utils import timezone

from . import sms
from .models import EMAIL, FAILED, GAVE_UP, PENDING, SENT, Notification

logger = logging.getLogger(__name__)

BATCH = 50
LEASE = timedelta(minutes=10)  # a claimed row is tried again after this if its worker died
# A recipient the mail server refuses outright is not retried.
PERMANENT_MAIL_ERRORS = (smtplib.SMTPRecipientsRefused,)


def max_attempts() -> int:
    return int(getattr(settings, "RECORDS_NOTIFY_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """After the n-th failed attempt: base × 2^(n−1), at most the ceiling (defaults 60 s and 6 hours)."""
    base = float(getattr(settings, "RECORDS_NOTIFY_BACKOFF_SECONDS", 60))
    ceiling = float(getattr(settings, "RECORDS_NOTIFY_BACKOFF_MAX_SECONDS", 6 * 3600))
    return timedelta(seconds=min(base * 2 ** min(max(attempts - 1, 0), 30), ceiling))


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.gave_up


def claim(limit: int = BATCH, now: datetime | None = None) -> list[Notification]:
    """Take up to ``limit`` due rows; other workers skip them until the lease runs out."""
    now = now or timezone.now()
    with transaction.atomic():
        due = Notification.objects.filter(status__in=PENDING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:limit])
        Notification.objects.filter(id__in=[row.id for row in rows]).update(next_attempt_at=now + LEASE)
    return rows


def deliver(limit: int = BATCH, now: datetime | None = None) -> Report:
    """Send one batch of due notifications."""
    rows = claim(limit, now)
    report = Report()
    if not rows:
        return report
    mail = get_connection(fail_silently=False) if any(row.channel == EMAIL for row in rows) else None
    backend = sms.get_backend()
    try:
        for row in rows:
            _send_one(row, mail, backend, report)
    finally:
        if mail is not None:
            mail.close()
    return report


def drain(max_batches: int | None = None, limit: int = BATCH) -> Report:
    """Deliver batch after batch until nothing is due (or ``max_batches``)."""
    total, batches = Report(), 0
    while max_batches is None or batches < max_batches:
        report = deliver(limit)
        total.sent += report.sent
        total.failed += report.failed
        total.gave_up += report.gave_up
        batches += 1
        if report.handled < limit:
            break
    return total


def _send_one(row: Notification, mail, backend: sms.BaseBackend, report: Report) -> None:
    try:
        if row.channel == EMAIL:
            _send_email(row, mail)
        else:
            backend.send(str(row.pk), row.recipient, row.body)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the row and retried
        permanent = isinstance(error, PERMANENT_MAIL_ERRORS) or getattr(error, "permanent", False)
        _failed(row, error, permanent)
        if row.status == GAVE_UP:
            report.gave_up += 1
        else:
            report.failed += 1
        return
    row.status, row.sent_at, row.last_error = SENT, timezone.now(), ""
    row.attempts += 1
    row.save(update_fields=["status", "sent_at", "last_error", "attempts"])
    report.sent += 1


def _send_email(row: Notification, mail) -> None:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        to=[row.recipient],
        connection=mail,
        headers={"X-Notification-Id": str(row.pk)},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    message.send()


def _failed(row: Notification, error: Exception, permanent: bool) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if permanent or row.attempts >= max_attempts():
        row.status = GAVE_UP
        logger.warning("notifications: gave up on #%s after %s attempts: %s", row.pk, row.attempts, error)
    else:
        row.status = FAILED
        row.next_attempt_at = timezone.now() + backoff(row.attempts)
        logger.info("notifications: #%s not sent (attempt %s): %s", row.pk, row.attempts, error)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def retry(row_id: int) -> bool:
    """Make a failed or given-up notification due now (staff's retry); False if it was sent or is queued."""
    changed = Notification.objects.filter(pk=row_id, status__in=(FAILED, GAVE_UP)).update(
        status=FAILED, next_attempt_at=timezone.now()
    )
    return bool(changed)
