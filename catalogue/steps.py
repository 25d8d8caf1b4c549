"""A step of a service's procedure: who acts, what they do and the longest time allowed (a regulation's
points 5 and 8, point 7 in regulation 6).  Plain values, no database: the regulation pages store them in a
StreamField (portal.procedure) and the applications keep a snapshot (records.definitions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalogue.roles import ROLE_LABELS, SERVICE_ROLES, Role

MAIN = ""  # the sub-case code of a service's main list of steps
SUBCASE_CHOICES: list[tuple[str, Promise]] = [
    (MAIN, _("Main procedure")),
    ("issue", _("Issue of a licence and/or an annex")),
    ("reissue", _("Re-issue of a licence")),
    ("duplicate", _("Duplicate of a licence")),
    ("reregistration", _("Re-registration of an accounting number")),
    ("lost_tag", _("Lost or damaged ear tag")),
    ("copy", _("Duplicate passport or extract")),
    ("incomplete", _("Refusal")),
]
SUBCASE_LABELS: dict[str, Promise] = dict(SUBCASE_CHOICES)

# Actor codes are the role codes, so a step's actor is also the role allowed to perform it.
ACTOR_CHOICES: list[tuple[str, Promise]] = [(role.value, ROLE_LABELS[role]) for role in SERVICE_ROLES]

LIMIT_KIND_CHOICES: list[tuple[str, Promise]] = [
    ("minutes", _("Minutes")),
    ("hours", _("Hours")),
    ("working_days", _("Working days")),
    ("same_day", _("Same day")),
    ("external", _("Date set elsewhere")),
]
# Kinds that need a number; "same_day" and "external" carry none.
VALUED_LIMIT_KINDS = frozenset({"minutes", "hours", "working_days"})


@dataclass(frozen=True)
class ProcedureStep:
    code: str  # the transition of the state machine that performs the step (DOMAIN §3.3–§3.8)
    order: int
    subcase: str
    actor: str  # a role code
    actor_label: str  # Kazakh, as the act names the actor
    action: str  # Kazakh, the act's words
    limit_kind: str  # one of LIMIT_KIND_CHOICES
    limit_value: int | None
    limit_text: str  # Kazakh, the limit as printed
    point_anchor: str  # the permalink of the sub-point that sets the step, e.g. "d1-p5-s4"

    @property
    def subcase_label(self) -> Promise:
        return SUBCASE_LABELS.get(self.subcase, self.subcase)

    def as_block_value(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "order": self.order,
            "subcase": self.subcase,
            "actor": self.actor,
            "actor_label": self.actor_label,
            "action": self.action,
            "limit_kind": self.limit_kind,
            "limit_value": self.limit_value,
            "limit_text": self.limit_text,
            "point_anchor": self.point_anchor,
        }


def step(
    code: str,
    order: int,
    actor: Role,
    actor_label: str,
    action: str,
    limit_kind: str,
    limit_value: int | None,
    limit_text: str,
    anchor: str,
    subcase: str = MAIN,
) -> ProcedureStep:
    """A step as the service tables write it (the actor as a Role, the sub-case last)."""
    return ProcedureStep(
        code, order, subcase, actor.value, actor_label, action, limit_kind, limit_value, limit_text, anchor
    )


@dataclass(frozen=True)
class ProcedureResult:
    """What a step produces, in the act's words (point 6 of each regulation; the first point 7 in
    regulation 3); the application's timeline shows it next to each step done."""

    text: str  # Kazakh, as printed
    point_anchor: str


def result(anchor: str, text: str) -> ProcedureResult:
    return ProcedureResult(text, anchor)


# Results several regulations print in the same words.
REGISTERED_WITH_COPY = (
    "қажетті құжаттарды ұсынған сәттен бастап, қабылдайды және оларды тіркейді, құжаттарды қабылдаған "
    "күні мен "
    "уақыты көрсетілген тіркеу туралы өтініштің көшірмесін қызметті алушыға береді;"
)
RESOLUTION = "кіріс құжаттаманы қарайды, жауапты орындаушыны айқындайды және бұрыштама қояды;"


_REQUIRED = ("code", "order", "actor", "actor_label", "action", "limit_kind", "limit_text")


def _as_int(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Procedure step field {field!r} must be a whole number, not {value!r}") from exc


def steps_from_stream(raw_data: Iterable[dict]) -> list[ProcedureStep]:
    """Turn StreamField raw data (a list of {"type", "value"} dicts, or a StreamValue's `raw_data`) into
    steps, in stream order.  Blocks of other types are skipped; a step missing a required field is an error.
    """
    steps = []
    for item in raw_data:
        if item.get("type") != "step":
            continue
        value = item.get("value") or {}
        missing = [name for name in _REQUIRED if value.get(name) in (None, "")]
        if missing:
            raise ValueError(f"Procedure step is missing {', '.join(missing)}: {value!r}")
        steps.append(
            ProcedureStep(
                code=str(value["code"]),
                order=_as_int(value["order"], "order"),
                subcase=str(value.get("subcase") or ""),
                actor=str(value["actor"]),
                actor_label=str(value["actor_label"]),
                action=str(value["action"]),
                limit_kind=str(value["limit_kind"]),
                limit_value=_as_int(value.get("limit_value"), "limit_value"),
                limit_text=str(value["limit_text"]),
                point_anchor=str(value.get("point_anchor") or ""),
            )
        )
    return steps


def group_by_subcase(steps: Iterable[ProcedureStep]) -> list[tuple[str, list[ProcedureStep]]]:
    """Steps grouped by sub-case (in order of first appearance), each group sorted by `order`."""
    groups: dict[str, list[ProcedureStep]] = {}
    for item in steps:
        groups.setdefault(item.subcase, []).append(item)
    return [(subcase, sorted(group, key=lambda s: s.order)) for subcase, group in groups.items()]
