"""Template helpers of the procedure table and the handbook (portal/includes/procedure_table.html and
handbook.html)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import SERVICES, SUBCASE_LABELS, ProcedureStep, group_by_subcase

register = template.Library()


def _notes(service_code: str) -> dict:
    info = SERVICES.get(service_code)
    return dict(info.subcase_notes) if info else {}


# «d1-p5-s4»; «d3-p7-2» (the second printed «7.»); «d1-p9-a1-s3» (a sub-point after a lead-in paragraph)
_ANCHOR = re.compile(r"^d\d+-p(?P<point>\d+)(?:-(?P<dup>\d+))?(?:-a\d+)?(?:-s(?P<sub>\d+))?$")


@dataclass(frozen=True)
class StepGroup:
    subcase: str
    label: str
    note: str
    steps: list[ProcedureStep]


@register.simple_tag
def procedure_groups(steps: list[ProcedureStep], service_code: str = "") -> list[StepGroup]:
    """The steps grouped by sub-case, with the sub-case's label and its note (when the service is known)."""
    return [
        StepGroup(
            subcase,
            str(SUBCASE_LABELS.get(subcase, subcase)),
            str(_notes(service_code).get(subcase, "")),
            group,
        )
        for subcase, group in group_by_subcase(list(steps or []))
    ]


@register.filter
def limit_summary(step: ProcedureStep) -> str:
    """The limit in the interface language, e.g. "30 minutes", "Same day" (the act's words stay Kazakh)."""
    value = step.limit_value or 0
    if step.limit_kind == "minutes":
        return ngettext("%(n)d minute", "%(n)d minutes", value) % {"n": value}
    if step.limit_kind == "hours":
        return ngettext("%(n)d hour", "%(n)d hours", value) % {"n": value}
    if step.limit_kind == "working_days":
        return ngettext("%(n)d working day", "%(n)d working days", value) % {"n": value}
    if step.limit_kind == "same_day":
        return _("Same day")
    return _("Date set elsewhere")


@register.filter
def point_label(anchor: str) -> str:
    """ "d1-p5-s4" → "point 5, sub-point 4)" in the interface language; "" when the anchor is not a point."""
    match = _ANCHOR.match(anchor or "")
    if match is None:
        return ""
    if match.group("sub"):
        return _("point %(point)s, sub-point %(sub)s)") % match.groupdict()
    return _("point %(point)s") % match.groupdict()


@register.simple_tag
def policy_assumption(step: ProcedureStep, service_code: str = "") -> str:
    """The note of a step whose limit the act does not print, or ""."""
    info = SERVICES.get(service_code)
    return str(info.policy_assumptions.get((step.subcase, step.code), "")) if info else ""
