"""The notification outbox: one row per message to an applicant (an e-mail or an SMS), written in the
transaction of the state change it tells about and delivered later by ``manage.py notify_worker``; the row
stays as the delivery log staff read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

EMAIL, SMS = "email", "sms"
CHANNEL_CHOICES = [(EMAIL, _("E-mail")), (SMS, _("SMS"))]

QUEUED, SENT, FAILED, GAVE_UP = "queued", "sent", "failed", "gave_up"
STATUS_CHOICES = [
    (QUEUED, _("Queued")),
    (SENT, _("Sent")),
    (FAILED, _("Failed, will retry")),
    (GAVE_UP, _("Gave up")),
]
# The rows a worker may still send.
PENDING = (QUEUED, FAILED)


class Notification(models.Model):
    application = models.ForeignKey(
        "records.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    applicant = models.ForeignKey(
        "records.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=2)
    # Rendered when queued: the log shows what the applicant was told, as it was at the time.
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    transition = models.CharField(_("transition"), max_length=100)
    from_state = models.CharField(_("from state"), max_length=64, blank=True)
    to_state = models.CharField(_("to state"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When a worker may try next; a worker that claims the row moves it forward by its lease.
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="records_notif_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient} ({self.to_state})"
