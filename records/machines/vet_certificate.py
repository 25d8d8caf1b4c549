"""Service 2: veterinary certificate (DOMAIN §2.5, §3.4).  One responsible executor does every step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from ..applications import Application, ServiceManager, register_service_model
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
    # The certificate prints the individual number; products carry that of the animal they come from.
    animal_number = forms.CharField(
        label=_("Individual number of the animal (for products: of the animal they come from)"),
        max_length=60,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        app = self.application
        if app is not None and not cleaned.get("animal_number") and not app.details.get("animal_number"):
            self.add_error("animal_number", _("The certificate needs the individual number of the animal."))
        return cleaned


@register_service_model
class VetCertificateApplication(Application):
    SERVICE = "vet_certificate"

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
        if ctx.data.get("animal_number"):
            self.details["animal_number"] = ctx.data["animal_number"].strip()

    @workflow_transition(
        source="examined", target="issued", roles=[Role.EXECUTOR], label=_("Issue the certificate")
    )
    def issue_certificate(self, ctx: TransitionContext) -> None:
        self.details["issued_at"] = ctx.now.isoformat()

    refuse = common.refusal(
        "refuse",
        source=["registered", "examined", "documents_requested"],
        target="refused",
        roles=[Role.EXECUTOR],
        label=_("Refuse with a reasoned answer"),
        head_signs=True,
    )
    # The executor checks the documents before the examination (docs/decisions.md).
    request_documents = common.request_documents(source="registered")
    add_documents = common.add_documents(target="registered")
    withdraw = common.withdraw(source=["submitted", "registered", "documents_requested"])
