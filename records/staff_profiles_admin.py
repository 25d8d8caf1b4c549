"""Staff profiles in the Wagtail admin (Settings → Staff profiles), imported by records/wagtail_hooks.py.

Administrators (superusers, or whoever holds the records.*_staffprofile permissions) add and edit them; the
model permission policy hides the menu item from everyone else.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .staff_profiles import StaffProfile


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Staff profiles")
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["user", "full_name_kk", "full_name_ru", "position_kk", "position_ru"]
    list_display = ["full_name_kk", "full_name_ru", "position_kk", "user", "updated_at"]
    search_fields = ["full_name_kk", "full_name_ru", "position_kk", "position_ru", "user__username"]


@hooks.register("register_admin_viewset")
def register_staff_profiles():
    return StaffProfileViewSet("staff_profiles")
