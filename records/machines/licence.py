"""Service 6: licence for veterinary activity (DOMAIN §2.9, §3.8).

Kinds: ``issue`` (a licence, or an annex to ``licence`` when the applicant asks for one), ``reissue`` and
``duplicate`` (both of ``licence``, which must be the applicant's active licence or annex).  The hand-over
writes the licence records (records.licences).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from .. import licences, payments
from ..applications import Application, ServiceManager, register_service_model
from ..states import OFFICE
from ..transitions import Condition, TransitionContext, TransitionForm, workflow_transition
from . import common

PAYMENT_CONFIRMED = Condition(
    lambda app: app.channel == OFFICE or payments.payment_covers_fee(app),
    _(
        "No confirmed payment of the licence fee through the e-government payment gateway is recorded "
        "for the application."
    ),
)
# A re-issue handed over meanwhile does not stop an application: it applies to the licence's current
# version (records.licences, docs/decisions.md).  Only a licence no version of which is in force stops it.
LICENCE_STILL_ACTIVE = Condition(
    lambda app: (
        (app.licence_id is None and app.subcase == "issue")
        or (app.licence is not None and licences.current(app.licence).state == licences.ACTIVE)
    ),
    _("No version of the licence concerned is in force."),
)


class QualificationForm(TransitionForm):
    qualification_met = forms.BooleanField(
        label=_("The applicant meets the qualification requirements"), required=True
    )


class ReissueForm(TransitionForm):
    changes = forms.CharField(
        label=_("What changes in the re-issued licence"), max_length=4000, widget=forms.Textarea
    )


@register_service_model
class LicenceApplication(Application):
    SERVICE = "licence"

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("licence application")
        verbose_name_plural = _("licence applications")

    register = common.register(Role.OFFICE, conditions=[PAYMENT_CONFIRMED])
    reject_at_portal = common.reject_at_portal(
        ("auth_refused", "payment_missing", "signature_refused", "data_violation_refused")
    )
    assign = common.assign()
    accept_complete = common.confirm_complete(
        "accept_complete",
        source="assigned",
        target="under_review",
        label=_("Accept the complete documents"),
        conditions=[common.subcase_in("issue")],
    )
    draft_refusal = common.refusal(
        "draft_refusal",
        source=["assigned", "under_review", "documents_requested"],
        target="refusal_drafted",
        roles=[Role.EXECUTOR],
        label=_("Draft a reasoned refusal"),
    )
    request_documents = common.request_documents(source="assigned")
    add_documents = common.add_documents(target="assigned")
    # Until a licence or a refusal is drafted (docs/decisions.md).
    withdraw = common.withdraw(
        source=["submitted", "registered", "assigned", "documents_requested", "under_review"]
    )

    @workflow_transition(
        source="under_review",
        target="draft_ready",
        roles=[Role.EXECUTOR],
        label=_("Prepare the licence"),
        form=QualificationForm,
        conditions=[common.subcase_in("issue")],
    )
    def draft_license(self, ctx: TransitionContext) -> None:
        self.details["drafted_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="assigned",
        target="draft_ready",
        roles=[Role.EXECUTOR],
        label=_("Prepare the re-issued licence"),
        form=ReissueForm,
        conditions=[common.subcase_in("reissue"), LICENCE_STILL_ACTIVE],
    )
    def draft_reissue(self, ctx: TransitionContext) -> None:
        self.details["changes"] = ctx.data["changes"]

    @workflow_transition(
        source="assigned",
        target="draft_ready",
        roles=[Role.EXECUTOR],
        label=_("Prepare the duplicate"),
        conditions=[common.subcase_in("duplicate"), LICENCE_STILL_ACTIVE],
    )
    def draft_duplicate(self, ctx: TransitionContext) -> None:
        self.details["drafted_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="draft_ready",
        target="signed",
        roles=[Role.HEAD],
        label=_("Sign"),
        conditions=[LICENCE_STILL_ACTIVE],
    )
    def sign(self, ctx: TransitionContext) -> None:
        self.details["signed_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="refusal_drafted", target="refusal_signed", roles=[Role.HEAD], label=_("Sign the refusal")
    )
    def sign_refusal(self, ctx: TransitionContext) -> None:
        self.details["signed_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="signed",
        target="issued",
        roles=[Role.OFFICE],
        label=_("Hand over the licence"),
        conditions=[LICENCE_STILL_ACTIVE],
    )
    def hand_over(self, ctx: TransitionContext) -> None:
        if self.subcase == "issue":
            issued = licences.issue_new(self, ctx)
        elif self.subcase == "reissue":
            issued = licences.reissue(self, ctx)
        else:
            issued = licences.duplicate(self, ctx).licence
        self.result_number = issued.number
        self.details["handed_over_at"] = ctx.now.isoformat()

    @workflow_transition(
        source="refusal_signed", target="refused", roles=[Role.OFFICE], label=_("Hand over the refusal")
    )
    def hand_over_refusal(self, ctx: TransitionContext) -> None:
        self.details["handed_over_at"] = ctx.now.isoformat()
