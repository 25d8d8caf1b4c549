"""Archive search in the Wagtail admin menu, for the roles that may search records (search.access)."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import scope_for


class ArchiveSearchMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return scope_for(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_archive_search_menu_item():
    # A lazy URL: the menu is built once per process, the language prefix comes from each request.
    return ArchiveSearchMenuItem(
        _("Archive search"),
        reverse_lazy("search:archive"),
        name="archive-search",
        icon_name="search",
        order=160,
    )
