"""What the staff pages, the public tracker and the JSON API show about an application, computed once here:
the kind's label, the running step with its limit and the link to the regulation point, the details with
their labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language, gettext

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


def detail_rows(app: Application) -> list[tuple[str, Any]]:
    """The application's details as (label, value), labelled and with choices shown as their labels where
    a form names the field."""
    fields = detail_fields(app.service, app.subcase)
    rows = []
    for key, value in app.details.items():
        field = fields.get(key)
        if field is None:
            rows.append((key.replace("_", " "), value))
            continue
        if field.choices:
            value = dict(field.choices).get(str(value), value)
        elif field.kind == "boolean" and isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")
        rows.append((field.label, value))
    return rows
