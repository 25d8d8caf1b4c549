"""Models of the records app: the transition log here; applicants, applications, licences below."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


def chain_key() -> bytes:
    """The secret of the chain (setting ``AUDIT_CHAIN_KEY``, from the environment; never in the database):
    whoever can write to the database but does not know it cannot recompute the chain after a change."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEY is not set: the transition log cannot be written or checked."
        )
    return key.encode()


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class TransitionLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("TransitionLog rows cannot be updated")

    def delete(self):
        raise AppendOnlyError("TransitionLog rows cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("TransitionLog rows cannot be updated")

    def bulk_create(self, objs, *args, **kwargs):
        # Rows must be chained one by one (records.audit.append_transition).
        raise AppendOnlyError("TransitionLog rows are appended with records.audit.append_transition")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("TransitionLog rows cannot be updated")


class TransitionLog(models.Model):
    """One state transition of one record: append-only, each row chained to the previous by hashes.

    Database triggers (migration 0001) refuse UPDATE and DELETE below the ORM as well; a row changed
    anyway (triggers dropped) is found by ``manage.py verify_audit``.
    """

    # The chain the row belongs to (records.audit.partition_of: the handling unit and the year, so that
    # appends in different units do not wait for each other); "" for the single chain of rows written before
    # partitions, or with AUDIT_CHAIN_PARTITIONS off.  ``seq`` counts within the partition.
    partition = models.CharField(_("chain partition"), max_length=100, blank=True, default="")
    seq = models.PositiveBigIntegerField(_("sequence number"))
    # A plain "app_label.model_name" string, not a ContentType key: rows must outlive models.
    record_type = models.CharField(_("record type"), max_length=100)
    record_id = models.CharField(_("record id"), max_length=64)
    transition = models.CharField(_("transition"), max_length=100)
    from_state = models.CharField(_("from state"), max_length=64)
    to_state = models.CharField(_("to state"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The actor's name as it was at the time (names change; the log must not).
    actor_name = models.CharField(_("actor name"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    row_hash = models.CharField(_("row hash"), max_length=64, unique=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        indexes = [models.Index(fields=["record_type", "record_id", "seq"], name="records_tlog_record_idx")]
        constraints = [
            models.UniqueConstraint(fields=["partition", "seq"], name="records_tlog_partition_seq")
        ]

    def __str__(self) -> str:
        where = f"{self.partition}#{self.seq}"
        return f"{where} {self.record_type}:{self.record_id} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("TransitionLog rows cannot be updated")
        if self.row_hash != self.compute_hash():
            raise AppendOnlyError("TransitionLog rows are appended with records.audit.append_transition")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("TransitionLog rows cannot be deleted")

    def canonical_payload(self) -> bytes:
        """The bytes that ``row_hash`` covers: every field but the id and the hash itself."""
        return canonical_payload({name: getattr(self, name) for name in CHAINED_FIELDS})

    def compute_hash(self) -> str:
        """HMAC-SHA256 of the payload with the chain key (migration 0005 re-chained plain SHA-256 rows)."""
        return row_hash({name: getattr(self, name) for name in CHAINED_FIELDS})


# The fields a row's hash covers, in the order verify_audit reads them (attribute names).
CHAINED_FIELDS = (
    "partition",
    "seq",
    "record_type",
    "record_id",
    "transition",
    "from_state",
    "to_state",
    "actor_id",
    "actor_name",
    "at",
    "reason",
    "attachments",
    "data",
    "prev_hash",
)


def canonical_payload(fields: Mapping[str, Any]) -> bytes:
    """The signed bytes of a row given as ``{CHAINED_FIELDS name: value}`` (a model or a values() row)."""
    payload = {name: fields[name] for name in CHAINED_FIELDS if name != "partition"}
    # UTC with microseconds: the same text whatever the database or the session time zone.
    payload["at"] = fields["at"].astimezone(UTC).isoformat(timespec="microseconds")
    if fields["partition"]:  # rows of the single chain keep the payload they were signed with
        payload["partition"] = fields["partition"]
    return _CANONICAL_JSON.encode(payload).encode()


# json.dumps with these options, built once: verify_audit encodes every row of the log.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(fields: Mapping[str, Any], key: bytes | None = None) -> str:
    return hmac.new(key or chain_key(), canonical_payload(fields), hashlib.sha256).hexdigest()


# The application models live in their own modules; importing them here registers them with Django.
from .api_tokens import ApiToken  # noqa: E402
from .applicants import Applicant  # noqa: E402
from .applications import Application  # noqa: E402
from .attachments import StoredAttachment  # noqa: E402
from .definitions import ServiceDefinition  # noqa: E402
from .eds.accounts import SignIn  # noqa: E402
from .licences import Licence, LicenceDuplicate  # noqa: E402
from .machines import (  # noqa: E402
    AnimalIdentificationApplication,
    AttestationApplication,
    LicenceApplication,
    RegistrationNumberApplication,
    VetCertificateApplication,
    VetSanitaryConclusionApplication,
)
from .notifications.models import Notification  # noqa: E402
from .numbering import NumberSequence  # noqa: E402
from .payments import Payment  # noqa: E402
from .signatures import SignatureCheck  # noqa: E402
from .staff_profiles import StaffProfile  # noqa: E402

__all__ = [
    "AnimalIdentificationApplication",
    "ApiToken",
    "Applicant",
    "Application",
    "AttestationApplication",
    "Licence",
    "LicenceApplication",
    "LicenceDuplicate",
    "Notification",
    "NumberSequence",
    "Payment",
    "RegistrationNumberApplication",
    "ServiceDefinition",
    "SignIn",
    "SignatureCheck",
    "StaffProfile",
    "StoredAttachment",
    "TransitionLog",
    "VetCertificateApplication",
    "VetSanitaryConclusionApplication",
]
