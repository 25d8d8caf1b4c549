"""Fixtures of the search tests: the osmem server (the Elasticsearch API, started here on a free port for the
session and stopped after it), a backend fixture that runs a test on both backends, users per role, and
helpers that import the two acts and file applications."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import pytest
from django.contrib.auth.models import Group

from catalogue.roles import Role, ensure_groups
from records.identifiers import make_bin, make_iin
from search import outbox
from search.backends import get_backend, reset_backend
from search.testing import start_osmem

BACKENDS = ["embedded", "elasticsearch"]


@pytest.fixture(scope="session")
def es_server():
    server = start_osmem()
    yield server
    server.close()


def use_backend(settings, name: str, es_server=None) -> None:
    reset_backend()
    if name == "elasticsearch":
        settings.ELASTICSEARCH_URL = es_server.url
        settings.SEARCH_INDEX_PREFIX = f"t{uuid.uuid4().hex[:10]}"  # a fresh set of indices per test
    else:
        settings.ELASTICSEARCH_URL = ""


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """The test runs once per backend; ``get_backend()`` returns it."""
    es = request.getfixturevalue("es_server") if request.param == "elasticsearch" else None
    use_backend(settings, request.param, es)
    yield get_backend()
    if request.param == "elasticsearch":
        for index in ("points", "records"):
            get_backend().drop(index)
    reset_backend()


@pytest.fixture
def embedded(settings, db):
    use_backend(settings, "embedded")
    yield get_backend()
    reset_backend()


@pytest.fixture
def acts(db, act_000_path, act_003_path):
    """Both real acts imported and published; the outbox delivered."""
    from portal.publishing import import_act_file

    import_act_file(act_000_path)
    import_act_file(act_003_path)
    outbox.drain()
    from portal.models import LegalActPage

    return {act.code: act for act in LegalActPage.objects.all()}


def make_user(django_user_model, username: str, *roles: Role, **extra):
    ensure_groups()
    user = django_user_model.objects.create_user(
        username, password="pw", first_name=username.title(), last_name="Тест", **extra
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def users(db, django_user_model):
    """One user per role; the unit-bound staff are members of one unit, so they file and read its
    applications (records.scope)."""
    from django.utils import timezone

    from catalogue.roles import MEMBERSHIP_ROLES
    from records.units import TerritorialUnit, UnitMembership

    ensure_groups()
    made = {role: make_user(django_user_model, role.value, role) for role in Role}
    unit = TerritorialUnit.objects.create(code="search-unit", name="Тараз қаласы")
    for role in MEMBERSHIP_ROLES:
        UnitMembership.objects.create(unit=unit, user=made[role], role=role.value, since=timezone.now())
    return made


def valid_iin(born: date = date(1988, 5, 15), start: int = 1) -> str:
    serial = start
    while (number := make_iin(born, female=False, serial=serial)) is None:
        serial += 1
    return number


def valid_bin(start: int = 1) -> str:
    serial = start
    while (number := make_bin(2015, 3, serial=serial)) is None:
        serial += 1
    return number


def doc(name: str = "өтініш.pdf") -> dict[str, str]:
    return {"name": name, "sha256": hashlib.sha256(name.encode()).hexdigest()}


@pytest.fixture
def file_app(users):
    """file_app(service="vet_certificate", applicant=None, data=None) -> Application (filed by the office)."""
    from records.services import file_application, get_or_create_applicant

    def _file(service="vet_certificate", *, applicant=None, data=None, name="Асқаров Нұрлан", iin=None):
        if applicant is None:
            if name.startswith("«"):  # an organisation's name (issue 14: a person's name is letters only)
                applicant = get_or_create_applicant("legal_entity", valid_bin(start=len(name)), name)
            else:
                applicant = get_or_create_applicant("individual", iin or valid_iin(), name)
        data = data or {"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"}
        return file_application(
            service,
            applicant=applicant,
            channel="office",
            data=data,
            documents=[doc()],
            by=users[Role.OFFICE],
        )

    return _file
