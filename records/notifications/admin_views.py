"""The delivery log in the Wagtail admin: every notification of the applications the user may read, filtered
by status and channel; read-only.  Office clerks, heads and responsible executors (and superusers) see it;
applicants never enter the admin."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic.base import BaseListingView

from catalogue.roles import Role, user_roles

from ..applications import Application
from ..scope import visible_applications
from ..states import STATE_LABELS
from . import delivery
from .models import CHANNEL_CHOICES, SENT, STATUS_CHOICES, Notification

LOG_ROLES = frozenset({Role.OFFICE, Role.HEAD, Role.EXECUTOR})


def can_read_log(user) -> bool:
    """Office clerks, heads and executors (superusers hold every role)."""
    return bool(user_roles(user) & LOG_ROLES)


def visible_notifications(user) -> QuerySet[Notification]:
    """The notifications of the applications ``user`` may read (records.scope)."""
    if not can_read_log(user):
        return Notification.objects.none()
    applications = visible_applications(user, Application.objects.all())
    return Notification.objects.filter(application__in=applications.values("pk"))


class NotificationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=CHANNEL_CHOICES)

    class Meta:
        model = Notification
        fields = ["status", "channel"]


def _application_url(row: Notification) -> str:
    return reverse("records_application", args=[row.application_id])


class NotificationLogView(BaseListingView):
    model = Notification
    index_url_name = "records_notifications"
    index_results_url_name = "records_notifications_results"
    filterset_class = NotificationFilterSet
    default_ordering = "-created_at"
    paginate_by = 50
    page_title = _("Notifications to applicants")
    header_icon = "mail"
    verbose_name = _("notification")
    verbose_name_plural = _("notifications")
    columns = [
        DateColumn("created_at", label=_("Queued"), sort_key="created_at"),
        Column(
            "application",
            label=_("Application"),
            accessor=lambda row: row.application.registration_no,
        ),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column("recipient", label=_("Recipient")),
        Column("to_state", label=_("State told"), accessor=lambda row: STATE_LABELS.get(row.to_state, "")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda row: row.status != SENT,
        ),
        Column("attempts", label=_("Attempts")),
        Column("last_error", label=_("Last error")),
        DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
    ]

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not can_read_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return visible_notifications(self.request.user).select_related("application")


def notifications_of(user, app: Application) -> list[Notification]:
    """The notifications of one application for its staff page (none for a user who may not read the log)."""
    return list(visible_notifications(user).filter(application=app).order_by("created_at", "id"))


@require_POST
def retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff's «Send again» for a failed or given-up notification of an application they may read."""
    row = get_object_or_404(visible_notifications(request.user), pk=pk)
    if delivery.retry(row.pk):
        messages.success(request, gettext("The notification will be sent again."))
    return redirect(_application_url(row))
