"""The Plone items in the admin: a read-only list of PloneProvenance (imported by portal.wagtail_hooks).

Only the importer writes provenance: the permission policy refuses add, change and delete to everyone
(superusers too), so staff with `portal.view_ploneprovenance` look, filter by type and state, and follow
the link to what each item became.
"""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from portal.plone.models import PloneProvenance
from portal.wagtail_hooks import ReadOnlyPermissionPolicy

register_permission_policy(PloneProvenance, ReadOnlyPermissionPolicy(PloneProvenance), exact_class=True)


def _choices(field: str):
    def choices():
        values = PloneProvenance.objects.order_by(field).values_list(field, flat=True).distinct()
        return [(value, value) for value in values if value]

    return choices


class PloneProvenanceFilterSet(WagtailFilterSet):
    portal_type = django_filters.ChoiceFilter(label=_("Plone type"), choices=_choices("portal_type"))
    review_state = django_filters.ChoiceFilter(
        label=_("Plone review state"), choices=_choices("review_state")
    )

    class Meta:
        model = PloneProvenance
        fields = ["portal_type", "review_state"]


def target_link(row: PloneProvenance) -> str:
    """A link to the admin page of what the item became (its edit view)."""
    model = row.target_type.model_class() if row.target_type_id else None
    if model is None or row.target_id is None:
        return ""
    if issubclass(model, Page):
        url, label = reverse("wagtailadmin_pages:edit", args=[row.target_id]), _("Page %(id)s")
    elif issubclass(model, get_document_model()):
        url, label = reverse("wagtaildocs:edit", args=[row.target_id]), _("Document %(id)s")
    elif issubclass(model, get_image_model()):
        url, label = reverse("wagtailimages:edit", args=[row.target_id]), _("Image %(id)s")
    else:
        return str(row.target_id)
    return format_html('<a href="{}">{}</a>', url, label % {"id": row.target_id})


class PloneProvenanceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("target_type")


class PloneProvenanceViewSet(ModelViewSet):
    model = PloneProvenance
    index_view_class = PloneProvenanceIndexView
    icon = "folder-inverse"
    menu_label = _("Plone items")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []  # the add/edit views exist but the policy refuses them
    filterset_class = PloneProvenanceFilterSet
    list_display = [
        "uid",
        "old_path",
        "portal_type",
        "review_state",
        Column("target", label=_("Imported as"), accessor=target_link),
        "updated_at",
    ]
    search_fields = ["uid", "old_path"]
    search_backend_name = None  # the database: provenance is not in the search index
    list_per_page = 50
    inspect_view_fields = [
        "uid",
        "old_path",
        "portal_type",
        "review_state",
        "language",
        "target_type",
        "target_id",
        "item_sha256",
        "blob_sha256",
        "created",
        "modified",
        "effective",
        "links_pending",
        "imported_at",
        "updated_at",
    ]


@hooks.register("register_admin_viewset")
def register_plone_items():
    return PloneProvenanceViewSet("plone_items")
