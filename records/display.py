"""What the staff pages, the public tracker and the JSON API show about an application, computed once here:
the kind's label, the running step with its limit and the link to the regulation point, the details with
their labels."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from portal.procedure import regulation_point_url

from .applications import Application
from .services import describe_transition, filing_fields, service_kinds, service_transitions


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


def current_step(app: Application) -> CurrentStep | None:
    """The step whose limit is running now (None in a terminal or untimed state)."""
    step = app.running_step()
    if step is None:
        return None
    return CurrentStep(
        code=step.code,
        action=step.action,
        actor_label=step.actor_label,
        limit_text=step.limit_text,
        point_anchor=step.point_anchor,
        regulation_url=regulation_point_url(app.service, step.point_anchor) if step.point_anchor else "",
    )


def result_point_url(app: Application, anchor: str) -> str:
    return regulation_point_url(app.service, anchor) if anchor else ""


def detail_labels(service_code: str, subcase: str = "") -> dict[str, str]:
    """Field name → label, from the filing form and the forms of the service's transitions."""
    return _labels(service_code, subcase, get_language())


@functools.cache
def _labels(service_code: str, subcase: str, language: str | None) -> dict[str, str]:
    labels = {f.name: f.label for f in filing_fields(service_code, subcase)}
    for spec in service_transitions(service_code):
        info = describe_transition(service_code, spec.name)
        for field in info.fields if info else ():
            labels.setdefault(field.name, field.label)
    return labels


def detail_rows(app: Application) -> list[tuple[str, Any]]:
    """The application's details as (label, value), labelled where a form names the field."""
    labels = detail_labels(app.service, app.subcase)
    return [(labels.get(key, key.replace("_", " ")), value) for key, value in app.details.items()]
