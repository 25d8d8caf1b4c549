"""Reading applications: the timeline of one application and the public tracker lookup (records.services
re-exports these functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import audit
from .applications import Application
from .identifiers import normalize
from .inputs import parse_datetime
from .states import STATE_LABELS


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: datetime
    transition: str
    label: str
    from_state: str
    to_state: str
    to_state_label: str
    actor_name: str
    reason: str
    attachments: tuple[Mapping[str, str], ...]
    data: Mapping[str, Any]
    due_at: datetime | None  # the due time of the state entered
    late: bool | None  # done after the due time of the state it left (None: no limit ran)
    result_kk: str  # point 6's "result of the procedure", in the act's words ("" if none printed)
    result_anchor: str
    limit_text: str  # the limit of the step done, as printed in the definition in force at filing


def application_timeline(app: Application) -> list[TimelineEntry]:
    """What happened to ``app``, oldest first, from the audit log, with the result each regulation prints for
    each procedure (point 6) and whether each step was done within its limit."""
    specs = type(app).transition_specs()
    entries, previous_due = [], None
    for row in audit.timeline(app):
        spec = specs.get(row.transition)
        label = spec.label if spec else (_("Filed") if row.transition == "file" else row.transition)
        result = app.catalogue_entry.result_of(app.procedure_subcase, row.transition)
        step = app.step_for(row.transition) if spec else None
        due = parse_datetime(row.data.get("due_at"))
        entries.append(
            TimelineEntry(
                seq=row.seq,
                at=row.at,
                transition=row.transition,
                label=str(label),
                from_state=row.from_state,
                to_state=row.to_state,
                to_state_label=str(STATE_LABELS.get(row.to_state, row.to_state)),
                actor_name=row.actor_name,
                reason=row.reason,
                attachments=tuple(row.attachments),
                data=row.data.get("input", {}),
                due_at=due,
                late=None if previous_due is None else row.at > previous_due,
                result_kk=result.text if result else "",
                result_anchor=result.point_anchor if result else "",
                limit_text=step.limit_text if step else "",
            )
        )
        previous_due = due
    return entries


def find_for_tracker(registration_no: str, applicant_id: str) -> Application | None:
    """The application with this registration number filed by the applicant with this IIN/BIN, else None
    (a wrong pair reveals nothing).  One indexed lookup on the unique registration number."""
    number = "".join(str(registration_no).split())
    identifier = normalize(applicant_id)
    if not number or len(identifier) != 12 or not identifier.isdigit():
        return None
    return (
        Application.objects.select_related("applicant")
        .filter(registration_no=number, applicant__identifier=identifier)
        .first()
    )
