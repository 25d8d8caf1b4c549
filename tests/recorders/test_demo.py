"""The demo month (``seed_demo``): one unit, several inspectors, meal pauses, one failure with its
replacement, one correction; every row went through the real services, and seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from catalogue.roles import Role
from records.audit_verify import verify_chain
from records.recorders import services
from records.recorders.demo import UNIT_CODE, seed_recorders_demo
from records.recorders.models import (
    Correction,
    JournalEntry,
    Malfunction,
    MealPause,
    MediaRecord,
    ReleaseRequest,
    TerritorialUnit,
)

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2025, 4, 15, 12, 0)  # the month before runs over Nauryz (21-25 March off)


@pytest.fixture
def seeded(db):
    from portal.demo import ensure_demo_users

    ensure_demo_users()
    return seed_recorders_demo(NOW)


def test_a_month_of_one_unit(seeded):
    unit = TerritorialUnit.objects.get(code=UNIT_CODE)
    assert seeded.created and seeded.unit == unit.name
    rows = JournalEntry.objects.filter(unit=unit)
    inspectors = set(rows.values_list("inspector_id", flat=True))
    assert len(inspectors) == 4
    days = {r.issued_at.astimezone(NOW.tzinfo).date() for r in rows}
    assert min(days).isoformat() >= "2025-03-16" and max(days).isoformat() == "2025-04-14"
    assert not {d.isoformat() for d in days} & {"2025-03-21", "2025-03-24", "2025-03-25"}  # Nauryz
    assert rows.count() == 4 * len(days) + 1  # the replacement row
    assert MealPause.objects.filter(entry__unit=unit, note__isnull=False).count() > 10
    assert MealPause.objects.filter(entry__unit=unit, note__isnull=True).count() == 1
    failure = Malfunction.objects.get(entry__unit=unit)
    assert failure.outcome == "replaced" and failure.replacement.replaces_id == failure.entry_id
    assert Correction.objects.filter(entry__unit=unit).count() == 1
    assert rows.filter(state="closed").count() == rows.count() - 4  # the last day's rows await upload
    assert rows.filter(state="returned").count() == 4
    assert MediaRecord.objects.filter(unit=unit).count() == seeded.recordings == 2 * (rows.count() - 4)
    assert ReleaseRequest.objects.filter(unit=unit, state="requested").count() == 1
    assert sum("uploaded_late" in r.flags(NOW) for r in rows) == 1


def test_the_demo_staff_work_in_the_unit(seeded):
    from django.contrib.auth import get_user_model

    unit = TerritorialUnit.objects.get(code=UNIT_CODE)
    users = get_user_model().objects
    for username, role in (
        ("head", Role.HEAD),
        ("responsible_person", Role.RESPONSIBLE_PERSON),
        ("inspector", Role.INSPECTOR),
    ):
        assert services.is_member(users.get(username=username), unit.pk, role)
    assert not users.get(username="inspector_aigul").has_usable_password()


def test_seeding_twice_adds_nothing(seeded):
    again = seed_recorders_demo(NOW)
    assert not again.created and (again.rows, again.recordings) == (seeded.rows, seeded.recordings)


def test_the_demo_is_consistent(seeded, django_user_model):
    assert verify_chain() == []
    out = io.StringIO()
    call_command("verify_media", stdout=out)
    assert "all intact" in out.getvalue()
    unit = TerritorialUnit.objects.get(code=UNIT_CODE)
    rp = django_user_model.objects.get(username="responsible_person")
    pdf = services.journal_pdf(services.open_book_of(unit.pk), by=rp)
    assert pdf[:4] == b"%PDF"
    worklist = services.worklist(unit, NOW)
    assert len(worklist.pauses_without_note) == 1 and len(worklist.uploads_pending) == 4
