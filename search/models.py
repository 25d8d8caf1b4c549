"""The search app's tables: the outbox of changes to index, the embedded backend's aliases, saved searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """«Object ``object_id`` of source ``source`` changed»: written in the transaction of the change, removed
    from the queue (``delivered_at``) once the index holds the object's current state."""

    source = models.CharField(_("source"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(delivered_at__isnull=True),
                name="search_outbox_due",
            ),
            models.Index(fields=["delivered_at"], name="search_outbox_delivered"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class IndexAlias(models.Model):
    """Embedded backend: the table that an index name currently points at."""

    name = models.CharField(_("index"), max_length=100, primary_key=True)
    table = models.CharField(_("table"), max_length=100)

    class Meta:
        verbose_name = _("search index alias")
        verbose_name_plural = _("search index aliases")

    def __str__(self) -> str:
        return f"{self.name} → {self.table}"


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=200)
    query_string = models.TextField(_("query"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name
