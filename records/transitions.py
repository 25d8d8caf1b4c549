"""How the state machines declare a transition: ``@workflow_transition`` wraps django-fsm's ``@transition``.

Every transition declares
* ``roles``: the permission (django-fsm ``permission``), a ``RolePermission`` listing the Django groups
  allowed; an executor step is further limited to the application's assigned executor;
* ``conditions``: guards on the application itself (django-fsm ``conditions``), each with the message shown
  when it fails: sub-case, channel, documents, licence still active…;
* ``form``: the data the transition needs (a small Django form; missing or malformed data = invalid input);
* ``guards``: guards that also read the submitted data or the clock (``statistics notified at least one day
  before the inspection``, ``re-test six months after a failed test``…);
* ``attachment_required``: the transition must come with a document (the inspection act…).

The transition body receives a ``TransitionContext`` and writes the application's fields; the service layer
(``records.services.perform_transition``) validates, runs the guards, calls the body, sets the deadline,
saves and appends the audit row in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from catalogue.roles import Role, user_roles

if TYPE_CHECKING:  # pragma: no cover
    from .applications import Application


@dataclass(frozen=True)
class TransitionContext:
    """What a transition body gets: who acts, when, with which (validated) data and attachments."""

    user: Any
    now: datetime
    data: Mapping[str, Any] = field(default_factory=dict)
    attachments: tuple[Mapping[str, str], ...] = ()


class RolePermission:
    """django-fsm permission: the user holds one of ``roles``.

    When the only role that qualifies the user is EXECUTOR and the application has an assigned executor,
    the user must be that executor (the head's resolution names who does the work).
    """

    def __init__(self, *roles: Role) -> None:
        if not roles:
            raise ValueError("A transition needs at least one role")
        self.roles = frozenset(roles)

    def __call__(self, instance, user) -> bool:
        held = user_roles(user) & self.roles
        if not held:
            return False
        if held == {Role.EXECUTOR} and not user.is_superuser:
            executor_id = getattr(instance, "assigned_executor_id", None)
            return executor_id is None or executor_id == user.pk
        return True

    def __repr__(self) -> str:
        return f"RolePermission({', '.join(sorted(r.value for r in self.roles))})"


class Condition:
    """A guard on the application alone (usable by django-fsm, which calls it with the instance)."""

    def __init__(self, check: Callable[[Application], bool], message: Promise) -> None:
        self.check = check
        self.message = message

    def __call__(self, instance: Application) -> bool:
        return bool(self.check(instance))


class Guard:
    """A guard that reads the transition's data: returns None when satisfied, else the message to show."""

    def __init__(self, check: Callable[[Application, TransitionContext], Any]) -> None:
        self.check = check

    def failure(self, instance: Application, ctx: TransitionContext) -> Any:
        return self.check(instance, ctx)


class TransitionForm(forms.Form):
    """Base of every transition's data: an optional comment, which the audit row keeps as its reason."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea)

    def __init__(self, *args: Any, application: Application | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application


@dataclass(frozen=True)
class TransitionSpec:
    """One transition of one service, as declared (read by services, the permission matrix and the UI)."""

    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    permission: RolePermission
    form: type[TransitionForm]
    conditions: tuple[Condition, ...]
    guards: tuple[Guard, ...]
    attachment_required: bool

    @property
    def roles(self) -> frozenset[Role]:
        return self.permission.roles


def workflow_transition(
    *,
    source: str | Iterable[str],
    target: str,
    roles: Iterable[Role],
    label: Promise,
    form: type[TransitionForm] = TransitionForm,
    conditions: Iterable[Condition] = (),
    guards: Iterable[Guard] = (),
    attachment_required: bool = False,
) -> Callable:
    """Declare a transition of the application's ``state`` field (see the module docstring)."""
    sources = (source,) if isinstance(source, str) else tuple(source)
    conditions = tuple(conditions)
    custom = {
        "label": label,
        "form": form,
        "guards": tuple(guards),
        "attachment_required": attachment_required,
        "sources": sources,
    }
    return transition(
        field="state",
        source=list(sources),
        target=target,
        permission=RolePermission(*roles),
        conditions=list(conditions),
        custom=custom,
    )


def collect_specs(model_cls: type) -> dict[str, TransitionSpec]:
    """The transitions of a state-machine class, in the order they are written in the class."""
    specs: dict[str, TransitionSpec] = {}
    for klass in reversed(model_cls.__mro__):
        for name, attr in vars(klass).items():
            meta = getattr(attr, "_django_fsm", None)
            if meta is None or not meta.transitions:
                continue
            first = next(iter(meta.transitions.values()))
            custom = first.custom
            specs[name] = TransitionSpec(
                name=name,
                label=custom["label"],
                sources=custom["sources"],
                target=first.target,
                permission=first.permission,
                form=custom["form"],
                conditions=tuple(first.conditions),
                guards=custom["guards"],
                attachment_required=custom["attachment_required"],
            )
    return specs
