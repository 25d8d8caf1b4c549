"""Admin screens for the import provenance: read-only lists where editors audit every repair."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import portal.xref_admin  # noqa: F401  (Reports → Cross-references to review)
from portal import user_deletion  # noqa: F401  (registers the hooks that refuse deleting an author)
from portal.models import ActImport, ImportedNode
from portal.plone import admin_hooks  # noqa: F401  (the Plone history entries of the page history)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Provenance is written by the importer only: staff may look (with the view permission), never edit."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        readable = [a for a in actions if a not in self.WRITE_ACTIONS]
        return super().users_with_any_permission(readable)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


for _model in (ImportedNode, ActImport):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model), exact_class=True)


class ImportedNodeIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("act")


class ImportedNodeViewSet(ModelViewSet):
    model = ImportedNode
    index_view_class = ImportedNodeIndexView
    icon = "history"
    menu_label = _("Imported text")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []  # the add/edit views exist but the policy refuses them
    list_display = [
        "anchor",
        "act_code",
        "kind",
        "number",
        "text_preview",
        "repair_rules",
        "first_line",
        "needs_review",
    ]
    list_filter = ["act", "kind", "needs_review"]
    search_fields = ["anchor", "repaired_text", "raw_text"]
    inspect_view_fields = [
        "act",
        "act_import",
        "anchor",
        "kind",
        "number",
        "first_line",
        "last_line",
        "needs_review",
        "raw_text",
        "repaired_text",
        "repairs",
    ]
    list_per_page = 50


class ActImportViewSet(ModelViewSet):
    model = ActImport
    icon = "download"
    menu_label = _("Imports")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []  # the add/edit views exist but the policy refuses them
    list_display = ["source_name", "act", "imported_at", "imported_by", "draft"]
    list_filter = ["draft", "act"]
    inspect_view_fields = [
        "source_name",
        "source_sha256",
        "act",
        "imported_at",
        "imported_by",
        "draft",
        "counts",
    ]


class ImportAuditGroup(ViewSetGroup):
    menu_label = _("Import audit")
    menu_icon = "history"
    menu_order = 250
    items = (ActImportViewSet("act_imports"), ImportedNodeViewSet("imported_nodes"))


@hooks.register("register_admin_viewset")
def register_import_audit():
    return ImportAuditGroup()


@hooks.register("register_admin_viewset")
def register_act_versions():
    from portal.version_admin import ActVersionsGroup  # issue 17: versions, amendments and repeals

    return ActVersionsGroup()


from portal.plone import admin_views  # noqa: E402, F401  (the read-only list of Plone items)
