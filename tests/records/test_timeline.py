"""The application's timeline (built from the audit log, with each procedure's result as printed in point 6
of its regulation) and the public tracker lookup."""

from __future__ import annotations

import re

import pytest

from catalogue import SERVICES
from catalogue.roles import Role
from records.services import application_timeline, find_for_tracker

from .paths import PATHS_BY_KEY, d


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def act_003_squashed(act_003_path) -> str:
    return _squash(act_003_path.read_text(encoding="utf-8"))


def test_every_result_text_is_the_acts_own_words(act_003_squashed):
    for service, info in SERVICES.items():
        for results in info.results.values():
            for transition, result in results.items():
                assert _squash(result.text) in act_003_squashed, (service, transition)
                number = {
                    "vet_sanitary_conclusion": 1,
                    "vet_certificate": 2,
                    "registration_number": 3,
                    "animal_identification": 4,
                    "attestation": 5,
                    "licence": 6,
                }[service]
                point = "p7" if service == "registration_number" else "p6"
                assert result.point_anchor.startswith(f"d{number}-{point}-s"), (service, transition)


def test_timeline_of_a_vet_sanitary_conclusion(run_path, users):
    app = run_path(PATHS_BY_KEY["s1-office"], check=False)
    entries = application_timeline(app)
    assert [e.transition for e in entries] == [
        "file",
        "register",
        "assign",
        "confirm_complete",
        "notify_legal_statistics",
        "inspect",
        "submit_act",
        "decide_compliant",
        "hand_over",
    ]
    register = entries[1]
    assert register.result_kk.startswith("қажетті құжаттарды ұсынған сәттен бастап, қабылдайды")
    assert register.result_anchor == "d1-p6-s1"
    assert register.limit_text == "30 (отыз) минуттан аспайды"
    assert (register.from_state, register.to_state, register.actor_name) == (
        "submitted",
        "registered",
        "Office_Clerk Тест",
    )
    assert entries[-1].result_kk == "ветеринариялық-санитариялық қорытынды беру."
    assert entries[4].result_kk == ""  # the notice to the statistics bodies has no printed result of its own
    assert entries[4].data == {"planned_inspection_at": "2025-03-13T17:00:00+05:00"}
    assert entries[6].attachments == (
        {"name": "тексеру-актісі.pdf", "sha256": entries[6].attachments[0]["sha256"]},
    )
    assert entries[3].due_at == d(17, 18, 30) and entries[-1].due_at is None
    assert all(e.late is False for e in entries[1:])


def test_timeline_marks_late_steps(file, step, clock):
    app = file("vet_certificate")  # due 10:15
    clock.set(d(12, 10, 40))
    app = step(app, "register", Role.EXECUTOR)
    entries = application_timeline(app)
    assert (entries[0].late, entries[1].late) == (None, True)


def test_timeline_of_a_licence_uses_the_subcase_results(run_path):
    app = run_path(PATHS_BY_KEY["s6-duplicate"], check=False)
    texts = {e.transition: e.result_kk for e in application_timeline(app)}
    assert texts["hand_over"] == (
        "қызметті алушыға лицензияның телнұсқасын немесе бас тарту туралы дәлелді жауап береді."
    )
    assert texts["assign"].startswith("құжаттарды мемлекеттік қызметті көрсету үшін көрсетілетін")


def test_tracker_finds_an_application_by_number_and_iin_only(file, company, person):
    mine = file("attestation")
    theirs = file("licence", "issue", applicant=company)
    assert find_for_tracker(mine.registration_no, person.identifier) == mine
    spaced = f" {mine.registration_no} "
    assert find_for_tracker(spaced, f"{person.identifier[:6]} {person.identifier[6:]}") == mine
    assert find_for_tracker(theirs.registration_no, company.identifier) == theirs
    assert find_for_tracker(theirs.registration_no, person.identifier) is None
    assert find_for_tracker(mine.registration_no, "123") is None
    assert find_for_tracker("2025-5-999999", person.identifier) is None
