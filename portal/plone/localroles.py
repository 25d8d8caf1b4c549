"""Plone local roles (`export_localroles.json`) → Wagtail page permissions on the imported subtree.

The export lists, per item, `{"uuid", "localroles": {principal: [role, …]}, "block": 1}`.  A Wagtail
page permission belongs to a group and holds for the page and everything under it, as a Plone local role
held for the folder's content.  So:

* a role given to a Plone group becomes the role's Wagtail permissions for the portal group that the
  people table (portal.plone.people, `--map` "groups") maps that Plone group to;
* a role given to one user is reported, never widened into a permission for a whole group;
* Owner is the page's owner already (taken from `creators`); Reader has no Wagtail page permission
  (drafts are read in the admin): both are counted, Reader is reported;
* `block` (inheritance blocked) has no Wagtail equivalent and is reported, as is any principal or role
  with no fitting group, and a local role on a file or image (Wagtail gives those by collection).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from catalogue.roles import ensure_groups
from portal.plone.people import AUTOMATIC, DEFAULT_GROUPS
from portal.plone.postpass import problem, targets

ADMIN = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
# Plone role → Wagtail page permissions (codenames of wagtailcore's Page permissions).
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "Contributor": ("add_page",),
    "Editor": ("add_page", "change_page"),
    "Reviewer": ("change_page", "publish_page"),
    "Site Administrator": ADMIN,
    "Manager": ADMIN,
}
OWNER, READER = "Owner", "Reader"


def apply(entries: list[dict], members: dict, groups: dict[str, str] | None = None) -> dict:
    ensure_groups()
    from wagtail.models import GroupPagePermission

    table = {**DEFAULT_GROUPS, **(groups or {})}
    plone_groups = {str(g.get("groupid")) for g in members.get("groups") or () if isinstance(g, dict)}
    plone_users = {str(m.get("username")) for m in members.get("members") or () if isinstance(m, dict)}
    portal_groups = {group.name: group for group in Group.objects.all()}
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=ADMIN)
    }
    found = targets(str(entry.get("uuid") or "") for entry in entries)
    counts = {"granted": 0, "existing": 0, "owners": 0, "blocked": 0}
    problems: list[dict] = []
    for entry in entries:
        uid = str(entry.get("uuid") or "")
        target = found.get(uid)
        page = target.page if target else None
        roles = entry.get("localroles") or {}
        if entry.get("block"):
            counts["blocked"] += 1
            problems.append(
                problem(
                    uid,
                    "local role inheritance is blocked in Plone: Wagtail permissions "
                    "always hold for the whole subtree, check who may edit here",
                )
            )
        if page is None:
            if roles:
                reason = (
                    "a file or image: Wagtail gives its permissions by collection"
                    if target
                    else "not imported"
                )
                problems.append(problem(uid, reason, localroles=roles))
            continue
        for principal, role_list in roles.items():
            for role in role_list or ():
                if role == OWNER:
                    counts["owners"] += 1
                    continue
                reason = _unfit(principal, role, plone_groups, plone_users, table)
                if reason:
                    problems.append(
                        problem(uid, reason, path=target.old_path, principal=principal, role=role)
                    )
                    continue
                group = portal_groups.get(table[principal])
                for codename in ROLE_PERMISSIONS[role]:
                    _, created = GroupPagePermission.objects.get_or_create(
                        group=group, page_id=page.pk, permission=permissions[codename]
                    )
                    counts["granted" if created else "existing"] += 1
    return {**counts, "problems": problems}


def _unfit(principal: str, role: str, plone_groups: set, plone_users: set, table: dict) -> str:
    """Why the role cannot become a Wagtail permission ("" when it can)."""
    if role == READER:
        return "Reader: Wagtail has no page permission to read (drafts are read in the admin)"
    if role not in ROLE_PERMISSIONS:
        return f"no Wagtail permissions for the Plone role {role!r}"
    if principal in AUTOMATIC:
        return f"{principal!r} is everybody: no portal group fits"
    if principal in plone_users and principal not in plone_groups:
        return "given to one user: Wagtail gives page permissions to groups (grant it by hand if needed)"
    if principal not in table:
        return f"no portal group for {principal!r}"
    return ""
