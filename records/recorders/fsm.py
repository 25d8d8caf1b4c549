"""How the recorder state machines declare and run a transition.

``step`` wraps django-fsm's ``@transition``: ``roles`` become its ``permission`` (the role's group plus an
active membership of the record's unit, ``units.is_member``), ``conditions`` are ``Condition`` objects
carrying the message shown when they fail, and ``label`` names the action on screens and in errors.

``run`` performs one transition inside the caller's ``transaction.atomic``: it checks the source state,
the permission and the conditions (each failure a ``RecordsError`` with a translated message), calls the
method, saves the record (django-fsm's ConcurrentTransitionMixin refuses a record another transaction
moved first) and appends the row of the hash-chained audit log (``records.audit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, transition

from catalogue.roles import Role
from records import audit
from records.errors import Conflict, ForbiddenTransition, GuardFailed, PermissionDenied
from records.transitions import Condition

from .units import is_member

__all__ = ["SYSTEM", "Condition", "UnitRolePermission", "allowed", "available", "run", "step"]

# The actor of scheduled jobs (DOMAIN §1.8 "SYSTEM"): the audit log names it with this text.
SYSTEM = "system"


def is_system(user: Any) -> bool:
    return isinstance(user, str) and user == SYSTEM


class UnitRolePermission:
    """django-fsm permission: the user acts for the record's unit in one of ``roles``."""

    def __init__(self, *roles: Role) -> None:
        if not roles:
            raise ValueError("A transition needs at least one role")
        self.roles = frozenset(roles)

    def __call__(self, instance: models.Model, user: Any) -> bool:
        return is_member(user, getattr(instance, "unit_id", None), *self.roles)


def step(
    *,
    source: str | Iterable[str],
    target: str,
    roles: Iterable[Role],
    label: Promise,
    conditions: Iterable[Condition] = (),
    permission: type[UnitRolePermission] | None = None,
):
    """Declare a transition of the record's ``state`` (see the module docstring)."""
    sources = [source] if isinstance(source, str) else list(source)
    return transition(
        field="state",
        source=sources,
        target=target,
        permission=(permission or UnitRolePermission)(*roles),
        conditions=list(conditions),
        custom={"label": label},
    )


def _meta(instance: models.Model, name: str):
    method = getattr(type(instance), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise ForbiddenTransition(_("The action «%(name)s» does not exist."), params={"name": name})
    return meta


def label_of(instance: models.Model, name: str) -> str:
    meta = _meta(instance, name)
    first = next(iter(meta.transitions.values()))
    return str(first.custom.get("label", name))


def allowed(instance: models.Model, name: str, user: Any) -> bool:
    """May ``user`` perform ``name`` on ``instance`` now (state, role and conditions)?"""
    meta = _meta(instance, name)
    found = meta.get_transition(instance.state)
    return bool(
        found is not None
        and found.has_perm(instance, user)
        and all(condition(instance) for condition in found.conditions)
    )


def available(instance: models.Model, names: Iterable[str], user: Any) -> list[str]:
    return [name for name in names if allowed(instance, name, user)]


def check(instance: models.Model, name: str, user: Any) -> None:
    """Raise the error that stops ``user`` from performing ``name`` now, if any (``user=SYSTEM``: the
    scheduled job, which holds no role; state and conditions are still checked)."""
    meta = _meta(instance, name)
    found = meta.get_transition(instance.state)
    if found is None:
        raise ForbiddenTransition(
            _("«%(action)s» is not possible while the record is «%(state)s»."),
            params={"action": label_of(instance, name), "state": instance.get_state_display()},
        )
    if not is_system(user) and not found.has_perm(instance, user):
        raise PermissionDenied()
    for condition in found.conditions:
        if not condition(instance):
            raise GuardFailed(condition.message)


def run(
    instance: models.Model,
    name: str,
    actor: Any,
    /,
    *args: Any,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
    attachments: Iterable[Mapping[str, str]] = (),
    **kwargs: Any,
) -> Any:
    """Perform transition ``name`` as ``actor`` (see the module docstring); ``args`` and ``kwargs`` go to the
    transition method.  Returns what the method returns."""
    check(instance, name, actor)
    from_state = instance.state
    result = getattr(instance, name)(*args, **kwargs)
    try:
        instance.save()
    except ConcurrentTransition as error:
        raise Conflict(_("Someone else changed this record at the same time; nothing was saved.")) from error
    audit.append_transition(
        instance,
        transition=name,
        from_state=from_state,
        to_state=instance.state,
        actor=actor,
        reason=reason,
        attachments=attachments,
        data=data,
    )
    return result


def log_created(instance: models.Model, name: str, user: Any, *, reason: str = "", data=None, attachments=()):
    """The audit row of a record's first state (created by a service, not by a transition)."""
    audit.append_transition(
        instance,
        transition=name,
        from_state="",
        to_state=getattr(instance, "state", "") or "",
        actor=user,
        reason=reason,
        attachments=attachments,
        data=data,
    )


def log_event(instance: models.Model, name: str, user: Any, *, reason: str = "", data=None, attachments=()):
    """An audit row for an action that keeps the state (a note, a correction, a view of a recording)."""
    state = getattr(instance, "state", "") or ""
    audit.append_transition(
        instance,
        transition=name,
        from_state=state,
        to_state=state,
        actor=user,
        reason=reason,
        attachments=attachments,
        data=data,
    )
