"""Fixtures of the recorder tests: one unit with its staff (and a second unit), an open journal book,
prepared recorder sets, a settable clock and a storage folder per test."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from catalogue.roles import Role, ensure_groups
from records import clock as records_clock
from records.recorders import services
from records.recorders.models import Equipment, TerritorialUnit
from records.recorders.units import designate

ALMATY = ZoneInfo("Asia/Almaty")


def at(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def password(user) -> str:
    return f"pw-{user.username}"


class Clock:
    """records.clock.now() returns ``value``; tests move it."""

    def __init__(self, value: datetime) -> None:
        self.value = value

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.RECORDER_STORAGE_ROOT = tmp_path / "evidence"
    return tmp_path / "evidence"


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # Wednesday 12 March 2025, 08:50 in Almaty: an ordinary working day before Nauryz.
    fake = Clock(at(2025, 3, 12, 8, 50))
    monkeypatch.setattr(records_clock, "now", fake)
    return fake


def make_user(django_user_model, username: str, first: str, last: str, *roles: Role):
    user = django_user_model.objects.create_user(
        username, password=f"pw-{username}", first_name=first, last_name=last
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return django_user_model.objects.get(pk=user.pk)


class Staff:
    def __init__(self, django_user_model, unit, other_unit):
        ensure_groups()
        mk = lambda *a: make_user(django_user_model, *a)  # noqa: E731
        self.admin = django_user_model.objects.create_superuser("root", password="pw-root")
        self.head = mk("head", "Қанат Өмірзақұлы", "Түгелбаев", Role.HEAD)
        self.rp = mk("rp", "Гүлнар Сәрсенқызы", "Ахметова", Role.RESPONSIBLE_PERSON)
        self.inspector = mk("insp", "Ерлан Серікұлы", "Жақсыбеков", Role.INSPECTOR)
        self.inspector2 = mk("insp2", "Айгүл Маратқызы", "Оспанова", Role.INSPECTOR)
        self.office = mk("office", "Дина", "Кеңсебаева", Role.OFFICE)
        self.other_head = mk("head2", "Бауыржан", "Басқабаев", Role.HEAD)
        self.other_rp = mk("rp2", "Сәуле", "Басқаева", Role.RESPONSIBLE_PERSON)
        self.outsider = mk("outsider", "Марат", "Сыртқы", Role.EXECUTOR)
        designate(unit, self.head, Role.HEAD, by=self.admin)
        designate(other_unit, self.other_head, Role.HEAD, by=self.admin)
        for user, role in (
            (self.rp, Role.RESPONSIBLE_PERSON),
            (self.inspector, Role.INSPECTOR),
            (self.inspector2, Role.INSPECTOR),
            (self.office, Role.OFFICE),
        ):
            designate(unit, user, role, by=self.head)
        designate(other_unit, self.other_rp, Role.RESPONSIBLE_PERSON, by=self.other_head)


@pytest.fixture
def unit(db) -> TerritorialUnit:
    return TerritorialUnit.objects.create(name="Тараз қалалық аумақтық инспекциясы", code="taraz")


@pytest.fixture
def other_unit(db) -> TerritorialUnit:
    return TerritorialUnit.objects.create(name="Меркі аудандық аумақтық инспекциясы", code="merki")


@pytest.fixture
def staff(db, django_user_model, unit, other_unit, clock) -> Staff:
    return Staff(django_user_model, unit, other_unit)


@pytest.fixture
def book(staff, unit):
    book = services.create_book(unit, "1", by=staff.rp)
    services.register_book(book, page_count=100, registration_number="К-17", by=staff.office)
    return services.open_book(book, by=staff.rp)


class Devices:
    """Creates numbered devices and prepared sets (recorder + card, slot sealed) for a unit."""

    def __init__(self, unit, rp) -> None:
        self.unit, self.rp, self.n = unit, rp, 0

    def device(self, kind: str, number: str | None = "auto") -> Equipment:
        self.n += 1
        device = services.register_device(self.unit, kind, by=self.rp, serial_number=f"SN{self.n:04d}")
        if number == "auto":
            prefix = "БТ" if kind == Equipment.Kind.RECORDER else "ЖК"
            number = f"{prefix}-{self.n:04d}"
        if number:
            device = services.assign_inventory_number(device, number, by=self.rp)
        return device

    def prepared(self) -> Equipment:
        recorder = self.device(Equipment.Kind.RECORDER)
        card = self.device(Equipment.Kind.MEMORY_CARD)
        return services.install_card_and_seal(recorder, card, f"М-{self.n:04d}", by=self.rp)


@pytest.fixture
def devices(staff, unit) -> Devices:
    return Devices(unit, staff.rp)


def issue(staff, unit, recorder, inspector=None):
    inspector = inspector or staff.inspector
    return services.issue_recorder(
        unit,
        recorder=recorder,
        inspector=inspector,
        by=staff.rp,
        inspector_password=password(inspector),
        clock_set=True,
    )


def files(*contents: bytes, prefix: str = "REC") -> list[services.IncomingFile]:
    return [
        services.IncomingFile(f"{prefix}_{i:04d}.MP4", io.BytesIO(data)) for i, data in enumerate(contents, 1)
    ]


def through_upload(staff, entry, *contents: bytes):
    """Start, return and upload a row (the clock is left where it is)."""
    entry.refresh_from_db()
    if entry.state == "issued":
        services.start_recording(entry, by=staff.rp)
    entry = services.return_equipment(entry, by=staff.rp, inspector_password=password(entry.inspector))
    services.upload_recordings(entry, files(*(contents or (b"video-1", b"video-2"))), by=staff.rp)
    entry.refresh_from_db()
    return entry
