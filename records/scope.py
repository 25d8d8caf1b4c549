"""Which applications a user may read: the one rule every reader applies (staff lists and record pages, the
JSON API, transitions, the application's files and issued documents, the archivist search).

* the district staff roles (``catalogue.roles.UNIT_DATA_ROLES``) read the applications of the units where
  they hold an active membership in that role (records.units);
* the oblast roles the regulations name (``OBLAST_SERVICE_ROLES``: service 3's oblast inspection, service
  5's attestation commission) read their service in every unit;
* archivists (``ALL_DATA_ROLES``) and superusers read every application;
* the integration account (``portal_system``) reads the services its API token was granted
  (``ApiToken.services``), and nothing without a token;
* an applicant (``applicant``) reads exactly the applications of the applicant their account is linked to
  (``Applicant.user``, the cabinet).

Whoever may not read an application is told it does not exist (404), so that ids do not leak.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet

from catalogue.roles import ALL_DATA_ROLES, OBLAST_SERVICE_ROLES, UNIT_DATA_ROLES, Role, user_roles

from .api_tokens import granted_services
from .applications import Application
from .units import is_member, units_of

# The search documents' access list (search.registry.Record.units_acl): one entry per rule that opens one.
ACL_ALL = "application:all"


def reads_everything(user: Any) -> bool:
    """Active superusers and archivists."""
    superuser = bool(getattr(user, "is_superuser", False) and user.is_active)
    return superuser or bool(user_roles(user) & ALL_DATA_ROLES)


def scoped_services(user: Any) -> frozenset[str]:
    """The services ``user`` reads in every unit: an oblast role's, the integration token's."""
    roles = user_roles(user)
    services = {service for role, own in OBLAST_SERVICE_ROLES.items() if role in roles for service in own}
    if Role.PORTAL in roles:
        services |= granted_services(user)
    return frozenset(services)


def scope_filter(user: Any) -> Q | None:
    """The condition on applications ``user`` may read; None when they read every application."""
    if reads_everything(user):
        return None
    conditions = []
    unit_roles = user_roles(user) & UNIT_DATA_ROLES
    if unit_roles:
        conditions.append(Q(unit__in=units_of(user, *unit_roles).values("pk")))
    services = scoped_services(user)
    if services:
        conditions.append(Q(service__in=sorted(services)))
    if Role.APPLICANT in user_roles(user):
        conditions.append(Q(applicant__user=user))
    return reduce(operator.or_, conditions) if conditions else Q(pk__in=[])


def visible_applications(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    """``queryset`` (default: every application) narrowed to what ``user`` may read."""
    queryset = Application.objects.all() if queryset is None else queryset
    condition = scope_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def can_see(user: Any, app: Application) -> bool:
    """The same rule for one application (at most one query: the membership)."""
    if reads_everything(user) or app.service in scoped_services(user):
        return True
    if owns(user, app):
        return True
    unit_roles = user_roles(user) & UNIT_DATA_ROLES
    return bool(unit_roles) and is_member(user, app.unit_id, *unit_roles)


def owns(user: Any, app: Application) -> bool:
    """``user`` is the applicant's own account (role APPLICANT): the cabinet's one rule."""
    if Role.APPLICANT not in user_roles(user):
        return False
    return app.applicant.user_id == user.pk


def can_see_id(user: Any, record_id: str) -> bool:
    """``can_see`` by id (the rule certificates asks before a staff download of an issued document)."""
    text = str(record_id)
    pk = int(text) if text.isdigit() and len(text) <= 18 else 0  # 0 names no application
    return visible_applications(user).filter(pk=pk).exists()


# -- the archivist search ----------------------------------------------------------------------------------


def application_acl(app: Application) -> list[str]:
    """Who may find the application in search: its unit's staff, its service's oblast role, the archive."""
    return [ACL_ALL, f"application:unit:{app.unit_code}", f"application:service:{app.service}"]


def user_acl(user: Any) -> list[str]:
    """The access-list entries ``user`` holds (the counterpart of ``application_acl``)."""
    if reads_everything(user):
        return [ACL_ALL]
    unit_roles = user_roles(user) & UNIT_DATA_ROLES
    codes = units_of(user, *unit_roles).values_list("code", flat=True) if unit_roles else []
    return [
        *(f"application:unit:{code}" for code in codes),
        *(f"application:service:{service}" for service in sorted(scoped_services(user))),
    ]
