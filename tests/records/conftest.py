"""Fixtures of the records tests: one user per role, applicants with valid numbers, a settable clock, and
helpers that file applications and move them along."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from catalogue import SERVICES
from catalogue.documents import required_documents
from catalogue.roles import MEMBERSHIP_ROLES, Role, ensure_groups
from records import clock as records_clock
from records.api_tokens import grant_services
from records.identifiers import make_bin, make_iin
from records.services import file_application, get_or_create_applicant, perform_transition
from records.units import DISTRICT, TerritorialUnit, join

ALMATY = ZoneInfo("Asia/Almaty")


def at(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def doc(name: str = "өтініш.pdf") -> dict[str, str]:
    return {"name": name, "sha256": hashlib.sha256(name.encode()).hexdigest()}


def required_docs(service: str, subcase: str = "") -> list[dict[str, str]]:
    """One file for each document the service and kind require (catalogue.documents), as the portal sends."""
    return [{**doc(f"{d.code}.pdf"), "document": d.code} for d in required_documents(service, subcase)]


def valid_iin(born: date = date(1988, 5, 15), *, female: bool = False, start: int = 1) -> str:
    serial = start
    while (number := make_iin(born, female=female, serial=serial)) is None:
        serial += 1
    return number


def valid_bin(year: int = 2015, month: int = 3, *, start: int = 1) -> str:
    serial = start
    while (number := make_bin(year, month, serial=serial)) is None:
        serial += 1
    return number


class Clock:
    """records.clock.now() returns ``value``; tests move it."""

    def __init__(self, value: datetime) -> None:
        self.value = value

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # Wednesday 12 March 2025, 10:00 in Almaty: an ordinary working day with working days around it.
    fake = Clock(at(2025, 3, 12, 10, 0))
    monkeypatch.setattr(records_clock, "now", fake)
    return fake


def make_user(django_user_model, username: str, *roles: Role, unit: TerritorialUnit | None = None):
    """A user holding ``roles``; with ``unit``, a member of it in those of them a unit knows."""
    user = django_user_model.objects.create_user(username, first_name=username.title(), last_name="Тест")
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    if unit is not None:
        join(user, unit, *(role for role in roles if role in MEMBERSHIP_ROLES))
    if set(roles) - {Role.APPLICANT, Role.PORTAL}:  # staff sign documents: they need a profile (issue 16)
        give_profile(user)
    return user


def give_profile(user, position_kk: str = "Бөлім маманы", position_ru: str = "Специалист отдела"):
    """A complete staff profile named like the account ("Head Тест"), so documents print that name."""
    from records.staff_profiles import StaffProfile

    name = f"{user.first_name} {user.last_name}".strip() or user.get_username()
    return StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "full_name_kk": name,
            "full_name_ru": name,
            "position_kk": position_kk,
            "position_ru": position_ru,
        },
    )[0]


def make_unit(code: str, level: str = DISTRICT, name: str = "") -> TerritorialUnit:
    return TerritorialUnit.objects.create(code=code, level=level, name=name or code)


@pytest.fixture
def home_unit(db) -> TerritorialUnit:
    """The one unit of the records tests: every staff user of ``users`` works there."""
    return make_unit("taraz-city", DISTRICT, "Тараз қаласы әкімдігінің ветеринария бөлімі")


@pytest.fixture
def users(db, django_user_model, home_unit) -> dict[Role, object]:
    """One active user per role, holding that role only; the unit-bound staff are members of ``home_unit``
    and the portal account acts for every service (as the online form's account does)."""
    ensure_groups()
    made = {role: make_user(django_user_model, role.value, role, unit=home_unit) for role in Role}
    grant_services(made[Role.PORTAL], SERVICES)
    return made


@pytest.fixture
def person(db):
    return get_or_create_applicant("individual", valid_iin(), "Асқаров Нұрлан")


@pytest.fixture
def company(db):
    return get_or_create_applicant("legal_entity", valid_bin(), "«Жамбыл Агро» ЖШС")


FILING_DATA = {
    "vet_sanitary_conclusion": {"object_name": "Сүт цехы", "object_address": "Тараз қ., Абай к-сі 1"},
    "vet_certificate": {"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"},
    "registration_number": {
        "facility_name": "Құс фабрикасы",
        "facility_address": "Жамбыл ауд.",
        "activity": "құс өсіру",
    },
    "animal_identification": {"species": "сиыр", "head_count": 3},
    "attestation": {"activity": "ветеринариялық препараттарды сату"},
    "licence": {"activity": "ветеринариялық-санитариялық сараптама"},
}
SUBCASE_DATA = {
    ("registration_number", "reregister_name_or_form"): {
        "previous_accounting_number": "ZHM-2024-00007",
        "new_name": "«Жаңа Агро» ЖШС",
    },
    ("registration_number", "confirm_slaughter_site"): {"previous_accounting_number": "ZHM-2024-00008"},
    ("animal_identification", "duplicate_passport"): {"animal_number": "KZ0001"},
    ("animal_identification", "passport_extract"): {"animal_number": "KZ0002"},
    ("animal_identification", "reidentify_lost_tag"): {"animal_number": "KZ0003"},
}


def filing_data(service: str, subcase: str = "") -> dict:
    return {**FILING_DATA[service], **SUBCASE_DATA.get((service, subcase), {})}


@pytest.fixture
def file(users, person, clock):
    """file(service, subcase="", channel="office", applicant=person, **overrides) -> Application."""

    def _file(service, subcase="", *, channel="office", applicant=None, data=None, documents=None, by=None):
        if by is None:
            by = users[Role.PORTAL] if channel == "portal" else users[Role.OFFICE]
        return file_application(
            service,
            applicant=applicant or person,
            channel=channel,
            subcase=subcase,
            data=data if data is not None else filing_data(service, subcase),
            documents=documents if documents is not None else _default_docs(service, subcase, channel),
            by=by,
        )

    return _file


def _default_docs(service: str, subcase: str, channel: str) -> list[dict[str, str]]:
    # The portal channel must send the required documents (issue 14); the office takes them on paper.
    return required_docs(service, subcase) if channel == "portal" else [doc()]


@pytest.fixture
def step(users):
    """step(app, name, role=None, data=None, attachments=()) -> the application after the transition."""

    def _step(app, name, role, data=None, attachments=(), user=None):
        return perform_transition(
            app.pk, name, user=user or users[role], data=data or {}, attachments=attachments
        )

    return _step


@pytest.fixture
def run_path(file, step, users, clock):
    """run_path(path, until=None, check=True) -> the application after the path's steps (or the first
    ``until`` of them), asserting each state and due time of the table when ``check``."""
    from .paths import ATTACHMENTS, PATHS_BY_KEY

    def _run(path, *, until=None, check=True):
        extra = dict(path.extra_data)
        if path.needs_licence:
            issued = _run(PATHS_BY_KEY["s6-issue"], check=False)
            extra["licence_number"] = issued.issued_licences.get().number
        if path.needs_passport:
            extra["animal_number"] = _run(PATHS_BY_KEY["s4-identify"], check=False).result_number
        clock.set(path.filed_at)
        app = file(path.service, path.subcase, channel=path.channel, data={**path.data(), **extra})
        if any(s.role == Role.APPLICANT for s in path.steps):  # the cabinet: the owner's own account
            app.applicant.user = users[Role.APPLICANT]
            app.applicant.save(update_fields=["user"])
        if check:
            assert (app.state, app.due_at) == ("submitted", path.filed_due), f"{path.key}: filed"
        for s in path.steps[:until]:
            clock.set(s.at)
            payload = s.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk)
            app = step(app, s.name, s.role, payload, ATTACHMENTS.get(s.name, ()))
            if check:
                assert (app.state, app.due_at) == (s.state, s.due), f"{path.key}: {s.name}"
        return app

    return _run


# -- EDS sign-in (records.eds) ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def eds_pki(tmp_path_factory):
    """A test PKI (root, intermediate) for the whole session; its root written to a temporary file."""
    from records.eds.testpki import Pki

    pki = Pki("Test NCA")
    pki.root_path = pki.write_root(tmp_path_factory.mktemp("eds"))
    return pki


@pytest.fixture
def eds_trusted(settings, eds_pki):
    """The local verifier trusts ``eds_pki``'s root (and only it)."""
    settings.RECORDS_EDS_VERIFIER = "records.eds.local.verify"
    settings.RECORDS_EDS_TRUST_ROOTS = [str(eds_pki.root_path)]
    settings.RECORDS_EDS_CRLS = []
    return eds_pki


@pytest.fixture
def applicant_holder(eds_trusted):
    """holder(iin=None, name=…, **issue options) -> a certificate of the test PKI for that IIN."""
    counter = iter(range(700, 10_000))

    def _holder(iin: str | None = None, name: str = "Асқаров Нұрлан Серікұлы", **options):
        return eds_trusted.issue(iin or valid_iin(start=next(counter)), name, **options)

    return _holder


@pytest.fixture
def signed_in(client, applicant_holder):
    """signed_in(iin) signs ``client`` in with a test certificate of that IIN (name Омаров Ерлан)."""
    from .signin_support import sign_in

    def _sign_in(iin: str) -> None:
        sign_in(client, applicant_holder(iin, "Омаров Ерлан"))

    return _sign_in


@pytest.fixture
def owner(users, person):
    """The applicant user of ``users``, linked to ``person`` (who files every application of ``file``)."""
    person.user = users[Role.APPLICANT]
    person.save(update_fields=["user"])
    return users[Role.APPLICANT]
