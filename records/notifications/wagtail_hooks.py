"""The delivery log's admin URL and menu item (imported by records/wagtail_hooks.py)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import NotificationLogView, can_read_log, retry_view


class NotificationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_read_log(request.user)


@hooks.register("register_admin_urls")
def register_notification_urls():
    return [
        path("records/notifications/", NotificationLogView.as_view(), name="records_notifications"),
        path(
            "records/notifications/results/",
            NotificationLogView.as_view(results_only=True),
            name="records_notifications_results",
        ),
        path("records/notifications/<int:pk>/retry/", retry_view, name="records_notification_retry"),
    ]


@hooks.register("register_admin_menu_item")
def register_notification_menu_item():
    return NotificationMenuItem(
        _("Notifications"),
        reverse("records_notifications"),
        name="records-notifications",
        icon_name="mail",
        order=155,
    )
