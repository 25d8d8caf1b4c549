"""The one place where roles are defined.  A role is a Django group; its code is stable, its name is
translated for display.  Permissions per transition live with the state machines that use them."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    APPLICANT = "applicant"
    OFFICE = "office_clerk"  # кеңсе / кеңсе маманы
    HEAD = "head"  # басшы / басшылық
    EXECUTOR = "executor"  # жауапты орындаушы
    STATE_VET_DOCTOR = "state_vet_doctor"  # мемлекеттік ветеринариялық дәрігер
    OBLAST_INSPECTION = "oblast_inspection"  # облыстық инспекция бөлімі (service 3)
    COMMISSION = "attestation_commission"  # аттестаттау комиссиясы (service 5)
    ARCHIVIST = "archivist"
    EDITOR = "editor"  # edits and submits regulation pages
    RESPONSIBLE_PERSON = "responsible_person"  # жауапты адам (act 000)
    INSPECTOR = "inspector"  # мемлекеттік ветеринариялық-санитариялық инспектор (act 000)
    PORTAL = "portal_system"  # the e-government portal / IS integration account (portal intake messages)


ROLE_LABELS = {
    Role.APPLICANT: _("Applicant"),
    Role.OFFICE: _("Office clerk"),
    Role.HEAD: _("Head"),
    Role.EXECUTOR: _("Responsible executor"),
    Role.STATE_VET_DOCTOR: _("State veterinary doctor"),
    Role.OBLAST_INSPECTION: _("Oblast inspection"),
    Role.COMMISSION: _("Attestation commission"),
    Role.ARCHIVIST: _("Archivist"),
    Role.EDITOR: _("Editor"),
    Role.RESPONSIBLE_PERSON: _("Responsible person"),
    Role.INSPECTOR: _("Inspector"),
    Role.PORTAL: _("Portal (system)"),
}

# The role sets more than one app needs, each defined here only.

# The roles that act in the services' procedures (act 003), in the order the regulations name them: every
# step's actor is one of them.
SERVICE_ROLES = (
    Role.OFFICE,
    Role.HEAD,
    Role.EXECUTOR,
    Role.STATE_VET_DOCTOR,
    Role.OBLAST_INSPECTION,
    Role.COMMISSION,
)
# Staff who handle applications, licences and issued documents, and the archivists who keep them: they work in
# the admin and search those records (the portal account and applicants do not log in there).
STAFF_ROLES = frozenset({*SERVICE_ROLES, Role.ARCHIVIST})
# Who files an application through each channel (act 003): at the office the clerk or, for services 2 and 4,
# the executor; through the portal only its integration account.
FILING_ROLES: dict[str, frozenset[Role]] = {
    "office": frozenset({Role.OFFICE, Role.EXECUTOR}),
    "portal": frozenset({Role.PORTAL}),
}
# The roles a member of a territorial unit holds there (act 000); the office registers the journal book
# (point 10).  A tuple: its order is the order of the membership form's choices.
UNIT_ROLES = (Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR, Role.OFFICE)
# Every role held in a territorial unit (a membership, records.units.UnitMembership): the staff who handle the
# applications of the unit and the recorder journal's roles.  A tuple: the order of the membership choices.
MEMBERSHIP_ROLES = (
    Role.OFFICE,
    Role.HEAD,
    Role.EXECUTOR,
    Role.STATE_VET_DOCTOR,
    Role.RESPONSIBLE_PERSON,
    Role.INSPECTOR,
)
# Data scope of the applications (records.scope).  The district staff read the applications of the units
# where they hold an active membership; the oblast roles the regulations name read their service in every
# unit (service 3's oblast inspection, service 5's attestation commission); archivists read every
# application (they change none).  Superusers read everything; the integration account reads the services
# its API token was granted.
UNIT_DATA_ROLES = frozenset({Role.OFFICE, Role.HEAD, Role.EXECUTOR, Role.STATE_VET_DOCTOR})
OBLAST_SERVICE_ROLES: dict[Role, frozenset[str]] = {
    Role.OBLAST_INSPECTION: frozenset({"registration_number"}),
    Role.COMMISSION: frozenset({"attestation"}),
}
ALL_DATA_ROLES = frozenset({Role.ARCHIVIST})
# Who keeps a unit's recordings and its journal (act 000, point 6): the responsible person and the head.
STORAGE_ROLES = frozenset({Role.RESPONSIBLE_PERSON, Role.HEAD})
# Who reads a unit's journal (act 000): its keepers, and the archivists who keep it after.
JOURNAL_ROLES = STORAGE_ROLES | {Role.ARCHIVIST}


def user_roles(user) -> frozenset[Role]:
    """Every role of an active user, read once per user object (transitions ask several times).

    Superusers hold every role.  The set is cached on the object: a role granted later is seen by the next
    request (a fresh user object), not by this one.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_records_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Role)
        else:
            names = set(user.groups.values_list("name", flat=True))
            cached = frozenset(role for role in Role if role.value in names)
        user._records_roles = cached
    return cached


def ensure_groups() -> None:
    """Create the group of every role (idempotent)."""
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.value)
