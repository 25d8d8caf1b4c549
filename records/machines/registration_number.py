"""Service 3: registration (accounting) numbers of production facilities (DOMAIN §2.6, §3.5).

Kinds: ``assign`` (a new number), ``reregister_name_or_form`` and ``confirm_slaughter_site`` (the
re-registration sub-case of p.6: the number already assigned is kept and confirmed again).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from .. import calendar
from ..applications import Application, ServiceManager, register_service_model
from ..numbering import next_number
from ..transitions import TransitionContext, TransitionForm, workflow_transition
from . import common

REREGISTRATION_KINDS = ("reregister_name_or_form", "confirm_slaughter_site")


class CompletenessForm(common.ChecklistForm):
    state_data_received = forms.BooleanField(
        label=_(
            "Data received from the state information systems through the e-government gateway "
            "(identity, registration, veterinary-sanitary conclusion, previous number)"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        app = self.application
        if app is not None and app.subcase in REREGISTRATION_KINDS and not cleaned.get("state_data_received"):
            self.add_error("state_data_received", _("Re-registration needs the data from the state systems."))
        return cleaned


class ConfirmationIssueForm(TransitionForm):
    delivery = forms.ChoiceField(
        label=_("How the confirmation is issued"),
        choices=[
            ("cabinet", _("E-document to the applicant's personal cabinet")),
            ("printout", _("Printout sealed and signed by the head")),
        ],
    )


def accounting_number(year: int) -> str:
    """A new accounting number of a production facility: unique, from a yearly counter (format is ours:
    the act does not print one)."""
    return f"ZHM-{year}-{next_number('accounting_number', year):05d}"


@register_service_model
class RegistrationNumberApplication(Application):
    SERVICE = "registration_number"

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("registration number application")
        verbose_name_plural = _("registration number applications")

    register = common.register(Role.OFFICE)
    reject_at_portal = common.reject_at_portal()
    assign = common.assign()
    confirm_complete = common.confirm_complete(form=CompletenessForm)
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
    # Until the oblast inspection assigns the number (docs/decisions.md).
    withdraw = common.withdraw(
        source=[
            "submitted",
            "registered",
            "assigned",
            "documents_requested",
            "complete",
            "at_oblast_inspection",
        ]
    )

    @workflow_transition(
        source="complete",
        target="at_oblast_inspection",
        roles=[Role.EXECUTOR],
        label=_("Forward to the oblast inspection"),
    )
    def forward_to_oblast(self, ctx: TransitionContext) -> None:
        self.details["forwarded_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="at_oblast_inspection",
        target="number_assigned",
        roles=[Role.OBLAST_INSPECTION],
        label=_("Assign the accounting number"),
    )
    def assign_number(self, ctx: TransitionContext) -> None:
        if self.subcase in REREGISTRATION_KINDS:
            number = self.details["previous_accounting_number"]  # re-registration keeps the number
        else:
            number = accounting_number(calendar.local_date(ctx.now).year)
        self.result_number = number

    @workflow_transition(
        source="number_assigned",
        target="confirmation_received",
        roles=[Role.OBLAST_INSPECTION],
        label=_("Send the confirmation to the department"),
    )
    def send_confirmation(self, ctx: TransitionContext) -> None:
        self.details["confirmation_sent_at"] = ctx.now.isoformat()

    refuse = common.refusal(
        "refuse",
        source="at_oblast_inspection",
        target="refused",
        roles=[Role.OBLAST_INSPECTION, Role.HEAD],
        label=_("Refuse with a reasoned answer"),
    )

    @workflow_transition(
        source="confirmation_received",
        target="confirmation_issued",
        roles=[Role.EXECUTOR, Role.HEAD],
        label=_("Issue the confirmation"),
        form=ConfirmationIssueForm,
    )
    def issue_confirmation(self, ctx: TransitionContext) -> None:
        self.details["confirmation_delivery"] = ctx.data["delivery"]

    @workflow_transition(
        source="confirmation_issued", target="delivered", roles=[Role.OFFICE], label=_("Hand over the result")
    )
    def hand_over(self, ctx: TransitionContext) -> None:
        self.details["handed_over_at"] = ctx.now.isoformat()
