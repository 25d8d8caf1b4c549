"""Admin screens of the act versions and of the amendments and repeals (issue 17).

Editors see every date the importer recorded and correct it; a date the importer inferred keeps its
«inferred» flag until an editor confirms it (unticks the flag) or changes the date, which clears the flag.
Versions are made by the importer only (no add or delete here); relations may be added by hand, e.g. an
amendment the act's text does not mention yet.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.version_models import ActRelation, ActVersion
from portal.versions import invalidate_act_pages


class InferredDatesForm(WagtailAdminModelForm):
    """A date the editor changed is no longer inferred (unless the editor ticks the flag again)."""

    inferred_dates: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.inferred_dates:
            flag = f"{name}_inferred"
            if name in self.changed_data and flag not in self.changed_data:
                data[flag] = False
        return data


class ActVersionForm(InferredDatesForm):
    inferred_dates = ("version_date", "in_force_from", "in_force_to")


class ActRelationForm(InferredDatesForm):
    inferred_dates = ("effective_date",)


class ActVersionViewSet(ModelViewSet):
    model = ActVersion
    icon = "date"
    menu_label = _("Versions of acts")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["act", "number", "version_date", "in_force_from", "in_force_to", "status", "has_inferred"]
    list_filter = ["act", "status", "in_force_from_inferred", "in_force_to_inferred"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("version_date"), FieldPanel("version_date_inferred")]),
            FieldRowPanel([FieldPanel("in_force_from"), FieldPanel("in_force_from_inferred")]),
            FieldRowPanel([FieldPanel("in_force_to"), FieldPanel("in_force_to_inferred")]),
            FieldPanel("status"),
            FieldPanel("note"),
        ],
        base_form_class=ActVersionForm,
    )


class ActRelationViewSet(ModelViewSet):
    model = ActRelation
    icon = "link"
    menu_label = _("Amendments and repeals")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "kind", "source_date", "effective_date", "effective_date_inferred"]
    list_filter = ["kind", "effective_date_inferred"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("source_act"),
            FieldPanel("source_citation"),
            FieldRowPanel([FieldPanel("source_date"), FieldPanel("source_number")]),
            FieldPanel("source_url"),
            FieldPanel("target_act"),
            FieldPanel("target_citation"),
            FieldRowPanel([FieldPanel("target_date"), FieldPanel("target_number")]),
            FieldRowPanel([FieldPanel("effective_date"), FieldPanel("effective_date_inferred")]),
            FieldPanel("clause"),
        ],
        base_form_class=ActRelationForm,
    )


class ActVersionsGroup(ViewSetGroup):
    menu_label = _("Versions of acts")
    menu_icon = "date"
    menu_order = 251
    items = (ActVersionViewSet("act_versions"), ActRelationViewSet("act_relations"))


def _changed(sender, instance, **kwargs) -> None:
    """The act pages show the versions and the repeal: their cached HTML must not outlive an edit."""
    acts = [instance.act_id] if sender is ActVersion else [instance.source_act_id, instance.target_act_id]
    transaction.on_commit(lambda: invalidate_act_pages([pk for pk in acts if pk]))


for _model in (ActVersion, ActRelation):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"act-versions-{_model.__name__}-save")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"act-versions-{_model.__name__}-delete")
