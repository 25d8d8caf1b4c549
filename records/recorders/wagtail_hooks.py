"""The recorders section of the Wagtail admin: its URLs and a menu whose items each role sees."""

from __future__ import annotations

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from catalogue.roles import STORAGE_ROLES, UNIT_ROLES, Role

from . import urls
from .units import units_of

RP, HEAD, INSP, OFFICE = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR, Role.OFFICE


@hooks.register("register_admin_urls")
def register_urls():
    return [path("recorders/", include(urls, namespace="recorders"))]


class RoleMenuItem(MenuItem):
    """Shown to users who act in one of ``roles`` for some unit."""

    def __init__(self, label, url_name, *, roles, icon_name="media", order=1000):
        super().__init__(label, reverse_lazy(url_name), icon_name=icon_name, order=order)
        self.roles = roles

    def is_shown(self, request):
        return units_of(request.user, *self.roles).exists()


_ITEMS = [
    (_("Accounting journal"), "recorders:journal", STORAGE_ROLES, "list-ul"),
    (_("Issue a recorder"), "recorders:issue", (RP,), "plus"),
    (_("Worklist"), "recorders:worklist", STORAGE_ROLES, "warning"),
    (_("My recorder"), "recorders:my_recorder", (INSP,), "user"),
    (_("Recorders and memory cards"), "recorders:inventory", STORAGE_ROLES, "cogs"),
    (_("Journal books"), "recorders:books", (RP, HEAD, OFFICE), "doc-full"),
    (_("Stored recordings"), "recorders:storage", STORAGE_ROLES, "media"),
    (_("Disposal list"), "recorders:disposal", STORAGE_ROLES, "bin"),
    (_("Release requests"), "recorders:releases", (RP, HEAD, INSP), "download"),
]


class RecordersSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return units_of(request.user, *UNIT_ROLES).exists()


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        RoleMenuItem(label, url_name, roles=roles, icon_name=icon, order=order)
        for order, (label, url_name, roles, icon) in enumerate(_ITEMS, start=1)
    ]
    return RecordersSubmenu(_("Body-camera recorders"), Menu(items=items), icon_name="media", order=240)
