"""Service 1: veterinary-sanitary conclusion for an object of state control (DOMAIN §2.4, §3.3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from catalogue.vet_sanitary_conclusion import STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION

from ..applications import Application, ServiceManager, register_service_model
from ..transitions import Guard, TransitionContext, TransitionForm, workflow_transition
from . import common

_NOTICE = timedelta(days=STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION)
_CONCLUSIONS = ["conclusion_compliant", "conclusion_noncompliant"]


class StatisticsNoticeForm(TransitionForm):
    planned_inspection_at = forms.DateTimeField(label=_("Planned inspection date and time"))
    statistics_body = forms.CharField(
        label=_("Legal statistics body notified"), max_length=300, required=False
    )


class InspectionForm(TransitionForm):
    findings = forms.CharField(
        label=_("Findings: does the object match the documents and the veterinary(-sanitary) rules?"),
        max_length=8000,
        widget=forms.Textarea,
    )


class ActForm(TransitionForm):
    act_number = forms.CharField(label=_("Inspection act number"), max_length=60, required=False)


class NoncompliantForm(TransitionForm):
    recommendations = forms.CharField(
        label=_("Recommendations for removing the violations"), max_length=8000, widget=forms.Textarea
    )


class PickupNoticeForm(TransitionForm):
    pickup_at = forms.DateTimeField(label=_("Date and time to collect the conclusion"))
    pickup_place = forms.CharField(label=_("Place to collect the conclusion"), max_length=300)


def _notice_before_inspection(app: Application, ctx: TransitionContext):
    # DOMAIN §6 item 7: «1 (бір) күн бұрын» without "working": one calendar day (24 hours) at least.
    if ctx.data["planned_inspection_at"] < ctx.now + _NOTICE:
        return _(
            "The legal statistics bodies must be notified at least %(days)s day(s) before the "
            "inspection; plan the inspection later."
        ) % {"days": STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION}
    return None


def _notice_period_over(app: Application, ctx: TransitionContext):
    notified = app.details.get("statistics_notified_at")
    if notified is None or ctx.now < datetime.fromisoformat(notified) + _NOTICE:
        return _(
            "The inspection cannot take place earlier than %(days)s day(s) after the legal statistics "
            "bodies were notified."
        ) % {"days": STATISTICS_NOTICE_DAYS_BEFORE_INSPECTION}
    return None


@register_service_model
class VetSanitaryConclusionApplication(Application):
    SERVICE = "vet_sanitary_conclusion"

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("veterinary-sanitary conclusion application")
        verbose_name_plural = _("veterinary-sanitary conclusion applications")

    register = common.register(Role.OFFICE)
    reject_at_portal = common.reject_at_portal()
    assign = common.assign()
    confirm_complete = common.confirm_complete()
    refuse_incomplete = common.refusal(
        "refuse_incomplete",
        source=["assigned", "documents_requested"],
        target="refused_incomplete",
        roles=[Role.EXECUTOR, Role.HEAD],
        label=_("Refuse: incomplete documents"),
        incomplete=True,
    )
    request_documents = common.request_documents(source="assigned")
    add_documents = common.add_documents(target="assigned")
    # Until the inspection act goes for the decision on the conclusion (docs/decisions.md).
    withdraw = common.withdraw(
        source=[
            "submitted",
            "registered",
            "assigned",
            "documents_requested",
            "complete",
            "stats_notified",
            "inspected",
        ]
    )

    @workflow_transition(
        source="complete",
        target="stats_notified",
        roles=[Role.EXECUTOR],
        label=_("Notify the legal statistics bodies"),
        form=StatisticsNoticeForm,
        guards=[Guard(_notice_before_inspection)],
    )
    def notify_legal_statistics(self, ctx: TransitionContext) -> None:
        self.details["statistics_notified_at"] = ctx.now.isoformat()
        self.details["planned_inspection_at"] = ctx.data["planned_inspection_at"].isoformat()

    @workflow_transition(
        source="stats_notified",
        target="inspected",
        roles=[Role.EXECUTOR],
        label=_("Record the inspection"),
        form=InspectionForm,
        guards=[Guard(_notice_period_over)],
    )
    def inspect(self, ctx: TransitionContext) -> None:
        self.details["inspected_at"] = ctx.now.isoformat()
        self.details["findings"] = ctx.data["findings"]

    @workflow_transition(
        source="inspected",
        target="act_submitted",
        roles=[Role.EXECUTOR],
        label=_("Submit the inspection act"),
        form=ActForm,
        attachment_required=True,
    )
    def submit_act(self, ctx: TransitionContext) -> None:
        self.details["act_number"] = ctx.data.get("act_number", "")

    @workflow_transition(
        source="act_submitted",
        target="conclusion_compliant",
        roles=[Role.STATE_VET_DOCTOR, Role.HEAD],
        label=_("Decide: the object complies"),
    )
    def decide_compliant(self, ctx: TransitionContext) -> None:
        self.details["decided_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="act_submitted",
        target="conclusion_noncompliant",
        roles=[Role.STATE_VET_DOCTOR, Role.HEAD],
        label=_("Decide: the object does not comply"),
        form=NoncompliantForm,
    )
    def decide_noncompliant(self, ctx: TransitionContext) -> None:
        self.details["decided_at"] = ctx.now.isoformat()
        self.details["recommendations"] = ctx.data["recommendations"]

    @workflow_transition(
        source=_CONCLUSIONS,
        target="notified_for_pickup",
        roles=[Role.OFFICE, Role.PORTAL],
        label=_("Notify the applicant to collect the conclusion"),
        form=PickupNoticeForm,
        conditions=[common.IS_PORTAL],
    )
    def notify_pickup(self, ctx: TransitionContext) -> None:
        self.details["pickup_at"] = ctx.data["pickup_at"].isoformat()
        self.details["pickup_place"] = ctx.data["pickup_place"]

    @workflow_transition(
        source=[*_CONCLUSIONS, "notified_for_pickup"],
        target="issued",
        roles=[Role.OFFICE],
        label=_("Hand over the conclusion"),
    )
    def hand_over(self, ctx: TransitionContext) -> None:
        self.details["handed_over_at"] = ctx.now.isoformat()
