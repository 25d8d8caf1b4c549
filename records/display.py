"""What the staff pages, the public tracker and the JSON API show about an application, computed once here:
the kind's label, the running step with its limit and the link to the regulation point, the details with
their labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.procedure import regulation_point_url

from .applications import Application
from .services import FieldInfo, describe_transition, filing_fields, service_kinds, service_transitions


@dataclass(frozen=True)
class CurrentStep:
    code: str
    action: str  # the act's words (Kazakh)
    actor_label: str  # the act's words (Kazakh)
    limit_text: str  # as printed in the act
    point_anchor: str
    regulation_url: str  # the regulation page at the point, "" when the page is not published


def kind_label(app: Application) -> str:
    """The label of the application's kind; "" for a service without kinds."""
    if not app.subcase:
        return ""
    return dict(service_kinds(app.service)).get(app.subcase, app.subcase)


# The regulation page's address is looked up at most this often per service and language (the tracker shows
# it on every answer; a page moved by an editor is linked at its new address within this time).
PAGE_URL_SECONDS = 300


class RegulationLinks:
    """Links to the points of one service's regulation page; the page is looked up once, when first needed."""

    def __init__(self, service_code: str) -> None:
        self.service_code = service_code
        self._page_url: str | None = None

    def point(self, anchor: str) -> str:
        """The page at ``anchor``; "" without an anchor or a published page."""
        if not anchor:
            return ""
        if self._page_url is None:
            key = f"records:regulation-url:{self.service_code}:{get_language()}"
            self._page_url = cache.get(key) or regulation_point_url(self.service_code)
            if self._page_url:  # not "no page yet": the first publication shows at once
                cache.set(key, self._page_url, PAGE_URL_SECONDS)
        return f"{self._page_url}#{anchor}" if self._page_url else ""


def current_step(app: Application, links: RegulationLinks | None = None) -> CurrentStep | None:
    """The step whose limit is running now (None in a terminal or untimed state)."""
    step = app.running_step()
    if step is None:
        return None
    links = links or RegulationLinks(app.service)
    return CurrentStep(
        code=step.code,
        action=step.action,
        actor_label=step.actor_label,
        limit_text=step.limit_text,
        point_anchor=step.point_anchor,
        regulation_url=links.point(step.point_anchor),
    )


def detail_fields(service_code: str, subcase: str = "") -> dict[str, FieldInfo]:
    """Field name → description, from the filing form and the forms of the service's transitions."""
    return _fields(service_code, subcase, get_language())


@functools.cache
def _fields(service_code: str, subcase: str, language: str | None) -> dict[str, FieldInfo]:
    fields = {f.name: f for f in filing_fields(service_code, subcase)}
    for spec in service_transitions(service_code):
        info = describe_transition(service_code, spec.name)
        for field in info.fields if info else ():
            if field.name != "executor":  # its choices are people, who change; it is not kept in details
                fields.setdefault(field.name, field)
    return fields


# Details a transition writes itself (times, who signed…), which no form names.
RECORDED_LABELS = {
    "confirmation_delivery": _("Delivery of the confirmation"),
    "confirmation_sent_at": _("Confirmation sent"),
    "decided_at": _("Decided"),
    "delivered_at": _("Delivered"),
    "documents_checked_at": _("Documents checked"),
    "drafted_at": _("Draft prepared"),
    "examined_at": _("Examined"),
    "forwarded_at": _("Forwarded to the oblast inspection"),
    "handed_over_at": _("Handed over"),
    "identified_at": _("Identified"),
    "inspected_at": _("Inspected"),
    "interview_at": _("Interviewed"),
    "issued_at": _("Issued on"),
    "prepared_at": _("Prepared"),
    "refusal_signed_by": _("Refusal signed by"),
    "reinterview_not_before": _("Re-attestation not before"),
    "retired_animal_number": _("Retired individual number"),
    "sent_to_commission_at": _("Sent to the commission"),
    "signed_at": _("Signed"),
    "statistics_notified_at": _("Legal statistics bodies notified"),
    "tested_at": _("Tested"),
    "documents_requested_at": _("Documents requested on"),
    "documents_added_at": _("Requested documents added on"),
    "clock_paused_due_at": _("Due time when the clock was paused"),
    "clock_paused_minutes": _("Working minutes the clock was paused"),
    "withdrawn_at": _("Withdrawn on"),
    "test_failed": _("Test failed"),
}


def readable_value(value: Any) -> Any:
    """An ISO time as Almaty time («12.03.2025 15:00»), an ISO date as «12.03.2025», yes or no; anything else
    as is."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    # Only the extended ISO form («2025-03-12…»): an IIN or a number of digits is never read as a date.
    if not isinstance(value, str) or len(value) < 10 or value[4] != "-" or value[7] != "-":
        return value
    try:
        if len(value) == 10:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d.%m.%Y %H:%M")


# Kept for the code, shown through another detail: whose staff profile a refusal prints (its name is
# «refusal_signed_by»).
INTERNAL_DETAILS = frozenset({"refusal_signer_id"})


def detail_rows(app: Application) -> list[tuple[str, Any]]:
    """The application's details as (label, value), labelled and with choices shown as their labels where
    a form names the field, times in Almaty time."""
    fields = detail_fields(app.service, app.subcase)
    rows = []
    for key, value in app.details.items():
        if key in INTERNAL_DETAILS:
            continue
        field = fields.get(key)
        if field is None:
            rows.append((RECORDED_LABELS.get(key, key.replace("_", " ")), readable_value(value)))
            continue
        if field.choices:
            value = dict(field.choices).get(str(value), value)
        rows.append((field.label, readable_value(value)))
    return rows
