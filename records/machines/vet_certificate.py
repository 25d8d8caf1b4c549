"""Service 2: veterinary certificate (DOMAIN §2.5, §3.4).  One responsible executor does every step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..applications import Application, ServiceManager, register_service_model
from ..roles import Role
from ..transitions import TransitionContext, TransitionForm, workflow_transition
from . import common


class ExaminationForm(TransitionForm):
    identification_checked = forms.BooleanField(
        label=_(
            "The animal has a veterinary passport and an individual number and is in the identification "
            "database (or an extract from it)"
        ),
        required=True,
    )
    epizootic_situation = forms.CharField(
        label=_("Epizootic situation of the administrative-territorial unit"),
        max_length=2000,
        widget=forms.Textarea,
    )
    findings = forms.CharField(
        label=_("Findings of the examination"), max_length=8000, widget=forms.Textarea, required=False
    )


@register_service_model
class VetCertificateApplication(Application):
    SERVICE = "vet_certificate"
    DEADLINE_STEPS = {
        "submitted": ("register",),
        "registered": ("examine",),  # "within the day of application": same day from the receipt
        "examined": ("issue_certificate",),
    }

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("veterinary certificate application")
        verbose_name_plural = _("veterinary certificate applications")

    register = common.register(Role.EXECUTOR)
    reject_at_portal = common.reject_at_portal()

    @workflow_transition(
        source="registered",
        target="examined",
        roles=[Role.EXECUTOR],
        label=_("Record the veterinary examination"),
        form=ExaminationForm,
    )
    def examine(self, ctx: TransitionContext) -> None:
        self.details["examined_at"] = ctx.now.isoformat()
        self.details["epizootic_situation"] = ctx.data["epizootic_situation"]
        self.details["findings"] = ctx.data.get("findings", "")

    @workflow_transition(
        source="examined", target="issued", roles=[Role.EXECUTOR], label=_("Issue the certificate")
    )
    def issue_certificate(self, ctx: TransitionContext) -> None:
        self.details["issued_at"] = ctx.now.isoformat()

    refuse = common.refusal(
        "refuse",
        source=["registered", "examined"],
        target="refused",
        roles=[Role.EXECUTOR],
        label=_("Refuse with a reasoned answer"),
    )
