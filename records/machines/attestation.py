"""Service 5: attestation of veterinary entrepreneurs (DOMAIN §2.8, §3.7).

The commission holds the attestation on the day of the schedule, in two stages: testing, then interview.
Waiting periods (p.5 4), data in catalogue.attestation.WAITING_PERIODS): a failed test can be
retaken six months after that test; a re-interview ordered by the commission takes place one month after
the first interview; after a "not attested" result the applicant may apply again one year after receiving it.
"""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.attestation import WAITING_PERIODS
from catalogue.roles import Role

from .. import calendar
from ..applications import Application, ServiceManager, register_service_model
from ..states import ATTESTATION_DECISIONS
from ..transitions import Condition, Guard, TransitionContext, TransitionForm, workflow_transition
from . import common


class ScheduleForm(TransitionForm):
    attestation_date = forms.DateField(label=_("Date of the attestation"))
    attestation_time = forms.TimeField(label=_("Time of the attestation"), required=False)
    attestation_place = forms.CharField(label=_("Place of the attestation"), max_length=300)


class TestResultForm(TransitionForm):
    test_score = forms.IntegerField(label=_("Test score"), required=False, min_value=0)


class CommissionForm(TransitionForm):
    """Who sat on the commission that decides: the attestation sheet is signed by them (p.3)."""

    commission_chair = forms.CharField(label=_("Chair of the commission"), max_length=300)
    commission_members = forms.CharField(
        label=_("Members of the commission (one per line)"), max_length=2000, widget=forms.Textarea
    )
    commission_secretary = forms.CharField(label=_("Secretary of the commission"), max_length=300)


class FailedTestForm(CommissionForm, TestResultForm):
    pass


class DecisionForm(CommissionForm):
    decision = forms.ChoiceField(label=_("Decision of the commission"), choices=ATTESTATION_DECISIONS)


def _record_commission(app: Application, ctx: TransitionContext) -> None:
    for name in ("commission_chair", "commission_members", "commission_secretary"):
        app.details[name] = ctx.data[name].strip()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, std_calendar.monthrange(year, month)[1]))


def earliest_new_attestation(app: Application) -> tuple[date, str] | None:
    """The first day this applicant may be tested again after an earlier failure, with the rule that sets it
    ("retest": six months after a failed test; "reattestation": a year after a "not attested" result)."""
    earliest: tuple[date, str] | None = None
    earlier = (
        Application.objects.filter(
            service=app.SERVICE, applicant_id=app.applicant_id, decision="not_attested"
        )
        .exclude(pk=app.pk)
        .only("details", "closed_at", "service")
    )
    for other in earlier:
        if other.details.get("test_failed"):
            start, rule = datetime.fromisoformat(other.details["tested_at"]), "retest"
        else:
            start, rule = (
                other.closed_at or datetime.fromisoformat(other.details["decided_at"]),
                "reattestation",
            )
        candidate = add_months(calendar.local_date(start), WAITING_PERIODS[rule].months)
        if earliest is None or candidate > earliest[0]:
            earliest = (candidate, rule)
    return earliest


def _waiting_message(day: date, rule: str) -> str:
    if rule == "retest":
        return _("The test can be retaken only six months after the failed test, from %(date)s.") % {
            "date": day.isoformat()
        }
    return _(
        'After a "not attested" result the applicant may be attested again one year after receiving '
        "it, from %(date)s."
    ) % {"date": day.isoformat()}


def _schedule_allowed(app: Application, ctx: TransitionContext):
    day = ctx.data["attestation_date"]
    if day < calendar.local_date(ctx.now):
        return _("The attestation date has already passed.")
    earliest = earliest_new_attestation(app)
    if earliest is not None and day < earliest[0]:
        return _waiting_message(*earliest)
    return None


def _testing_allowed(app: Application, ctx: TransitionContext):
    today = calendar.local_date(ctx.now)
    if today < app.detail_date("attestation_date"):
        return _("The attestation is scheduled for %(date)s; testing cannot start earlier.") % {
            "date": app.details["attestation_date"]
        }
    earliest = earliest_new_attestation(app)
    if earliest is not None and today < earliest[0]:
        return _waiting_message(*earliest)
    return None


def _reinterview_allowed(app: Application, ctx: TransitionContext):
    not_before = app.detail_date("reinterview_not_before")
    if not_before is None or calendar.local_date(ctx.now) < not_before:
        return _("A re-interview takes place one month after the first interview, from %(date)s.") % {
            "date": not_before.isoformat() if not_before else "?"
        }
    return None


ORDERED_REINTERVIEW = Condition(
    lambda app: app.decision == "re_attestation",
    _('Only a "subject to re-attestation" decision leads to a re-interview.'),
)


@register_service_model
class AttestationApplication(Application):
    SERVICE = "attestation"

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("attestation application")
        verbose_name_plural = _("attestation applications")

    register = common.register(Role.OFFICE)
    reject_at_portal = common.reject_at_portal()
    assign = common.assign()
    confirm_complete = common.confirm_complete()
    return_incomplete = common.refusal(
        "return_incomplete",
        source=["assigned", "documents_requested"],
        target="refused",
        roles=[Role.EXECUTOR],
        label=_("Return: incomplete documents"),
        incomplete=True,
    )
    request_documents = common.request_documents(source="assigned")
    add_documents = common.add_documents(target="assigned")
    # Until the testing begins (docs/decisions.md).
    withdraw = common.withdraw(
        source=[
            "submitted",
            "registered",
            "assigned",
            "documents_requested",
            "complete",
            "with_commission",
            "scheduled",
        ]
    )

    @workflow_transition(
        source="complete",
        target="with_commission",
        roles=[Role.EXECUTOR],
        label=_("Send to the attestation commission"),
    )
    def send_to_commission(self, ctx: TransitionContext) -> None:
        self.details["sent_to_commission_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="with_commission",
        target="scheduled",
        roles=[Role.COMMISSION, Role.EXECUTOR],
        label=_("Schedule the attestation"),
        form=ScheduleForm,
        guards=[Guard(_schedule_allowed)],
    )
    def schedule(self, ctx: TransitionContext) -> None:
        self.details["attestation_date"] = ctx.data["attestation_date"].isoformat()
        time = ctx.data.get("attestation_time")
        self.details["attestation_time"] = time.strftime("%H:%M") if time else ""
        self.details["attestation_place"] = ctx.data["attestation_place"]

    @workflow_transition(
        source="scheduled",
        target="testing",
        roles=[Role.COMMISSION],
        label=_("Start the testing"),
        guards=[Guard(_testing_allowed)],
    )
    def start_testing(self, ctx: TransitionContext) -> None:
        self.details["tested_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="testing",
        target="interview",
        roles=[Role.COMMISSION],
        label=_("Record a passed test"),
        form=TestResultForm,
    )
    def pass_test(self, ctx: TransitionContext) -> None:
        self.details["test_score"] = ctx.data.get("test_score")

    @workflow_transition(
        source="testing",
        target="decided",
        roles=[Role.COMMISSION],
        label=_("Record a failed test (not attested)"),
        form=FailedTestForm,
    )
    def fail_test(self, ctx: TransitionContext) -> None:
        # A negative test ends the attestation before the interview: the sheet says "not attested".
        self.details["test_score"] = ctx.data.get("test_score")
        self.details["test_failed"] = True
        self.details["decided_at"] = ctx.now.isoformat()
        self.decision = "not_attested"
        _record_commission(self, ctx)

    @workflow_transition(
        source="interview",
        target="decided",
        roles=[Role.COMMISSION],
        label=_("Record the commission's decision"),
        form=DecisionForm,
    )
    def decide(self, ctx: TransitionContext) -> None:
        self.decision = ctx.data["decision"]
        _record_commission(self, ctx)
        self.details["interview_at"] = self.details["decided_at"] = ctx.now.isoformat()
        if self.decision == "re_attestation":
            months = WAITING_PERIODS["reinterview"].months
            self.details["reinterview_not_before"] = add_months(
                calendar.local_date(ctx.now), months
            ).isoformat()

    @workflow_transition(
        source="decided",
        target="interview",
        roles=[Role.COMMISSION],
        label=_("Hold the re-interview"),
        conditions=[ORDERED_REINTERVIEW],
        guards=[Guard(_reinterview_allowed)],
    )
    def reinterview(self, ctx: TransitionContext) -> None:
        self.decision = ""

    @workflow_transition(
        source="decided", target="delivered", roles=[Role.OFFICE], label=_("Deliver the attestation sheet")
    )
    def deliver(self, ctx: TransitionContext) -> None:
        self.details["delivered_at"] = ctx.now.isoformat()

    def running_step(self, state: str | None = None):
        # Waiting a month for an ordered re-interview is not a step with a running limit.
        if (state or self.state) == "decided" and self.decision == "re_attestation":
            return None
        return super().running_step(state)
