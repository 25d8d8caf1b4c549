"""The registry of issued documents.  A row is written once, by ``certificates.services.issue_document``;
afterwards only its status columns change (cancel, supersede), through the services.  Rows are never
deleted: the ORM refuses here, and database triggers (migration 0002) refuse below the ORM.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.db_triggers import Guard

# The columns that may change after issue; everything else is frozen.
MUTABLE_FIELDS = frozenset({"status", "cancelled_at", "cancelled_by", "cancelled_by_name", "cancel_reason"})


class ImmutableDocumentError(Exception):
    """Raised when code tries to change the rendered fields of an issued document, or delete one."""


class IssuedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse_frozen(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse_frozen(fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        raise ImmutableDocumentError(_("Issued documents are never deleted; cancel them instead."))

    def update_or_create(self, *args, **kwargs):
        raise ImmutableDocumentError(
            _("Issued documents are created by certificates.services.issue_document.")
        )


def _refuse_frozen(names) -> None:
    frozen = sorted({name.removesuffix("_id") for name in names} - MUTABLE_FIELDS)
    if frozen:
        raise ImmutableDocumentError(
            _("An issued document cannot be changed (fields: %(fields)s).") % {"fields": ", ".join(frozen)}
        )


class IssuedDocument(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CANCELLED = "cancelled", _("Cancelled")
        SUPERSEDED = "superseded", _("Superseded")

    class Relation(models.TextChoices):
        NONE = "", _("Original")
        REISSUE = "reissue", _("Re-issue")
        DUPLICATE = "duplicate", _("Duplicate")

    # Unique among originals; a re-issue or duplicate may carry its original's number when the record it
    # was issued on numbers its documents itself (a licence keeps its number: issue 14).
    number = models.CharField(_("number"), max_length=32, db_index=True)
    verification_code = models.CharField(_("verification code"), max_length=64, unique=True)
    doc_type = models.CharField(_("document type"), max_length=40, db_index=True)
    holder_name = models.CharField(_("holder"), max_length=255)
    holder_id = models.CharField(_("IIN/BIN of the holder"), max_length=12, db_index=True)
    issuer = models.CharField(_("issuing body"), max_length=255)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as it was at the time: names change, the registry must not.
    issued_by_name = models.CharField(_("issued by (name)"), max_length=255, blank=True)
    payload = models.JSONField(_("printed data"), default=dict)
    file = models.FileField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID)
    original = models.ForeignKey(
        "self",
        verbose_name=_("original document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
    )
    relation = models.CharField(
        _("relation to the original"), max_length=12, choices=Relation.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_by_name = models.CharField(_("cancelled by (name)"), max_length=255, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Plain strings, not a foreign key: the records app owns applications, and rows must outlive models.
    source_record_type = models.CharField(_("source record type"), max_length=100, blank=True)
    source_record_id = models.CharField(_("source record id"), max_length=64, blank=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        indexes = [
            models.Index(fields=["source_record_type", "source_record_id"], name="certs_doc_source_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["valid", "cancelled", "superseded"]),
                name="certs_doc_status_valid",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(relation=""), name="certs_doc_original_number"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(original__isnull=True, relation="")
                    | models.Q(original__isnull=False) & ~models.Q(relation="")
                ),
                name="certs_doc_relation_needs_original",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None:
                raise ImmutableDocumentError(_("An issued document is saved again only with update_fields."))
            _refuse_frozen(update_fields)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableDocumentError(_("Issued documents are never deleted; cancel them instead."))

    @property
    def superseded_by(self) -> IssuedDocument | None:
        """The re-issue that replaced this document, if any."""
        return self.derived.filter(relation=self.Relation.REISSUE).order_by("-issued_at", "-id").first()

    @property
    def replaced_by(self) -> IssuedDocument | None:
        """The re-issue or duplicate that replaced this superseded document, newest first."""
        if self.status != self.Status.SUPERSEDED:
            return None
        return self.derived.exclude(relation="").order_by("-issued_at", "-id").first()


class DocumentCounter(models.Model):
    """The last number given per (type, year, series); locked with SELECT … FOR UPDATE so numbers have no
    gaps.  A series is one issuer's register (records passes the handling unit): issuers of different
    series never wait for each other."""

    doc_type = models.CharField(_("document type"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=20, blank=True, default="")
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "year", "series"], name="certs_counter_type_year_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year} {self.series}: {self.last}"


# The guard installed by migration 0002 (a test compares it with the model, so a new column is not missed).
TRIGGER_GUARD = Guard(
    table="certificates_issueddocument",
    message="certificates_issueddocument: issued documents are immutable",
    frozen=tuple(
        field.column
        for field in IssuedDocument._meta.concrete_fields
        if field.name not in MUTABLE_FIELDS and not field.primary_key
    ),
)
