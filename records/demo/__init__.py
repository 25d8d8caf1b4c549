"""Demo applications for ``manage.py seed_demo --applications N``: spread over the six services, their kinds,
both channels and the last ~2 months, moved through the real transitions (``perform_transition``) by the demo
users of each role, with the records clock set to the moment each step happens.  Steps are mostly on time,
some late; applications whose next step would fall in the future stay where they are, so the lists hold
applications in every state, some of them overdue.

Every step of every application is replayed in time order (the audit chain must not go back in time).
Idempotent: when demo applicants already have applications, nothing is added.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from catalogue import SERVICES
from catalogue.documents import required_documents
from catalogue.roles import SERVICE_ROLES, Role

from .. import calendar, clock
from ..api_tokens import grant_services
from ..applicants import Applicant
from ..applications import Application
from ..errors import RecordsError
from ..payments import ensure_demo_payments
from ..portal_intake import file_application_signed
from ..services import get_or_create_applicant, perform_transition, service_kinds
from ..states import TERMINAL_STATES
from .cabinet import ensure_documents_request
from .data import demo_identifiers, filing_data
from .paths import Move, route
from .staff import ensure_demo_staff_profiles
from .units import TARAZ_UNIT, ensure_demo_units, pick_unit

# (service, weight): certificates and identification are the everyday work.
SERVICE_WEIGHTS = [
    ("vet_certificate", 30),
    ("animal_identification", 20),
    ("vet_sanitary_conclusion", 18),
    ("registration_number", 12),
    ("licence", 10),
    ("attestation", 10),
]
PORTAL_SHARE = 0.3
LATE_SHARE = 0.12  # a step done after its deadline
STALL_SHARE = 0.12  # an application nobody has moved on since some step (the overdue ones)
HISTORY_DAYS = 60
RECENT_SHARE, RECENT_DAYS = 0.35, 10  # more of the applications are recent, so that many are in progress


@dataclass
class _Plan:
    service: str
    kind: str
    channel: str
    applicant: Applicant
    data: dict
    filed_at: datetime
    moves: list[Move]
    unit: str  # the code of the unit that handles it (records.demo.units)
    app: Application | None = None
    done: list[str] = field(default_factory=list)


def demo_applications_exist() -> bool:
    identifiers = [number for _kind, number, _name in demo_identifiers()]
    return Application.objects.filter(applicant__identifier__in=identifiers).exists()


def seed_applications(count: int, *, seed: int = 2024, now: datetime | None = None) -> Counter:
    """Create ``count`` demo applications; returns how many ended in each state (empty if already seeded)."""
    if count <= 0 or demo_applications_exist():
        return Counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    units_rng = random.Random(seed + 1)  # a stream of its own: the plans stay what they were before units
    staff = ensure_demo_units(_demo_users())
    ensure_demo_staff_profiles()  # the results they issue name them (issue 16)
    applicants = [get_or_create_applicant(kind, number, name) for kind, number, name in demo_identifiers()]
    plans = [_plan(rng, index, applicants, now) for index in range(count)]
    for plan in plans:
        plan.unit = pick_unit(plan.service, units_rng.random())
    _replay(plans, staff, rng, now)
    return Counter(plan.app.state for plan in plans if plan.app is not None)


def _demo_users() -> dict[Role, object]:
    """The demo user of each role (portal.demo names them after the role)."""
    model = get_user_model()
    users = {}
    for role in Role:
        user = model.objects.filter(username=role.value, is_active=True).first()
        if user is None and role is Role.HEAD:
            user = model.objects.filter(username="head", is_active=True).first()
        if user is not None:
            users[role] = user
    missing = {*SERVICE_ROLES, Role.PORTAL} - set(users)
    if missing:
        raise RuntimeError(f"Demo users missing for {sorted(r.value for r in missing)}: run seed_demo first")
    grant_services(users[Role.PORTAL], SERVICES)  # the integration account files every service here
    return users


def _plan(rng: random.Random, index: int, applicants: list[Applicant], now: datetime) -> _Plan:
    service = rng.choices([s for s, _w in SERVICE_WEIGHTS], weights=[w for _s, w in SERVICE_WEIGHTS])[0]
    channel = "portal" if rng.random() < PORTAL_SHARE else "office"
    kinds = [kind for kind, _label in service_kinds(service)]
    if service == "animal_identification":
        kinds = [kind for kind in kinds if kind != "duplicate_passport"]  # needs a passport issued here first
    if service == "animal_identification" and channel == "portal":
        kinds = ["passport_extract"]  # the only kind the portal accepts (DOMAIN §2.7)
    if service == "licence":
        kinds = ["issue"]  # re-issues and duplicates need a licence issued first
    kind = rng.choice(kinds)
    picked = rng.choice(applicants)
    # Every demo applicant files once before anyone files twice: each name of the demo can be searched.
    applicant = applicants[index] if index < len(applicants) else picked
    days = rng.uniform(0, RECENT_DAYS if rng.random() < RECENT_SHARE else HISTORY_DAYS)
    filed_at = _working_moment(now - timedelta(days=days), rng)
    while filed_at > now:  # a day off today: filed on an earlier working day
        days += 1
        filed_at = _working_moment(now - timedelta(days=days), rng)
    moves = route(service, kind, channel, rng)
    if rng.random() < STALL_SHARE:
        moves = moves[: rng.randrange(len(moves))]
    return _Plan(
        service=service,
        kind=kind if kind else "",
        channel=channel,
        applicant=applicant,
        data=filing_data(service, kind, rng, 1000 + index, channel),
        filed_at=filed_at,
        moves=moves,
        unit="",
    )


def _working_moment(moment: datetime, rng: random.Random) -> datetime:
    """``moment`` if it falls in working hours, else a little after the next opening."""
    day = calendar.local_date(moment)
    opens, closes = calendar.working_day_start(day), calendar.working_day_end(day)
    if calendar.is_working_day(day) and opens <= moment < closes:
        return moment
    if not calendar.is_working_day(day) or moment >= closes:
        day = calendar.next_working_day(day)
    return calendar.working_day_start(day) + timedelta(minutes=rng.randint(5, 120))


@contextmanager
def _clock() -> Iterator[list[datetime]]:
    """records.clock reads the moment put in the yielded list."""
    moment: list[datetime] = [timezone.now()]
    original = clock.now
    clock.now = lambda: moment[0]
    try:
        yield moment
    finally:
        clock.now = original


def _replay(plans: list[_Plan], staff: dict, rng: random.Random, now: datetime) -> None:
    queue = [(plan.filed_at, index) for index, plan in enumerate(plans)]
    heapq.heapify(queue)
    with _clock() as moment:
        while queue:
            at, index = heapq.heappop(queue)
            plan = plans[index]
            moment[0] = at
            try:
                _step(plan, staff[plan.unit])
            except RecordsError:
                continue  # a guard refused (e.g. an attestation too soon after a failure): it stays there
            following = _next_moment(plan, at, rng)
            if following is not None and following <= now:
                heapq.heappush(queue, (following, index))


def _step(plan: _Plan, users: dict) -> None:
    """File or move ``plan``'s application as ``users``, the staff of its unit by role."""
    if plan.app is None:
        by = users[Role.PORTAL] if plan.channel == "portal" else users[Role.OFFICE]
        if plan.service in ("vet_certificate", "animal_identification") and plan.channel == "office":
            by = users[Role.EXECUTOR]  # services 2 and 4: the executor takes the application
        plan.app = file_application_signed(
            plan.service,
            applicant=plan.applicant,
            channel=plan.channel,
            subcase=plan.kind,
            data=plan.data,
            documents=_documents(plan),
            by=by,
            unit=plan.unit,
        )
        return
    move = plan.moves[len(plan.done)]
    executor = users[Role.EXECUTOR]
    plan.app = perform_transition(
        plan.app.pk,
        move.name,
        user=users[move.role],
        data=move.payload(clock.now(), plan.app, executor.pk, users[Role.HEAD].pk),
        attachments=[_document("тексеру-актісі.pdf", plan)] if move.attach else [],
    )
    plan.done.append(move.name)


def _documents(plan: _Plan) -> list[dict[str, str]]:
    """The documents the service requires (catalogue.documents; the portal refuses a filing without them),
    each naming the one it is, and one more."""
    names = {"application": "өтініш.pdf"}
    required = [
        {**_document(names.get(doc.code, f"{doc.code}.pdf"), plan), "document": doc.code}
        for doc in required_documents(plan.service, plan.kind)
    ]
    return [*required, _document("құжаттар.pdf", plan)]


def _document(name: str, plan: _Plan) -> dict[str, str]:
    digest = hashlib.sha256(
        f"{name}:{plan.applicant.identifier}:{plan.filed_at.isoformat()}".encode()
    ).hexdigest()
    return {"name": name, "sha256": digest}


def _next_moment(plan: _Plan, at: datetime, rng: random.Random) -> datetime | None:
    """When the next move happens: mostly before the running deadline, sometimes after it."""
    if plan.app is None or len(plan.done) >= len(plan.moves):
        return None
    move = plan.moves[len(plan.done)]
    soonest = at + max(move.wait, timedelta(minutes=rng.randint(2, 12)))
    if move.on_date:
        day = plan.app.detail_date(move.on_date)
        planned = calendar.working_day_start(day) + timedelta(minutes=rng.randint(10, 180))
        return _working_moment(max(planned, soonest), rng)
    due = plan.app.due_at
    if due is None:
        moment = at + timedelta(hours=rng.uniform(2, 72))
    elif rng.random() < LATE_SHARE:
        moment = due + timedelta(hours=rng.uniform(1, 60))
    else:
        moment = at + (due - at) * rng.uniform(0.05, 0.7)
    return _working_moment(max(moment, soonest), rng)


def seed_cabinet() -> Application | None:
    """The demo applicant's account and a request for documents in their cabinet (records.demo.cabinet)."""
    staff = ensure_demo_units(_demo_users())
    ensure_demo_staff_profiles()  # the results they issue name them (issue 16)
    return ensure_documents_request(staff[TARAZ_UNIT.code], TARAZ_UNIT.code)


def seed_demo_lines(count: int) -> list[str]:
    """``seed_demo --applications N``: the demo applications, indexed for search in one batch at the end
    rather than after every transition; the line to print."""
    inline = getattr(settings, "SEARCH_OUTBOX_INLINE", False)
    settings.SEARCH_OUTBOX_INLINE = False
    try:
        # One of the N: the demo applicant's request for documents (records.demo.cabinet).
        states = seed_applications(count - 1 if count > 1 else count)
        cabinet = seed_cabinet() if states and count > 1 else None
        if cabinet is not None:
            states[cabinet.state] += 1
    finally:
        settings.SEARCH_OUTBOX_INLINE = inline
    ensure_demo_payments(_demo_applications())  # every demo licence application paid (records.payments)
    if not states:
        return []
    if inline:
        call_command("search_worker", "--once", stdout=io.StringIO())
    return [
        gettext("Demo applications: %(count)s (%(open)s in progress).")
        % {
            "count": sum(states.values()),
            "open": sum(n for s, n in states.items() if s not in TERMINAL_STATES),
        }
    ]


def _demo_applications():
    identifiers = [number for _kind, number, _name in demo_identifiers()]
    return Application.objects.filter(applicant__identifier__in=identifiers)
