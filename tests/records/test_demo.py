"""`seed_demo --applications N`: realistic applications made through the real transitions, idempotent."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from records.applications import Application
from records.audit_verify import check_chain
from records.demo import seed_applications
from records.models import TransitionLog
from records.states import TERMINAL_STATES

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 4, 16, 12, 0, tzinfo=ZoneInfo("Asia/Almaty"))  # a Wednesday


@pytest.fixture
def demo_users():
    from portal.demo import ensure_demo_users

    ensure_demo_users()


def test_demo_applications_cover_services_states_and_deadlines(demo_users):
    states = seed_applications(120, now=NOW)
    apps = Application.objects.all()
    assert apps.count() == 120 == sum(states.values())
    assert len(Counter(apps.values_list("service", flat=True))) == 6
    assert {"office", "portal"} == set(apps.values_list("channel", flat=True))
    finished = apps.filter(state__in=TERMINAL_STATES).count()
    assert 0 < finished < 120
    assert len(states) >= 10  # spread over many states
    assert apps.overdue(NOW).exists()
    assert apps.filter(received_at__lt=NOW).count() == 120  # nothing filed in the future
    # Every step went through perform_transition: one audit row per transition, in a valid chain.
    checked, problems = check_chain()
    assert problems == [] and checked == TransitionLog.objects.count() > 120
    for app in apps.exclude(state="submitted")[:20]:
        rows = TransitionLog.objects.filter(record_type="records.application", record_id=str(app.pk))
        assert rows.first().transition == "file" and rows.last().to_state == app.state
        times = list(rows.values_list("at", flat=True))
        assert times == sorted(times) and times[-1] <= NOW


def test_seeding_twice_does_not_double_the_data(demo_users):
    assert sum(seed_applications(30, now=NOW).values()) == 30
    assert seed_applications(30, now=NOW) == Counter()
    assert Application.objects.count() == 30


def test_the_command_seeds_and_prints_the_logins(settings):
    out = io.StringIO()
    call_command("seed_demo", "--applications", "25", stdout=out)
    assert Application.objects.count() == 25
    assert "head-demo-2024" in out.getvalue()
    call_command("seed_demo", "--applications", "25", stdout=io.StringIO())
    assert Application.objects.count() == 25
