"""The filters of the staff list of applications (django-filter, rendered by Wagtail's filter drawer)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from catalogue import SERVICE_CHOICES
from catalogue.roles import Role

from .. import clock
from ..applications import Application
from ..states import CHANNEL_CHOICES, STATE_CHOICES, TERMINAL_STATES
from .worklists import waiting_filter

DEADLINE_CHOICES = [("overdue", _("Overdue")), ("due_today", _("Due today"))]
STATUS_CHOICES = [("open", _("In progress")), ("closed", _("Closed"))]
WORKLIST_CHOICES = [("mine", _("Waiting for my action"))]


def _executors(request):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.EXECUTOR.value)
        .order_by("last_name", "first_name", "username")
    )


class ExecutorField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ExecutorChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ExecutorField


class ApplicationFilterSet(WagtailFilterSet):
    worklist = django_filters.ChoiceFilter(
        label=_("Worklist"), choices=WORKLIST_CHOICES, method="filter_worklist", empty_label=_("All")
    )
    service = django_filters.ChoiceFilter(label=_("Service"), choices=SERVICE_CHOICES, empty_label=_("All"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=STATE_CHOICES, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=DEADLINE_CHOICES, method="filter_deadline", empty_label=_("All")
    )
    executor = ExecutorChoiceFilter(
        label=_("Responsible executor"), field_name="assigned_executor", queryset=_executors
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=CHANNEL_CHOICES, empty_label=_("All"))
    received = django_filters.DateFromToRangeFilter(
        label=_("Received"), field_name="received_at", widget=DateRangePickerWidget
    )
    due = django_filters.DateFromToRangeFilter(
        label=_("Due"), field_name="due_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_worklist(self, queryset, name, value):
        return queryset.filter(waiting_filter(self.request.user)) if value == "mine" else queryset

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(state__in=TERMINAL_STATES)
        if value == "closed":
            return queryset.filter(state__in=TERMINAL_STATES)
        return queryset

    def filter_deadline(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue(clock.now())
        if value == "due_today":
            return queryset.due_today(clock.now())
        return queryset
