"""The declarative table of one state service: what the regulation says about it, in one place.

Each of the six services has one module in this package (``catalogue/<service code>.py``) that builds one
``Service``: its place in act 003, titles, the act's steps with their time limits, its sub-cases, and the
rules that connect the regulation to the state machine (which step's limit runs in which state, which step a
transition without a printed step of its own borrows, where an external date comes from).  The state
machines (records.machines), the deadline computation (records.applications), the regulation pages'
procedure (portal.procedure), the handbooks and the diagrams all read this table; none keeps its own copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from catalogue.steps import MAIN, ProcedureResult, ProcedureStep


@dataclass(frozen=True)
class WaitingPeriod:
    """How long an applicant waits before trying again (service 5)."""

    months: int
    text: str  # Kazakh, as printed
    point_anchor: str


@dataclass(frozen=True)
class Service:
    code: str
    document_seq: int  # the regulation's place in act 003 (1..6): registration numbers "2026-<seq>-…"
    label: Promise  # English msgid, translated on display
    title_kk: str  # the regulation's service title, exactly as printed
    portal: str  # "all", or "extracts_only" (service 4: only passport extracts go through the portal)
    # The act's procedure (seed of the regulation page; the published page may change limits later).
    steps: tuple[ProcedureStep, ...]
    # state -> transitions whose step's limit runs while the application is in it (the first one found in
    # the application's sub-case counts); a state not listed has no running limit.
    state_steps: Mapping[str, tuple[str, ...]]
    # Sub-case codes in the order the regulation gives them.
    subcases: tuple[str, ...] = (MAIN,)
    # The application's kind (DOMAIN §3.5, §3.6, §3.8) -> the sub-case whose limits apply.
    kind_subcases: Mapping[str, str] = field(default_factory=dict)
    # A transition without a printed step of its own -> the step whose limit it uses; a mapping when that
    # depends on the sub-case.
    transition_steps: Mapping[str, str | Mapping[str, str]] = field(default_factory=dict)
    # state -> the details key holding the date an external limit (plan, schedule) runs to.
    external_dates: Mapping[str, str] = field(default_factory=dict)
    # state -> the details key holding the date a limit counts from, when not the moment the state begins.
    start_dates: Mapping[str, str] = field(default_factory=dict)
    # Shown above a sub-case in the procedure table.
    subcase_notes: Mapping[str, Promise] = field(default_factory=dict)
    # (sub-case, step code) -> why a limit the act does not print is assumed (DOMAIN §2.7).
    policy_assumptions: Mapping[tuple[str, str], Promise] = field(default_factory=dict)
    waiting_periods: Mapping[str, WaitingPeriod] = field(default_factory=dict)
    # sub-case -> transition -> what the step produces, as printed (the timeline shows it).
    results: Mapping[str, Mapping[str, ProcedureResult]] = field(default_factory=dict)

    def result_of(self, subcase: str, transition: str) -> ProcedureResult | None:
        """The printed result of the step ``transition`` completes, if the regulation prints one."""
        for candidate in (subcase, MAIN):
            found = self.results.get(candidate, {}).get(transition)
            if found is not None:
                return found
        return None

    def subcase_of(self, kind: str) -> str:
        """The regulation's sub-case whose limits apply to an application of ``kind``."""
        return self.kind_subcases.get(kind, MAIN)

    def step_code_for(self, transition: str, subcase: str = MAIN) -> str:
        """The code of the step whose limit applies to a state-machine transition."""
        target = self.transition_steps.get(transition, transition)
        if isinstance(target, Mapping):
            return target.get(subcase, transition)
        return target

    def find_step(
        self, steps: Iterable[ProcedureStep], transition: str, subcase: str = MAIN
    ) -> ProcedureStep | None:
        """The step that sets the limit of ``transition`` for an application of ``subcase``.

        Looks in the sub-case first, then in the main list, then in the refusal branch, so that a refusal
        transition of any kind finds its limit.
        """
        code = self.step_code_for(transition, subcase)
        steps = tuple(steps)
        for candidate in dict.fromkeys((subcase, MAIN, "incomplete")):
            for item in steps:
                if item.subcase == candidate and item.code == code:
                    return item
        return None

    def running_step(
        self, steps: Iterable[ProcedureStep], state: str, subcase: str = MAIN
    ) -> ProcedureStep | None:
        """The step whose limit runs while an application of ``subcase`` is in ``state``."""
        steps = tuple(steps)
        for transition in self.state_steps.get(state, ()):
            found = self.find_step(steps, transition, subcase)
            if found is not None:
                return found
        return None
