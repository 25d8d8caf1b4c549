"""Two transitions on one application at the same time: exactly one wins, the other gets "conflict", and only
the winner's audit row is written.  Needs real concurrent transactions, so PostgreSQL only (SQLite
serialises writers: the second simply waits for the first)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from catalogue.roles import Role
from records import audit, audit_verify, services
from records.applications import Application
from records.errors import Conflict, RecordsError

from .conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://… (SQLite serialises writers)")


def _run_threads(*targets) -> None:
    threads = [threading.Thread(target=target, name=name) for name, target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
        assert not thread.is_alive()


def _attempt(results: dict, name: str, app_id: int, transition: str, user, data: dict, **kwargs):
    def run():
        try:
            results[name] = services.perform_transition(
                app_id, transition, user=user, data=data, **kwargs
            ).state
        except RecordsError as error:
            results[name] = error.code
        finally:
            connection.close()

    return name, run


def _assigned(file, step, users):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    return step(
        app, "assign", Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."}
    )


def test_two_users_acting_on_what_they_saw_one_wins(file, step, users, django_user_model):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    head, other_head = users[Role.HEAD], make_user(django_user_model, "second_head", Role.HEAD)
    data = {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."}
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def both(name, user):
        _, run = _attempt(results, name, app.pk, "assign", user, data, expected_state="registered")

        def go():
            barrier.wait()
            run()

        return name, go

    _run_threads(both("A", head), both("B", other_head))
    assert sorted(results.values()) == ["assigned", "conflict"]
    rows = [r.transition for r in audit.timeline(app)]
    assert rows == ["file", "register", "assign"]
    assert Application.objects.get(pk=app.pk).state == "assigned"


def test_concurrent_different_transitions_from_one_state(file, step, users, monkeypatch):
    """A locks the row and is still working when B reads the state and asks for the lock: B must end in a
    conflict (not in a transition from A's new state), and nothing of B is written."""
    app = _assigned(file, step, users)
    a_locked, b_has_read = threading.Event(), threading.Event()
    real_current, real_guards = services._current_state, services._check_guards

    def current_state(app_id):
        state = real_current(app_id)
        if threading.current_thread().name == "B":
            b_has_read.set()
        return state

    def check_guards(spec, application, ctx):
        if threading.current_thread().name == "A":
            a_locked.set()
            assert b_has_read.wait(10)
        return real_guards(spec, application, ctx)

    monkeypatch.setattr(services, "_current_state", current_state)
    monkeypatch.setattr(services, "_check_guards", check_guards)
    executor = users[Role.EXECUTOR]
    results: dict[str, str] = {}
    name_a, run_a = _attempt(results, "A", app.pk, "confirm_complete", executor, {"documents_complete": True})
    name_b, run_b = _attempt(results, "B", app.pk, "refuse_incomplete", executor, {"reason": "Толық емес."})
    thread_a = threading.Thread(target=run_a, name=name_a)
    thread_a.start()
    assert a_locked.wait(10)
    _run_threads((name_b, run_b))
    thread_a.join(30)
    assert results == {"A": "complete", "B": Conflict.code}
    assert [r.transition for r in audit.timeline(app)] == ["file", "register", "assign", "confirm_complete"]
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.state, fresh.refusal_reason) == ("complete", "")


def test_many_concurrent_attempts_one_winner(file, step, users):
    app = _assigned(file, step, users)
    barrier = threading.Barrier(6)
    results: dict[str, str] = {}

    def worker(n):
        _, run = _attempt(
            results,
            str(n),
            app.pk,
            "confirm_complete",
            users[Role.EXECUTOR],
            {"documents_complete": True},
            expected_state="assigned",
        )

        def go():
            barrier.wait()
            run()

        return str(n), go

    _run_threads(*(worker(n) for n in range(6)))
    assert sorted(results.values()) == ["complete"] + ["conflict"] * 5
    assert [r.transition for r in audit.timeline(app)].count("confirm_complete") == 1
    assert audit_verify.verify_chain() == []
