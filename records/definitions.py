"""Versioned service definitions: the procedure steps (and their limits) in force when an application was
filed.

The published regulation page is the source of the limits (``portal.procedure.procedure_steps``).  At filing,
its steps are snapshotted; identical steps share one ``ServiceDefinition`` row (looked up by SHA-256), a
changed procedure gets the next version.  An application keeps its definition for life, so publishing a
changed limit affects only applications filed afterwards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from catalogue import SERVICE_CHOICES, ProcedureStep
from catalogue.steps import steps_from_stream
from portal.procedure import procedure_steps


class ServiceDefinition(models.Model):
    service_code = models.CharField(_("service"), max_length=40, choices=SERVICE_CHOICES)
    version = models.PositiveIntegerField(_("version"))
    steps = models.JSONField(_("procedure steps"))  # [ProcedureStep.as_block_value(), ...] in page order
    steps_sha256 = models.CharField(_("SHA-256 of the steps"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service definition")
        verbose_name_plural = _("service definitions")
        ordering = ["service_code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["service_code", "version"], name="records_servicedef_version"),
            models.UniqueConstraint(fields=["service_code", "steps_sha256"], name="records_servicedef_sha"),
        ]

    def __str__(self) -> str:
        return f"{self.service_code} v{self.version}"

    def procedure(self) -> tuple[ProcedureStep, ...]:
        """The snapshot's steps as values."""
        return definition_steps(self.pk, self)


# Parsed steps of committed definitions, by id.  Rows never change and a committed id is never reused, so a
# transition computes its deadline without reading the row again.  A row read inside a transaction is cached
# only when that transaction commits: an id taken by a rolled-back insert may come back with other steps.
_COMMITTED_STEPS: dict[int, tuple[ProcedureStep, ...]] = {}


def definition_steps(definition_id: int, row: ServiceDefinition | None = None) -> tuple[ProcedureStep, ...]:
    """The steps of definition ``definition_id`` (``row``: the definition if already loaded)."""
    steps = _COMMITTED_STEPS.get(definition_id)
    if steps is not None:
        return steps
    if row is None:
        row = ServiceDefinition.objects.get(pk=definition_id)
    steps = tuple(steps_from_stream([{"type": "step", "value": value} for value in row.steps]))
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _COMMITTED_STEPS.setdefault(definition_id, steps))
    else:
        _COMMITTED_STEPS[definition_id] = steps
    return steps


def canonical_steps(steps: Sequence[ProcedureStep]) -> tuple[list[dict], str]:
    """The JSON snapshot of ``steps`` and its SHA-256 (over sorted-key compact JSON)."""
    values = [step.as_block_value() for step in steps]
    encoded = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return values, hashlib.sha256(encoded).hexdigest()


def current_definition(service_code: str) -> ServiceDefinition:
    """The definition matching the service's live procedure, created (next version) if it is new.

    Call it inside the filing transaction.  Two filings that create the same new version at once: one
    insert wins, the other reads the winner's row.
    """
    values, sha = canonical_steps(procedure_steps(service_code))
    found = ServiceDefinition.objects.filter(service_code=service_code, steps_sha256=sha).first()
    if found is not None:
        return found
    last = ServiceDefinition.objects.filter(service_code=service_code).order_by("-version").first()
    try:
        with transaction.atomic():
            return ServiceDefinition.objects.create(
                service_code=service_code,
                version=(last.version + 1) if last else 1,
                steps=values,
                steps_sha256=sha,
            )
    except IntegrityError:
        return ServiceDefinition.objects.get(service_code=service_code, steps_sha256=sha)
