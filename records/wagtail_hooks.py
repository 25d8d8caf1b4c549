"""The records app in the Wagtail admin: the "Applications" menu item, its URLs, the dashboard worklists."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .staff import panels
from .staff.access import is_records_staff
from .staff.views import ApplicationDocumentView, ApplicationListView, ApplicationView


class StaffMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_records_staff(request.user)


@hooks.register("register_admin_urls")
def register_records_urls():
    return [
        path("records/applications/", ApplicationListView.as_view(), name="records_applications"),
        path(
            "records/applications/results/",
            ApplicationListView.as_view(results_only=True),
            name="records_applications_results",
        ),
        path("records/applications/<int:pk>/", ApplicationView.as_view(), name="records_application"),
        path(
            "records/applications/<int:pk>/do/<slug:name>/",
            ApplicationView.as_view(),
            name="records_application_transition",
        ),
        path(
            "records/applications/<int:pk>/documents/<int:index>/",
            ApplicationDocumentView.as_view(),
            name="records_application_document",
        ),
        path(
            "records/applications/<int:pk>/documents/<int:index>/view/",
            ApplicationDocumentView.as_view(inline=True),
            name="records_application_document_inline",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_records_menu_item():
    return StaffMenuItem(
        _("Applications"),
        reverse("records_applications"),
        name="records-applications",
        icon_name="folder-open-inverse",
        order=150,
    )


hooks.register("construct_homepage_panels", panels.homepage_panels)

from . import staff_profiles_admin as _staff_profile_hooks  # noqa: E402, F401  (Settings → Staff profiles)
from .notifications import wagtail_hooks as _notification_hooks  # noqa: E402, F401  (the delivery log)
