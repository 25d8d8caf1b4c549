"""Worklists: the applications waiting for an action of one of the user's roles, and the overdue ones.

Built from the transitions each service declares (``records.services.service_transitions``): an
application is waiting for a user when one of the user's roles may move it on from its state (a refusal
counts only where nothing else can be done: a head may refuse incomplete documents, but the check is the
executor's work); for executor steps only the assigned executor (or anyone, before the head names one) is
meant.  The conditions of a transition on the application itself (its kind, its channel) are not part of the
query, so the list may hold an application whose only step for this user is not possible for its kind; the
record page shows the buttons that are.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from catalogue import SERVICES
from catalogue.roles import Role, user_roles

from .. import clock
from ..applications import Application
from ..scope import visible_applications
from ..services import service_transitions
from .access import STAFF_ROLES

# Transitions that refuse: any role allowed may take them, but they are nobody's work waiting in a list.
REFUSALS = frozenset({"refused", "refused_incomplete", "refusal_drafted", "portal_rejected"})


def _states_for(user) -> dict[str, tuple[set[str], set[str]]]:
    """service -> (states any of the user's roles works on, states where only the executor role does)."""
    roles = user_roles(user) & STAFF_ROLES
    result: dict[str, tuple[set[str], set[str]]] = {}
    for code in SERVICES:
        by_state: dict[str, tuple[set[Role], set[Role]]] = {}  # state -> (roles moving it on, roles refusing)
        for spec in service_transitions(code):
            for state in spec.sources:
                moving, refusing = by_state.setdefault(state, (set(), set()))
                (refusing if spec.target in REFUSALS else moving).update(spec.roles)
        anyone, executor_only = set(), set()
        for state, (moving, refusing) in by_state.items():
            held = roles & (moving or refusing)
            if not held:
                continue
            if held == {Role.EXECUTOR} and not user.is_superuser:
                executor_only.add(state)
            else:
                anyone.add(state)
        if anyone or executor_only:
            result[code] = (anyone, executor_only)
    return result


def waiting_filter(user) -> Q:
    """The condition for "waiting for this user's action"; matches nothing for a user without staff roles."""
    condition = Q(pk__in=[])
    for code, (anyone, executor_only) in _states_for(user).items():
        if anyone:
            condition |= Q(service=code, state__in=sorted(anyone))
        if executor_only:
            mine = Q(assigned_executor=user) | Q(assigned_executor__isnull=True)
            condition |= Q(service=code, state__in=sorted(executor_only)) & mine
    return condition


def waiting_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The applications the user may read (records.scope) that wait for their action."""
    return visible_applications(user, queryset).filter(waiting_filter(user))


def overdue_for(user, now: datetime | None = None) -> QuerySet:
    """Overdue applications: all those a head may read (who supervises), else those waiting for the user."""
    overdue = visible_applications(user, Application.objects.overdue(now or clock.now()))
    if Role.HEAD in user_roles(user):
        return overdue
    return waiting_for(user, overdue)


def is_head(user) -> bool:
    return Role.HEAD in user_roles(user)
