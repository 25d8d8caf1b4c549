"""Dashboard panels of the admin home page: the user's worklist and the overdue applications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .. import clock
from .access import is_records_staff
from .worklists import is_head, overdue_for, waiting_for

ROWS = 10


class WorklistPanel(Component):
    template_name = "records/admin/worklist_panel.html"
    name = ""
    order = 50
    heading = ""
    query: dict[str, str] = {}

    def __init__(self, user) -> None:
        self.user = user

    def queryset(self):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        queryset = self.queryset().select_related("applicant")
        now = clock.now()
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "count": queryset.count(),
            "rows": [
                (app, app.deadline_status(now)) for app in queryset.order_by("due_at", "received_at")[:ROWS]
            ],
            "all_url": f"{reverse('records_applications')}?{urlencode(self.query)}",
        }


class WaitingPanel(WorklistPanel):
    name = "records-waiting"
    order = 50
    query = {"worklist": "mine", "status": "open"}

    def __init__(self, user) -> None:
        super().__init__(user)
        # A head's worklist is made of resolutions (assign, decide, sign); others' of their steps.
        self.heading = _("Waiting for my resolution") if is_head(user) else _("Waiting for my action")

    def queryset(self):
        return waiting_for(self.user)


class OverduePanel(WorklistPanel):
    name = "records-overdue"
    order = 60
    heading = _("Overdue")

    def __init__(self, user) -> None:
        super().__init__(user)
        self.query = {"deadline": "overdue"} if is_head(user) else {"deadline": "overdue", "worklist": "mine"}

    def queryset(self):
        return overdue_for(self.user, clock.now())


def homepage_panels(request, panels: list) -> None:
    """The ``construct_homepage_panels`` hook: staff get their worklists at the top of the dashboard."""
    if is_records_staff(request.user):
        panels[:0] = [WaitingPanel(request.user), OverduePanel(request.user)]
