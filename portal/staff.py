"""Staff set-up for publishing: groups, page permissions and the moderation workflow (idempotent).

Editors may add and change act pages but not publish them; heads may also publish.  Every change an
editor submits goes through the workflow «Нормативтік актіні бекіту», whose one task is approved by a
head.  Revisions, comparison, revert, scheduled publishing and the audit log are Wagtail's own.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from catalogue.roles import Role, ensure_groups
from portal.publishing import ensure_acts_index

WORKFLOW_NAME = "Нормативтік актіні бекіту"
TASK_NAME = "Басшының бекітуі"
PAGE_PERMISSIONS = {
    Role.EDITOR: ("add_page", "change_page"),
    Role.HEAD: ("add_page", "change_page", "publish_page"),
}
# Both may read the import provenance in the admin (portal.wagtail_hooks, read-only).
MODEL_PERMISSIONS = ("wagtailadmin.access_admin", "portal.view_importednode", "portal.view_actimport")
# Both correct the dates of the act versions and the amendments and repeals (portal.version_admin).
MODEL_PERMISSIONS += (
    "portal.view_actversion",
    "portal.change_actversion",
    "portal.view_actrelation",
    "portal.add_actrelation",
    "portal.change_actrelation",
)

MODEL_PERMISSIONS += ("portal.view_ploneprovenance",)  # the Plone items (portal.plone.admin_views)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def setup_portal() -> dict:
    """Groups, permissions on the Acts index and the approval workflow; safe to run any number of times."""
    ensure_groups()
    acts = ensure_acts_index()
    for role, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        for dotted in MODEL_PERMISSIONS:
            group.permissions.add(_permission(dotted))
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=acts,
                permission=_page_permission(codename),
            )
    workflow = ensure_workflow(acts)
    return {"acts_page_id": acts.pk, "workflow_id": workflow.pk}


def ensure_workflow(acts_page) -> Workflow:
    head = Group.objects.get(name=Role.HEAD.value)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([head])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=acts_page, defaults={"workflow": workflow})
    return workflow
