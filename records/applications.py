"""The ``Application`` table: one concrete table for the six services, one proxy model per service.

Why one table: the tracker (registration number + IIN/BIN), staff lists (overdue, by executor, by state)
and search read applications of every service at once; a single table with a ``service`` discriminator
answers them with one indexed query, where multi-table inheritance would join per service.  Each service's
proxy (``records.machines``) carries its django-fsm transitions; rows read through ``Application.objects``
come back as the proxy of their service (``from_db``).

Deadlines: entering a state sets ``due_at`` from the limit of the step that leaves it (DOMAIN §3.1), read
from the application's ``ServiceDefinition`` snapshot; terminal and untimed states have ``due_at = None``,
so ``due_at < now`` alone selects the overdue applications.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from catalogue import SERVICE_CHOICES, SERVICES, ProcedureStep, Service

from . import calendar, clock
from .definitions import definition_steps
from .states import (
    ATTESTATION_DECISIONS,
    CHANNEL_CHOICES,
    OFFICE,
    PAUSED_STATES,
    PORTAL_REFUSAL_CHOICES,
    STATE_CHOICES,
    STATE_LABELS,
    TERMINAL_STATES,
)
from .transitions import TransitionSpec, collect_specs
from .units import TerritorialUnit  # noqa: F401  (registers the units: an application names one)

# service code -> proxy model; filled by ``register_service_model`` (records.machines).
SERVICE_MODELS: dict[str, type[Application]] = {}


class ApplicationQuerySet(models.QuerySet):
    def of_service(self, service_code: str) -> ApplicationQuerySet:
        return self.filter(service=service_code)

    def open(self) -> ApplicationQuerySet:
        return self.exclude(state__in=TERMINAL_STATES)

    def overdue(self, now: datetime | None = None) -> ApplicationQuerySet:
        """Open applications whose current step is past its due time (terminal ones have no due time)."""
        return self.filter(due_at__lt=now or clock.now())

    def due_today(self, now: datetime | None = None) -> ApplicationQuerySet:
        """Applications due later today (working time zone), not yet overdue."""
        now = now or clock.now()
        return self.filter(due_at__gte=now, due_at__lt=calendar.next_midnight(now))

    def with_deadline_status(self, now: datetime | None = None) -> ApplicationQuerySet:
        """Annotate ``deadline_status``: "overdue", "due_today", "ok", or "" (no running limit)."""
        now = now or clock.now()
        return self.annotate(
            deadline_status=Case(
                When(due_at__lt=now, then=Value("overdue")),
                When(due_at__lt=calendar.next_midnight(now), then=Value("due_today")),
                When(due_at__isnull=False, then=Value("ok")),
                default=Value(""),
                output_field=models.CharField(),
            )
        )


class Application(ConcurrentTransitionMixin, models.Model):
    """An application for one of the six state services (DOMAIN §3.1 shared conventions)."""

    service = models.CharField(_("service"), max_length=40, choices=SERVICE_CHOICES)
    # The DOMAIN "kind" of services 3, 4 and 6 (assign / reregister_name_or_form / …); "" for the others.
    subcase = models.CharField(_("sub-case"), max_length=40, blank=True)
    state = FSMField(_("state"), max_length=40, choices=STATE_CHOICES, default="submitted", protected=True)
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES, default=OFFICE)
    registration_no = models.CharField(_("registration number"), max_length=32, unique=True)
    # The unit that handles the application (records.units): its staff read it (records.scope).
    unit = models.ForeignKey(
        "records.TerritorialUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        "records.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    representative_name = models.CharField(_("representative"), max_length=300, blank=True)
    representative_iin = models.CharField(_("representative's IIN"), max_length=12, blank=True)
    power_of_attorney_no = models.CharField(_("power of attorney number"), max_length=60, blank=True)
    power_of_attorney_date = models.DateField(_("power of attorney date"), null=True, blank=True)
    definition = models.ForeignKey(
        "records.ServiceDefinition",
        verbose_name=_("service definition"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    received_at = models.DateTimeField(_("received at"))
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible executor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    resolution_text = models.TextField(_("resolution"), blank=True)  # бұрыштама
    # [{"name", "sha256", "transition"}]: the filed documents ("file") and those attached to transitions.
    documents = models.JSONField(_("documents"), default=list, blank=True)
    # Service data: what was filed (object, animal, facility, activity…) and what transitions recorded.
    details = models.JSONField(_("details"), default=dict, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    refusal_ground = models.CharField(
        _("refusal ground (point 10 of the standard)"), max_length=60, blank=True
    )
    portal_refusal = models.CharField(
        _("portal refusal message"), max_length=30, choices=PORTAL_REFUSAL_CHOICES, blank=True
    )
    decision = models.CharField(
        _("attestation decision"), max_length=20, choices=ATTESTATION_DECISIONS, blank=True
    )
    # The number the service produced: accounting number (service 3), individual animal number (service 4).
    result_number = models.CharField(_("result number"), max_length=60, blank=True, db_index=True)
    licence = models.ForeignKey(
        "records.Licence",
        verbose_name=_("licence concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    state_entered_at = models.DateTimeField(_("state entered at"))
    step_code = models.CharField(_("running step"), max_length=64, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    SERVICE: ClassVar[str] = ""
    _specs: ClassVar[dict[str, TransitionSpec]] = {}

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["due_at"], name="records_app_due_idx"),
            models.Index(fields=["service", "state"], name="records_app_service_state_idx"),
            models.Index(fields=["applicant", "-received_at"], name="records_app_applicant_idx"),
            models.Index(fields=["assigned_executor", "state"], name="records_app_executor_idx"),
            models.Index(fields=["-received_at"], name="records_app_received_idx"),
        ]

    def __str__(self) -> str:
        return self.registration_no

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if not cls._meta.proxy:
            proxy = SERVICE_MODELS.get(instance.__dict__.get("service"))
            if proxy is not None:
                instance.__class__ = proxy
        return instance

    # -- reading ---------------------------------------------------------------------------------------------

    @property
    def unit_code(self) -> str:
        """The code of the handling unit ("" without one): the search access list names it."""
        return self.unit.code if self.unit_id is not None else ""

    @property
    def state_label(self):
        return STATE_LABELS.get(self.state, self.state)

    @property
    def catalogue_entry(self) -> Service:
        """The service's table in the catalogue: its steps, sub-cases and the state → step rules."""
        return SERVICES[self.service]

    @property
    def service_label(self):
        return self.catalogue_entry.label

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_STATES

    @property
    def procedure_subcase(self) -> str:
        """The regulation's sub-case whose limits apply (the catalogue's ``kind_subcases``)."""
        return self.catalogue_entry.subcase_of(self.subcase)

    def deadline_status(self, now: datetime | None = None) -> str:
        """The deadline status now: "overdue", "due_today", "ok", or "" when no limit runs."""
        if self.due_at is None:
            return ""
        return calendar.deadline_status(self.due_at, now or clock.now())

    @classmethod
    def transition_specs(cls) -> dict[str, TransitionSpec]:
        """The service's transitions (empty on the base model)."""
        if "_specs" not in cls.__dict__:
            cls._specs = collect_specs(cls)
        return cls._specs

    def steps(self) -> tuple[ProcedureStep, ...]:
        """The procedure in force when this application was filed."""
        return definition_steps(self.definition_id, self._state.fields_cache.get("definition"))

    def step_for(self, transition: str) -> ProcedureStep | None:
        return self.catalogue_entry.find_step(self.steps(), transition, self.procedure_subcase)

    def running_step(self, state: str | None = None) -> ProcedureStep | None:
        """The step whose limit runs in ``state`` (default: the current state)."""
        return self.catalogue_entry.running_step(self.steps(), state or self.state, self.procedure_subcase)

    # -- writing (only from a transition, through records.services) ------------------------------------------

    def enter_state(self, previous_step_code: str, now: datetime) -> None:
        """Stamp the state just entered and set its deadline.

        A step spread over several states (service 1's three-working-day inspection block, service 3's
        oblast step, the attestation day) keeps the due time set when the step began.
        """
        self.state_entered_at = now
        if self.state in TERMINAL_STATES:
            self.step_code, self.due_at, self.closed_at = "", None, now
            return
        if self.state in PAUSED_STATES:  # the clock stops; the step stays, to resume (document_requests)
            self.due_at = None
            return
        step = self.running_step()
        if step is None:
            self.step_code, self.due_at = "", None
            return
        if step.code != previous_step_code or self.due_at is None:
            self.due_at = self.limit_due_at(step, now)
        self.step_code = step.code

    def limit_due_at(self, step: ProcedureStep, now: datetime) -> datetime | None:
        """When ``step``, begun at ``now``, is due (records.calendar), or None without a usable limit."""
        external_key = self.catalogue_entry.external_dates.get(self.state)
        if external_key is not None or step.limit_kind == "external":
            planned = self.detail_date(external_key) if external_key else None
            if planned is None:
                return None
            return calendar.due_at(now, calendar.Limit("external", external_date=planned))
        if step.limit_kind == "same_day":
            start = now if same_day_counts_from_step() else self.received_at
            return calendar.due_at(start, calendar.Limit("same_day"))
        start_key = self.catalogue_entry.start_dates.get(self.state)
        start_date = self.detail_date(start_key) if start_key else None
        start = calendar.working_day_start(start_date) if start_date else now
        return calendar.due_at(start, calendar.Limit(step.limit_kind, step.limit_value))

    def detail_date(self, key: str) -> date | None:
        value = self.details.get(key)
        if not value:
            return None
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def same_day_counts_from_step() -> bool:
    """DOMAIN §6 item 6: a same-day limit counts from the application's receipt (default, the act's words)
    or, with ``RECORDS_SAME_DAY_FROM = "step"``, from the moment the step's actor received the file."""
    return getattr(settings, "RECORDS_SAME_DAY_FROM", "receipt") == "step"


class ServiceManager(models.Manager):
    """The manager of a service's proxy: only that service's rows."""

    def get_queryset(self):
        return ApplicationQuerySet(self.model, using=self._db).filter(service=self.model.SERVICE)


def register_service_model(cls: type[Application]) -> type[Application]:
    """Class decorator of a service's proxy model."""
    if cls.SERVICE not in SERVICES:
        raise ValueError(f"{cls.__name__}.SERVICE {cls.SERVICE!r} is not a service code")
    SERVICE_MODELS[cls.SERVICE] = cls
    return cls
