"""The routes demo applications take through their state machines: who performs which transition with which
data.  A route is picked at random per application (most reach their result, some are refused)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from catalogue.roles import SERVICE_ROLES, Role

from .. import calendar
from .data import ANIMALS

OF, H, E, V, OB, C, P = (*SERVICE_ROLES, Role.PORTAL)
Data = dict[str, Any] | Callable[[datetime, Any, int], dict[str, Any]]
HEAD = "<head>"  # in a move's data: replaced by the demo head's id (the head who signs a refusal)


@dataclass(frozen=True)
class Move:
    name: str
    role: Role
    data: Data = field(default_factory=dict)  # or (moment, application, executor id) -> data
    attach: bool = False
    wait: timedelta = timedelta(0)  # at least this long after the previous move (a guard's waiting time)
    on_date: str = ""  # the details key holding the day this move happens on (plan, attestation)

    def payload(self, moment: datetime, app, executor_id: int, head_id: int | None = None) -> dict[str, Any]:
        data = self.data(moment, app, executor_id) if callable(self.data) else dict(self.data)
        return {key: head_id if value == HEAD else value for key, value in data.items()}


def _local(moment: datetime, delta: timedelta = timedelta(0)) -> str:
    return timezone.localtime(moment + delta).strftime("%Y-%m-%d %H:%M")


def _working_day(moment: datetime, days: int) -> str:
    return calendar.add_working_days(calendar.local_date(moment), days).isoformat()


def _assign(moment, app, executor_id):
    return {"executor": executor_id, "resolution_text": "Қарап, заңға сәйкес орындауға."}


REFUSE = {"reason": "Стандарттың 9-тармағындағы құжаттар толық емес.", "ground": "p9"}
REFUSE_P10 = {"reason": "Стандарттың 10-тармағында көзделген негіз анықталды.", "ground": "p10"}
# Services 2 and 4: no head takes part in the procedure, so the refusal names the head who signs it.
REFUSE_SIGNED = {**REFUSE_P10, "refusal_signed_by": HEAD}
COMMISSION = {
    "commission_chair": "Жұмабеков Ерлан Серікұлы",
    "commission_members": "Сейітова Әсел Маратқызы\nТөлеуов Бауыржан Қанатұлы",
    "commission_secretary": "Омарова Динара Ержанқызы",
}
CHECKED = {"documents_complete": True, "state_data_received": True}
FRONT = [Move("register", OF), Move("assign", H, _assign)]


def vet_sanitary_conclusion(rng: random.Random, kind: str, channel: str) -> list[Move]:
    if rng.random() < 0.1:
        return [*FRONT, Move("refuse_incomplete", E, REFUSE)]
    if rng.random() < 0.8:
        decide = Move("decide_compliant", V)
    else:
        decide = Move("decide_noncompliant", V, {"recommendations": "Дезинфекциялық тосқауыл орнату."})
    pickup = []
    if channel == "portal":
        place = "Тараз қ., ветеринария бөлімі, 5-кабинет"
        pickup = [
            Move(
                "notify_pickup",
                P,
                lambda m, a, e: {"pickup_at": _local(m, timedelta(days=1)), "pickup_place": place},
            )
        ]
    notice = {"statistics_body": "Жамбыл облысы бойынша статистика департаменті"}
    return [
        *FRONT,
        Move("confirm_complete", E, CHECKED),
        Move(
            "notify_legal_statistics",
            E,
            lambda m, a, e: {**notice, "planned_inspection_at": _local(m, timedelta(hours=27))},
        ),
        Move(
            "inspect", E, {"findings": "Объект құжаттарға және ережелерге сәйкес."}, wait=timedelta(hours=25)
        ),
        Move("submit_act", E, {"act_number": "17"}, attach=True),
        decide,
        *pickup,
        Move("hand_over", OF),
    ]


def vet_certificate(rng: random.Random, kind: str, channel: str) -> list[Move]:
    examination = {
        "identification_checked": True,
        "epizootic_situation": "Аудан бойынша эпизоотиялық жағдай тұрақты.",
    }
    # Products: the certificate names the animal they come from, recorded at the examination.
    examine = Move(
        "examine",
        E,
        lambda m, a, e: (
            examination
            if a.details.get("animal_number")
            else {**examination, "animal_number": f"KZ6{a.pk:07d}"}
        ),
    )
    last = Move("refuse", E, REFUSE_SIGNED) if rng.random() < 0.08 else Move("issue_certificate", E)
    return [Move("register", E), examine, last]


def registration_number(rng: random.Random, kind: str, channel: str) -> list[Move]:
    if rng.random() < 0.07:
        return [*FRONT, Move("refuse_incomplete", E, REFUSE)]
    oblast = [Move("confirm_complete", E, CHECKED), Move("forward_to_oblast", E)]
    if rng.random() < 0.05:
        return [*FRONT, *oblast, Move("refuse", OB, REFUSE_P10)]
    return [
        *FRONT,
        *oblast,
        Move("assign_number", OB),
        Move("send_confirmation", OB),
        Move("issue_confirmation", E, {"delivery": rng.choice(["cabinet", "printout"])}),
        Move("hand_over", OF),
    ]


def animal_identification(rng: random.Random, kind: str, channel: str) -> list[Move]:
    sex = rng.choice(["female", "male"])
    age = timedelta(days=rng.randint(30, 1500))

    def number(prefix: str):
        return lambda m, a, e: {
            "animal_number": f"{prefix}{a.pk:07d}",
            "identification_method": "құлақ сырғасы",
            "sex": sex,
            "birth_date": (calendar.local_date(m) - age).isoformat(),
        }

    if kind in ("duplicate_passport", "passport_extract"):
        # The demo's animals were identified before the portal: the extract copies the passport shown.
        shown = {"species": rng.choice(ANIMALS)}
        copy = Move("prepare_copy", E, lambda m, a, e: {**shown, "passport_number": f"ВП-2019-{a.pk:06d}"})
        return [Move("register", E), copy, Move("hand_over", E)]
    if kind == "reidentify_lost_tag":
        return [
            Move("register", E),
            Move("await_tags", E, {"tag_condition": rng.choice(["lost", "damaged"])}),
            Move("receive_tags", E, lambda m, a, e: {"tags_received_on": calendar.local_date(m).isoformat()}),
            Move("reidentify", E, number("KZ8")),
            Move("hand_over", E),
        ]
    plan = {"plan_reference": "Облыстық бірдейлендіру жоспары, 2025 ж."}
    return [
        Move("register", E),
        Move("schedule", E, lambda m, a, e: {**plan, "plan_date": _working_day(m, rng.randint(2, 6))}),
        Move("identify", E, number("KZ7"), on_date="plan_date"),
        Move("hand_over", E),
    ]


def attestation(rng: random.Random, kind: str, channel: str) -> list[Move]:
    place = "Тараз қ., Төле би к-сі 35, мәжіліс залы"
    front = [
        *FRONT,
        Move("confirm_complete", E, CHECKED),
        Move("send_to_commission", E),
        Move(
            "schedule",
            C,
            lambda m, a, e: {
                "attestation_date": _working_day(m, rng.randint(3, 8)),
                "attestation_place": place,
            },
        ),
        Move("start_testing", C, on_date="attestation_date"),
    ]
    if rng.random() < 0.1:
        failed = Move("fail_test", C, {"test_score": rng.randint(10, 40), **COMMISSION})
        return [*front, failed, Move("deliver", OF)]
    decision = "attested" if rng.random() < 0.85 else "not_attested"
    return [
        *front,
        Move("pass_test", C, {"test_score": rng.randint(60, 100)}),
        Move("decide", C, {"decision": decision, **COMMISSION}),
        Move("deliver", OF),
    ]


def licence(rng: random.Random, kind: str, channel: str) -> list[Move]:
    review = [*FRONT, Move("accept_complete", E, CHECKED)]
    if rng.random() < 0.1:
        return [
            *review,
            Move("draft_refusal", E, {"reason": "Біліктілік талаптарына сәйкес емес.", "ground": "p10"}),
            Move("sign_refusal", H),
            Move("hand_over_refusal", OF),
        ]
    return [
        *review,
        Move("draft_license", E, {"qualification_met": True}),
        Move("sign", H),
        Move("hand_over", OF),
    ]


ROUTES: dict[str, Callable[[random.Random, str, str], list[Move]]] = {
    "vet_sanitary_conclusion": vet_sanitary_conclusion,
    "vet_certificate": vet_certificate,
    "registration_number": registration_number,
    "animal_identification": animal_identification,
    "attestation": attestation,
    "licence": licence,
}


def route(service: str, kind: str, channel: str, rng: random.Random) -> list[Move]:
    """The moves of one application; portal applications are sometimes refused at intake."""
    if channel == "portal" and rng.random() < 0.05:
        return [Move("reject_at_portal", P, {"message": "data_violation_refused"})]
    return ROUTES[service](rng, kind, channel)
