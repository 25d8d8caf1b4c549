"""Transitions, forms and conditions that several services share (registration, resolution, refusals,
portal-intake refusals, hand-over).  Each factory returns a new decorated function, so that every service
declares its own transition with its own roles and sources."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from .. import document_requests
from ..rows import fetch_one
from ..staff_profiles import display_name
from ..states import PORTAL, PORTAL_REFUSAL_CHOICES
from ..transitions import Condition, TransitionContext, TransitionForm, workflow_transition

# -- forms ------------------------------------------------------------------------------------------------


class RoleMemberChoiceField(forms.ModelChoiceField):
    """An active user of ``role``'s group.  Validation reads the user with plain SQL (records.rows): the ORM
    query through the group join cost more than the rest of the transition."""

    role = Role.EXECUTOR

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pk = int(value.pk if hasattr(value, "pk") else value)
        except (TypeError, ValueError):
            pk = None
        user = _active_member(pk, self.role) if pk is not None else None
        if user is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return user


class ExecutorChoiceField(RoleMemberChoiceField):
    role = Role.EXECUTOR


class HeadChoiceField(RoleMemberChoiceField):
    role = Role.HEAD


def _active_member(user_id: int, role: Role):
    user_model = get_user_model()
    through = user_model.groups.through._meta
    group_table = user_model.groups.field.related_model._meta.db_table
    pk = user_model._meta.pk.column
    member = (
        f"WHERE {pk} = %s AND is_active = %s AND {pk} IN (SELECT m.{through.get_field('user').column} "
        f"FROM {through.db_table} m JOIN {group_table} g ON g.id = m.{through.get_field('group').column} "
        f"WHERE g.name = %s)"
    )
    return fetch_one(user_model, member, [user_id, True, role.value])


class AssignForm(TransitionForm):
    executor = ExecutorChoiceField(label=_("Responsible executor"), queryset=None)  # set per form
    resolution_text = forms.CharField(label=_("Resolution"), max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["executor"].queryset = _members(Role.EXECUTOR)


@functools.cache
def _members(role: Role):
    """Active users in the role's group (built once; each form clones it, unevaluated)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=role.value)
        .order_by("last_name", "first_name", "username")
    )


class ChecklistForm(TransitionForm):
    documents_complete = forms.BooleanField(
        label=_("Every document listed in point 9 of the service standard is present"), required=True
    )


class RefusalForm(TransitionForm):
    reason = forms.CharField(label=_("Reason for the refusal"), max_length=4000, widget=forms.Textarea)
    ground = forms.CharField(
        label=_("Ground (point 10 of the service standard)"), max_length=60, required=False
    )


class GroundedRefusalForm(RefusalForm):
    """A refusal on the merits: the reasoned refusal document prints its ground, so it must be given."""

    ground = forms.CharField(label=_("Ground (point 10 of the service standard)"), max_length=60)


class HeadSignedRefusalForm(GroundedRefusalForm):
    """Services whose executor does every step (2 and 4): the refusal names the head who signs it."""

    refusal_signed_by = HeadChoiceField(label=_("Head who signs the refusal"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refusal_signed_by"].queryset = _members(Role.HEAD)


def portal_refusal_form(codes: Iterable[str]) -> type[TransitionForm]:
    allowed = [(code, label) for code, label in PORTAL_REFUSAL_CHOICES if code in set(codes)]

    class PortalRefusalForm(TransitionForm):
        message = forms.ChoiceField(label=_("Refusal message"), choices=allowed)

    return PortalRefusalForm


# -- conditions -------------------------------------------------------------------------------------------

IS_PORTAL = Condition(
    lambda app: app.channel == PORTAL, _("Only for applications received through the portal.")
)
HAS_DOCUMENTS = Condition(lambda app: bool(app.documents), _("No documents are attached to the application."))


def subcase_in(*subcases: str) -> Condition:
    return Condition(
        lambda app: app.subcase in subcases, _("This action is not part of this kind of application.")
    )


# -- bodies -----------------------------------------------------------------------------------------------


# The ground of a refusal for an incomplete document set, when none is typed: point 9 of the standard.
INCOMPLETE_GROUND = "p9"


def refuse_with_reason(app, ctx: TransitionContext, *, default_ground: str = "") -> None:
    app.refusal_reason = ctx.data["reason"]
    app.refusal_ground = ctx.data.get("ground", "") or default_ground
    signer = ctx.data.get("refusal_signed_by")
    if signer is not None:  # kept by name: the printed refusal names the head as they were then
        app.details["refusal_signed_by"] = display_name(signer)
        app.details["refusal_signer_id"] = signer.pk  # whose staff profile the refusal prints (issue 16)


# -- transitions ------------------------------------------------------------------------------------------


def register(*roles: Role, conditions: Iterable[Condition] = ()):
    """submitted → registered: the documents are accepted and the registration mark put (receipt)."""
    executor_registers = Role.EXECUTOR in roles

    @workflow_transition(
        source="submitted", target="registered", roles=roles, label=_("Register"), conditions=conditions
    )
    def register(self, ctx: TransitionContext) -> None:
        self.registered_at, self.registered_by = ctx.now, ctx.user
        if executor_registers:  # services 2 and 4: the executor who registers also does the work
            self.assigned_executor = ctx.user

    return register


def reject_at_portal(codes: Iterable[str] = ("auth_refused", "signature_refused", "data_violation_refused")):
    """submitted → portal_rejected: a refusal message of the portal intake (DOMAIN §3.2)."""

    @workflow_transition(
        source="submitted",
        target="portal_rejected",
        roles=[Role.PORTAL],
        label=_("Refuse at portal intake"),
        form=portal_refusal_form(codes),
        conditions=[IS_PORTAL],
    )
    def reject_at_portal(self, ctx: TransitionContext) -> None:
        self.portal_refusal = ctx.data["message"]

    return reject_at_portal


def assign(*, source: str = "registered", target: str = "assigned"):
    """The head reviews the incoming documents, names the responsible executor and writes the resolution."""

    @workflow_transition(
        source=source, target=target, roles=[Role.HEAD], label=_("Assign an executor"), form=AssignForm
    )
    def assign(self, ctx: TransitionContext) -> None:
        self.assigned_executor = ctx.data["executor"]
        self.resolution_text = ctx.data["resolution_text"]

    return assign


def confirm_complete(
    name: str = "confirm_complete",
    *,
    source: str = "assigned",
    target: str = "complete",
    label=None,
    conditions: Iterable[Condition] = (),
    form: type[TransitionForm] = ChecklistForm,
):
    """The executor checks the documents against point 9 of the standard (a checklist)."""

    def confirm_complete(self, ctx: TransitionContext) -> None:
        self.details["documents_checked_at"] = ctx.now.isoformat()

    return workflow_transition(
        source=source,
        target=target,
        roles=[Role.EXECUTOR],
        label=label or _("Confirm the documents are complete"),
        form=form,
        conditions=[HAS_DOCUMENTS, *conditions],
    )(named(name, confirm_complete))


def refusal(
    name: str,
    *,
    source: str | Iterable[str],
    target: str,
    roles: Iterable[Role],
    label,
    conditions: Iterable[Condition] = (),
    incomplete: bool = False,
    head_signs: bool = False,
):
    """A reasoned refusal (the written refusal document is produced from the stored reason and ground).

    ``incomplete``: the refusal for an incomplete document set, whose ground is point 9 unless typed; any
    other refusal must give its ground.  ``head_signs``: the form names the head who signs the refusal
    (services where no head takes part in the procedure).
    """
    default_ground = INCOMPLETE_GROUND if incomplete else ""
    form = HeadSignedRefusalForm if head_signs else RefusalForm if incomplete else GroundedRefusalForm

    def refuse(self, ctx: TransitionContext) -> None:
        refuse_with_reason(self, ctx, default_ground=default_ground)

    return workflow_transition(
        source=source, target=target, roles=roles, label=label, form=form, conditions=conditions
    )(named(name, refuse))


def named(name: str, function):
    """Give a factory-made transition body its transition's name (django-fsm reports it by name)."""
    function.__name__ = function.__qualname__ = name
    return function


# -- the applicant's cabinet ([proposal], docs/decisions.md: document requests and withdrawal) -------------


def request_documents(*, source: str, roles: Iterable[Role] = (Role.EXECUTOR,)):
    """The completeness check's state → documents_requested: staff say what is missing; the clock stops."""

    @workflow_transition(
        source=source,
        target="documents_requested",
        roles=roles,
        label=_("Request documents from the applicant"),
        form=document_requests.DocumentRequestForm,
        conditions=[document_requests.FIRST_REQUEST, document_requests.HAS_CABINET],
    )
    def request_documents(self, ctx: TransitionContext) -> None:
        document_requests.open_request(self, ctx)

    return request_documents


def add_documents(*, target: str):
    """documents_requested → back to the completeness check (``target``, the request's source): the owner
    adds the documents in the cabinet; the clock resumes with the paused working time added."""

    @workflow_transition(
        source="documents_requested",
        target=target,
        roles=[Role.APPLICANT],
        label=_("Add the requested documents"),
        attachment_required=True,
    )
    def add_documents(self, ctx: TransitionContext) -> None:
        document_requests.resume_clock(self, ctx)

    return add_documents


def withdraw(*, source: Iterable[str]):
    """The owner withdraws the application, only before the service's result is prepared (``source``)."""

    @workflow_transition(
        source=source,
        target="withdrawn",
        roles=[Role.APPLICANT],
        label=_("Withdraw the application"),
        form=document_requests.WithdrawalForm,
    )
    def withdraw(self, ctx: TransitionContext) -> None:
        document_requests.withdraw(self, ctx)

    return withdraw
