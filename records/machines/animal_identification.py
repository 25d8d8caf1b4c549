"""Service 4: identification of farm animals with a veterinary passport (DOMAIN §2.7, §3.6).

Kinds: ``identify_with_passport`` (on the date of the oblast identification plan), ``reidentify_lost_tag``
(a new individual number within two working days of the ear tags arriving), ``duplicate_passport`` and
``passport_extract`` (prepared the same day: a policy assumption, the act gives no limit).  Only extracts
may be requested through the portal.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from .. import calendar, clock
from ..applications import Application, ServiceManager, register_service_model
from ..states import OFFICE
from ..transitions import Condition, Guard, TransitionContext, TransitionForm, workflow_transition
from . import common

COPY_KINDS = ("duplicate_passport", "passport_extract")
PORTAL_KINDS = ("passport_extract",)

PORTAL_ONLY_FOR_EXTRACTS = Condition(
    lambda app: app.channel == OFFICE or app.subcase in PORTAL_KINDS,
    _(
        "Through the portal only an extract from a veterinary passport can be requested; other requests are "
        "accepted at the office."
    ),
)


class PlanForm(TransitionForm):
    plan_date = forms.DateField(label=_("Date in the oblast identification plan"))
    plan_reference = forms.CharField(
        label=_("Plan (number, date of approval)"), max_length=300, required=False
    )


class IdentificationForm(TransitionForm):
    animal_number = forms.CharField(label=_("Individual number of the animal"), max_length=60)
    identification_method = forms.CharField(
        label=_("Identification method (ear tag, bolus, chip…)"), max_length=100
    )
    passport_number = forms.CharField(label=_("Veterinary passport number"), max_length=60, required=False)
    # The passport prints them; nothing filed before gives them.
    sex = forms.ChoiceField(
        label=_("Sex of the animal"), choices=[("female", _("Female")), ("male", _("Male"))]
    )
    birth_date = forms.DateField(label=_("Date of birth of the animal"))

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > calendar.local_date(clock.now()):
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value


class CopyForm(TransitionForm):
    """An extract of a passport that is not registered here is made from the passport the applicant shows."""

    passport_number = forms.CharField(
        label=_("Veterinary passport number (for an extract of a passport not registered here)"),
        max_length=60,
        required=False,
    )
    species = forms.CharField(label=_("Species of the animal"), max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        app = self.application
        if app is None or app.subcase != "passport_extract" or _registered_passport(app) is not None:
            return cleaned
        if not cleaned.get("passport_number"):
            self.add_error(
                "passport_number", _("No passport of this animal is registered here: give its number.")
            )
        if not cleaned.get("species") and not app.details.get("species"):
            self.add_error("species", _("No passport of this animal is registered here: give its species."))
        return cleaned


class TagLossForm(TransitionForm):
    tag_condition = forms.ChoiceField(
        label=_("Ear tag"),
        choices=[("lost", _("Lost")), ("damaged", _("Damaged, the number cannot be read"))],
    )


class TagReceiptForm(TransitionForm):
    tags_received_on = forms.DateField(label=_("Date the ear tags were received"))


def _plan_date_not_past(app: Application, ctx: TransitionContext):
    if ctx.data["plan_date"] < calendar.local_date(ctx.now):
        return _("The plan date has already passed.")
    return None


def _tags_not_in_future(app: Application, ctx: TransitionContext):
    if ctx.data["tags_received_on"] > calendar.local_date(ctx.now):
        return _("The ear tags cannot have been received in the future.")
    return None


def _registered_passport(app: Application):
    from ..result_payloads import registered_passport  # reads certificates: imported when first needed

    return registered_passport(app.details.get("animal_number", ""))


def _duplicate_has_original(app: Application, ctx: TransitionContext):
    from ..result_payloads import NO_PASSPORT

    if app.subcase == "duplicate_passport" and _registered_passport(app) is None:
        return NO_PASSPORT % {"number": app.details.get("animal_number", "")}
    return None


def _number_is_new(app: Application, ctx: TransitionContext):
    number = ctx.data["animal_number"].strip()
    if number == app.details.get("animal_number"):
        return _("Re-identification gives the animal a new individual number, not the lost one.")
    taken = Application.objects.filter(service=app.SERVICE, result_number=number).exclude(pk=app.pk).exists()
    if taken:
        return _("The individual number %(number)s is already assigned to another animal.") % {
            "number": number
        }
    return None


@register_service_model
class AnimalIdentificationApplication(Application):
    SERVICE = "animal_identification"

    objects = ServiceManager()

    class Meta:
        proxy = True
        verbose_name = _("animal identification application")
        verbose_name_plural = _("animal identification applications")

    register = common.register(Role.EXECUTOR, conditions=[PORTAL_ONLY_FOR_EXTRACTS])
    reject_at_portal = common.reject_at_portal()

    @workflow_transition(
        source="registered",
        target="scheduled_per_plan",
        roles=[Role.EXECUTOR],
        label=_("Schedule per the identification plan"),
        form=PlanForm,
        conditions=[common.subcase_in("identify_with_passport")],
        guards=[Guard(_plan_date_not_past)],
    )
    def schedule(self, ctx: TransitionContext) -> None:
        self.details["plan_date"] = ctx.data["plan_date"].isoformat()
        self.details["plan_reference"] = ctx.data.get("plan_reference", "")

    @workflow_transition(
        source="scheduled_per_plan",
        target="identified",
        roles=[Role.EXECUTOR],
        label=_("Identify the animal and fill in the passport"),
        form=IdentificationForm,
        guards=[Guard(_number_is_new)],
    )
    def identify(self, ctx: TransitionContext) -> None:
        self._record_identification(ctx)

    @workflow_transition(
        source="registered",
        target="awaiting_tags",
        roles=[Role.EXECUTOR],
        label=_("Order new ear tags"),
        form=TagLossForm,
        conditions=[common.subcase_in("reidentify_lost_tag")],
    )
    def await_tags(self, ctx: TransitionContext) -> None:
        self.details["tag_condition"] = ctx.data["tag_condition"]

    @workflow_transition(
        source="awaiting_tags",
        target="tags_received",
        roles=[Role.EXECUTOR],
        label=_("Record the receipt of the ear tags"),
        form=TagReceiptForm,
        guards=[Guard(_tags_not_in_future)],
    )
    def receive_tags(self, ctx: TransitionContext) -> None:
        self.details["tags_received_on"] = ctx.data["tags_received_on"].isoformat()

    @workflow_transition(
        source="tags_received",
        target="identified",
        roles=[Role.EXECUTOR],
        label=_("Re-identify with a new individual number"),
        form=IdentificationForm,
        guards=[Guard(_number_is_new)],
    )
    def reidentify(self, ctx: TransitionContext) -> None:
        # The old number is retired: it stays in the filed details, linked to the new one.
        self.details["retired_animal_number"] = self.details.get("animal_number", "")
        self._record_identification(ctx)

    @workflow_transition(
        source="registered",
        target="document_ready",
        roles=[Role.EXECUTOR],
        label=_("Prepare the duplicate or the extract"),
        form=CopyForm,
        conditions=[common.subcase_in(*COPY_KINDS)],
        guards=[Guard(_duplicate_has_original)],
    )
    def prepare_copy(self, ctx: TransitionContext) -> None:
        self.details["prepared_at"] = ctx.now.isoformat()
        for name in ("passport_number", "species"):
            if ctx.data.get(name):
                self.details[name] = ctx.data[name].strip()

    @workflow_transition(
        source=["identified", "document_ready"],
        target="issued",
        roles=[Role.EXECUTOR],
        label=_("Hand over the signed passport, duplicate or extract"),
    )
    def hand_over(self, ctx: TransitionContext) -> None:
        self.details["handed_over_at"] = ctx.now.isoformat()

    refuse = common.refusal(
        "refuse",
        source=["registered", "scheduled_per_plan", "awaiting_tags", "tags_received", "documents_requested"],
        target="refused",
        roles=[Role.EXECUTOR],
        label=_("Refuse with a reasoned answer"),
        head_signs=True,
    )
    request_documents = common.request_documents(source="registered")
    add_documents = common.add_documents(target="registered")
    # Until the animal is identified or the copy prepared (docs/decisions.md).
    withdraw = common.withdraw(
        source=[
            "submitted",
            "registered",
            "documents_requested",
            "scheduled_per_plan",
            "awaiting_tags",
            "tags_received",
        ]
    )

    def _record_identification(self, ctx: TransitionContext) -> None:
        self.result_number = ctx.data["animal_number"].strip()
        self.details["identification_method"] = ctx.data["identification_method"]
        self.details["passport_number"] = ctx.data.get("passport_number", "")
        self.details["identified_at"] = ctx.now.isoformat()
        self.details["sex"] = ctx.data["sex"]
        self.details["birth_date"] = ctx.data["birth_date"].isoformat()
