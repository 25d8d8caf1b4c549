"""Plone members and groups (`export_members.json`) → portal users and role groups.

Password hashes from the export are never trusted: every new user gets an unusable password and signs in
after a reset.  Plone groups and roles reach portal groups through a table; only the editor role is given
by default: publishing (head) and administration are decisions for a person, so Manager and Site
Administrator are reported instead of mapped (a --map "groups"/"roles" entry can map them on purpose).
Nobody becomes staff or superuser through the import.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalogue.roles import Role, ensure_groups

DEFAULT_GROUPS = {
    "Editors": Role.EDITOR.value,
    "Contributors": Role.EDITOR.value,
    "Reviewers": Role.EDITOR.value,
}
DEFAULT_ROLES = {"Editor": Role.EDITOR.value, "Contributor": Role.EDITOR.value, "Reviewer": Role.EDITOR.value}
# Plone's automatic groups and roles: every member has them, they say nothing about the person.
AUTOMATIC = {"AuthenticatedUsers", "Authenticated", "Member", "Anonymous", "Owner"}
NAME_MAX = 150


def _portal_groups(names, table: dict[str, str], unmapped: set[str]) -> set[str]:
    found = set()
    for name in names or ():
        if name in AUTOMATIC:
            continue
        if name in table:
            found.add(table[name])
        else:
            unmapped.add(name)
    return found


def import_members(data: dict, groups: dict | None = None, roles: dict | None = None) -> dict:
    """Create the missing users (existing ones only gain groups); returns counts and what was not mapped."""
    group_table, role_table = {**DEFAULT_GROUPS, **(groups or {})}, {**DEFAULT_ROLES, **(roles or {})}
    ensure_groups()
    unmapped_groups: set[str] = set()
    unmapped_roles: set[str] = set()
    group_roles: dict[str, set[str]] = {}
    for group in data.get("groups") or ():
        gid = str(group.get("groupid") or "")
        group_roles[gid] = _portal_groups([gid], group_table, set()) | _portal_groups(
            group.get("roles"), role_table, unmapped_roles
        )
        if not group_roles[gid]:
            unmapped_groups.add(gid)
    created = updated = 0
    user_model = get_user_model()
    for member in data.get("members") or ():
        username = str(member.get("username") or "").strip()[:NAME_MAX]
        if not username:
            continue
        targets = _portal_groups(member.get("roles"), role_table, unmapped_roles)
        for gid in member.get("groups") or ():
            targets |= group_roles.get(gid) or _portal_groups([gid], group_table, unmapped_groups)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            first, _, last = str(member.get("fullname") or "").strip().partition(" ")
            user = user_model(username=username, email=str(member.get("email") or ""))
            user.first_name, user.last_name = first[:NAME_MAX], last[:NAME_MAX]
            user.set_unusable_password()  # the exported hash is not trusted
            user.save()
            created += 1
        else:
            updated += 1
        if targets:
            user.groups.add(*Group.objects.filter(name__in=targets))
    return {
        "created": created,
        "existing": updated,
        "unmapped_groups": sorted(unmapped_groups - AUTOMATIC),
        "unmapped_roles": sorted(unmapped_roles - AUTOMATIC),
    }
