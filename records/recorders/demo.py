"""Demo data of the recorders (``manage.py seed_demo``): one territorial unit with its head, responsible
person, office clerk and four inspectors, an open journal book and the working days of the last month,
played through the real services with the records clock set to each moment: issue, meal pauses with their
notes, return, upload the same evening, verification, wipe and signature.  One failure with a replacement,
one correction, one meal pause still without its note, one upload two days late, the last day's rows still
to upload, and one release request awaiting the head.

Idempotent: nothing is added when the demo unit has its journal book.
"""

from __future__ import annotations

import io
import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from catalogue.roles import Role
from records import calendar, clock
from records.demo.units import TARAZ_UNIT

from . import services
from .equipment import Equipment
from .journal import JournalBook
from .setup import setup_recorders
from .units import TerritorialUnit, designate

# The Taraz unit of the records demo (its applications' staff are this journal's too).
UNIT_CODE, UNIT_NAME = TARAZ_UNIT.code, TARAZ_UNIT.name
DAYS = 30
# Extra inspectors beside the demo user «inspector»: (username, first name and patronymic, surname).
EXTRA_INSPECTORS = [
    ("inspector_aigul", "Айгүл Маратқызы", "Оспанова"),
    ("inspector_daulet", "Дәулет Нұрланұлы", "Сейітов"),
    ("inspector_zhanna", "Жанна Болатқызы", "Әлиева"),
]
DEMO_NAMES = {
    "head": ("Қанат Өмірзақұлы", "Түгелбаев"),
    "responsible_person": ("Гүлнар Сәрсенқызы", "Ахметова"),
    "inspector": ("Ерлан Серікұлы", "Жақсыбеков"),
    "office_clerk": ("Дина Асқарқызы", "Кеңсебаева"),
}


@dataclass
class DemoSummary:
    unit: str
    rows: int
    recordings: int
    created: bool


def seed_recorders_demo(now: datetime | None = None, *, seed: int = 121) -> DemoSummary:
    """Seed the demo unit's month (see the module docstring); returns what it holds."""
    setup_recorders()
    unit = TerritorialUnit.objects.filter(code=UNIT_CODE).first()
    if unit is not None and JournalBook.objects.filter(unit=unit).exists():
        return _summary(unit, created=False)
    now = now or timezone.now()
    with transaction.atomic(), _clock() as moment:
        unit, staff = _unit_and_staff(moment, now)
        _Month(unit, staff, moment, random.Random(seed)).play(now)
        for user, _password in staff.extra:
            user.set_unusable_password()  # they signed their rows; they do not log in
            user.save(update_fields=["password"])
    return _summary(unit, created=True)


def _summary(unit: TerritorialUnit, *, created: bool) -> DemoSummary:
    from .journal import JournalEntry
    from .storage import MediaRecord

    return DemoSummary(
        unit=unit.name,
        rows=JournalEntry.objects.filter(unit=unit).count(),
        recordings=MediaRecord.objects.filter(unit=unit).count(),
        created=created,
    )


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


@dataclass
class _Staff:
    head: object
    rp: object
    office: object
    inspectors: list[tuple[object, str]]  # (user, password)
    extra: list[tuple[object, str]]


def _unit_and_staff(moment: list[datetime], now: datetime) -> tuple[TerritorialUnit, _Staff]:
    from portal.demo import demo_users

    moment[0] = _at(_start(now) - timedelta(days=3), 9, 0)
    model = get_user_model()
    admin = model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    demo = {d.username: d for d in demo_users()}
    users = {}
    for username, (first, last) in DEMO_NAMES.items():
        user = model.objects.get(username=username)
        if not (user.first_name or user.last_name):
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        users[username] = user
    extra = []
    for username, first, last in EXTRA_INSPECTORS:
        password = secrets.token_urlsafe(12)
        user, _ = model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=Role.INSPECTOR.value))
        extra.append((user, password))
    # The records demo may have made the unit already, for its applications.
    unit, _created = TerritorialUnit.objects.get_or_create(code=UNIT_CODE, defaults={"name": UNIT_NAME})
    head = users["head"]
    designate(unit, head, Role.HEAD, by=admin or head)
    for username, role in (("responsible_person", Role.RESPONSIBLE_PERSON), ("office_clerk", Role.OFFICE)):
        designate(unit, users[username], role, by=head)
    inspectors = [(users["inspector"], demo["inspector"].password), *extra]
    for user, _password in inspectors:
        designate(unit, user, Role.INSPECTOR, by=head)
    staff = _Staff(head, users["responsible_person"], users["office_clerk"], inspectors, extra)
    return unit, staff


def _start(now: datetime) -> date:
    return calendar.local_date(now) - timedelta(days=DAYS)


def _working_days(now: datetime) -> list[date]:
    """The working days of the month before today (today excluded: its rows would be in the future)."""
    today = calendar.local_date(now)
    day, days = _start(now), []
    while day < today:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hour: int, minute: int) -> datetime:
    return calendar.working_day_start(day).replace(hour=hour, minute=minute)


class _Month:
    def __init__(self, unit, staff: _Staff, moment: list[datetime], rng: random.Random) -> None:
        self.unit, self.staff, self.moment, self.rng = unit, staff, moment, rng
        self.rp = staff.rp

    def set(self, when: datetime) -> None:
        self.moment[0] = when

    def play(self, now: datetime) -> None:
        self._inventory()
        days = _working_days(now)
        if len(days) < 8:
            return
        self._book(days[0])
        failure_day, correction_day, gap_day, late_day = days[len(days) // 2], days[3], days[-3], days[5]
        deferred: list = []  # one day's row uploaded two working days late
        for day in days:
            self._reseal(day)
            rows = self._day(
                day, failure=day == failure_day, correction=day == correction_day, gap=day == gap_day
            )
            if day == days[-1]:
                break  # the last day's rows wait for their upload (the worklist shows them)
            if day == late_day:
                deferred, rows = rows[:1], rows[1:]
            elif deferred and day == days[days.index(late_day) + 2]:
                rows, deferred = deferred + rows, []
            for index, row in enumerate(rows):
                self._upload(row, _at(day, 18, 40) + timedelta(minutes=4 * index))
        self._release_request(days[-1])

    # -- set-up ---------------------------------------------------------------------------------------------

    def _inventory(self) -> None:
        self.recorders, self.cards = [], []
        for n in range(1, 7):
            recorder = services.register_device(
                self.unit, Equipment.Kind.RECORDER, by=self.rp, model_name="BWC-7"
            )
            card = services.register_device(
                self.unit, Equipment.Kind.MEMORY_CARD, by=self.rp, model_name="microSD"
            )
            self.recorders.append(services.assign_inventory_number(recorder, f"БТ-{n:04d}", by=self.rp))
            self.cards.append(services.assign_inventory_number(card, f"ЖК-{n:04d}", by=self.rp))
        # A recorder received but not yet numbered: it cannot be issued (point 7).
        services.register_device(self.unit, Equipment.Kind.RECORDER, by=self.rp, model_name="BWC-7")
        for n, (recorder, card) in enumerate(zip(self.recorders, self.cards, strict=True), start=1):
            services.install_card_and_seal(recorder, card, f"М-{n:04d}", by=self.rp)

    def _book(self, first_day: date) -> None:
        self.set(_at(first_day, 8, 30) - timedelta(days=1))
        book = services.create_book(self.unit, "1", by=self.rp)
        services.register_book(book, page_count=100, registration_number="К-1/17", by=self.staff.office)
        self.set(_at(first_day, 8, 35))
        services.open_book(book, by=self.rp)

    # -- a working day --------------------------------------------------------------------------------------

    def _free_recorders(self) -> list:
        """Recorders in custody, prepared, whose card is empty (uploaded and wiped)."""
        found = Equipment.objects.filter(
            pk__in=[r.pk for r in self.recorders], state="in_custody"
        ).select_related("installed_card")
        return [r for r in found if r.is_prepared and r.installed_card.data_state == Equipment.Data.EMPTY]

    def _day(self, day: date, *, failure: bool, correction: bool, gap: bool) -> list:
        rows = []
        free = self._free_recorders()
        for index, (inspector, password) in enumerate(self.staff.inspectors):
            self.set(_at(day, 8, 40 + index * 4))
            row = services.issue_recorder(
                self.unit,
                recorder=free[index],
                inspector=inspector,
                by=self.rp,
                inspector_password=password,
                clock_set=True,
            )
            self.set(_at(day, 9, index * 3))
            rows.append(services.start_recording(row, by=inspector))
        if correction:  # a note written wrong, then corrected as point 10 says
            self.set(_at(day, 9, 30))
            note = services.add_note(rows[1], "Бейнетіркегіш зарядталмаған күйде берілді.", by=self.rp)
            self.set(_at(day, 9, 40))
            services.correct_entry(
                rows[1],
                column=8,
                note=note,
                new_value="Бейнетіркегіш толық зарядталған күйде берілді.",
                reason="Ескертпе қате жазылды",
                by=self.rp,
            )
        for index, row in enumerate(rows):
            unnoted = gap and index == 0
            if unnoted or self.rng.random() < 0.7:
                self._meal(day, row, note=not unnoted)
        replaced = None
        if failure:
            replaced, rows[-1] = rows[-1], self._failure(day, rows[-1])
        for index, row in enumerate(rows):
            self.set(_at(day, 18, 2 + index * 5))
            rows[index] = services.return_equipment(
                row, by=self.rp, inspector_password=self.staff.inspectors[index][1]
            )
        return rows + ([replaced] if replaced else [])

    def _meal(self, day: date, row, *, note: bool) -> None:
        start = _at(day, 13, self.rng.randint(0, 20))
        end = start + timedelta(minutes=self.rng.randint(30, 55))
        self.set(start + timedelta(minutes=1))
        pause = services.pause_for_meal(row, by=row.inspector, spoken_at=start)
        self.set(end + timedelta(minutes=1))
        services.resume_after_meal(row, by=row.inspector, spoken_at=end)
        if note:  # the gap day's first pause stays without its note: the worklist flags it
            self.set(end + timedelta(minutes=20))
            services.write_pause_note(pause, by=self.rp)

    def _failure(self, day: date, row):
        inspector, password = self.staff.inspectors[-1]
        self.set(_at(day, 11, 12))
        services.report_malfunction(
            row, by=inspector, cause="Бейнетіркегіш өшіп қалды, қайта қосылмайды", failed_at=_at(day, 11, 10)
        )
        self.set(_at(day, 11, 55))
        spare = self._free_recorders()[0]
        return services.replace_recorder(
            row, new_recorder=spare, by=self.rp, inspector_password=password, clock_set=True
        )

    def _upload(self, row, when: datetime) -> None:
        self.set(when)
        files = [
            services.IncomingFile(
                f"REC_{timezone.localtime(row.issued_at):%Y%m%d}_{row.serial:04d}_{n}.MP4",
                io.BytesIO(f"demo recording {row.pk}/{n} ".encode() * 4096),
            )
            for n in range(1, 3)
        ]
        services.upload_recordings(row, files, by=self.rp)
        self.set(when + timedelta(minutes=2))
        services.verify_upload(row, by=self.rp)
        services.clear_card(row, by=self.rp)
        services.close_entry(row, by=self.rp)

    def _reseal(self, day: date) -> None:
        """A failed recorder comes back from repair the next morning; an empty card goes in, newly sealed."""
        for recorder in Equipment.objects.filter(pk__in=[r.pk for r in self.recorders], state="faulty"):
            self.set(_at(day, 8, 20))
            services.repair(recorder, "Аккумулятор ауыстырылды", by=self.rp)
            card = Equipment.objects.filter(
                pk__in=[c.pk for c in self.cards],
                state="in_custody",
                data_state="empty",
                installed_in__isnull=True,
            ).first()
            if card is not None:
                services.install_card_and_seal(
                    Equipment.objects.get(pk=recorder.pk), card, "М-0099", by=self.rp
                )

    def _release_request(self, day: date) -> None:
        inspector = self.staff.inspectors[0][0]
        media = list(services.own_recordings(inspector).order_by("-uploaded_at")[:1])
        if media:
            self.set(_at(day, 18, 45))
            services.request_release(
                self.unit,
                [m.pk for m in media],
                by=inspector,
                purpose="Әкімшілік құқық бұзушылық туралы хаттаманың дәлелдеу базасы (3-тармақ)",
            )
