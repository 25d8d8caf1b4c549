"""Issue 16: result documents name their signatories by staff profile (full name and position), never by
login, cite the regulation's point, and an official without a profile cannot sign (nothing is written)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from certificates.services import context_for, render_pdf
from records.errors import GuardFailed
from records.staff_profiles import StaffProfile
from tests.certificates.conftest import pdf_text

from . import ui_support
from .conftest import give_profile
from .paths import PATHS_BY_KEY
from .test_result_documents import docs_of, registry_state, the_document

login, staff, fresh_cache = ui_support.login, ui_support.staff, ui_support.fresh_cache  # fixtures

pytestmark = pytest.mark.django_db

HEAD = ("Ахметов Ерлан Бақытжанұлы", "Ахметов Ерлан Бакытжанович")
HEAD_POSITION = ("Ветеринария бөлімінің басшысы", "Руководитель отдела ветеринарии")
EXECUTOR = ("Сейітқали Динара Маратқызы", "Сейткали Динара Маратовна")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def named(users):
    """The head and the executor with real-looking profiles (the other staff keep the conftest's)."""
    StaffProfile.objects.filter(user=users[Role.HEAD]).update(
        full_name_kk=HEAD[0], full_name_ru=HEAD[1], position_kk=HEAD_POSITION[0], position_ru=HEAD_POSITION[1]
    )
    StaffProfile.objects.filter(user=users[Role.EXECUTOR]).update(
        full_name_kk=EXECUTOR[0], full_name_ru=EXECUTOR[1]
    )
    return users


def text_of(document) -> str:
    return pdf_text(Path(document.file.path))


def test_the_licence_names_the_head_by_profile_and_cites_point_3(run_path, named):
    document = the_document(run_path(PATHS_BY_KEY["s6-issue"], check=False))
    payload = document.payload
    assert (payload["head"], payload["head_position"]) == (HEAD[0], HEAD_POSITION[0])
    assert payload["signatory"] == {
        "role": "head",
        "full_name_kk": HEAD[0],
        "full_name_ru": HEAD[1],
        "position_kk": HEAD_POSITION[0],
        "position_ru": HEAD_POSITION[1],
    }
    assert payload["legal_basis"]["anchor"] == "d6-p3"
    text = text_of(document)
    assert HEAD[0] in text and HEAD_POSITION[0] in text
    assert (
        "«Ветеринария саласындағы қызметпен айналысуға лицензия беру» мемлекеттік көрсетілетін қызмет "
        "регламентінің 3-тармағына сәйкес берілді." in text
    )
    assert "Жамбыл облысы әкімдігінің 2017 жылғы 20 ақпандағы № 19 қаулысымен" in text
    assert not re.search(r"\bhead\b", text)  # the login is printed nowhere


def test_the_certificate_is_signed_by_the_executor_who_issues_it(run_path, named):
    document = the_document(run_path(PATHS_BY_KEY["s2-office"], check=False))
    assert document.payload["signatory"]["role"] == "executor"
    assert document.payload["executor"] == EXECUTOR[0]
    text = text_of(document)
    assert f"Бөлім маманы {EXECUTOR[0]}" in text  # the position, then the name on the signature line
    assert "«Ветеринариялық анықтама беру» мемлекеттік көрсетілетін қызмет регламентінің 3-тармағына" in text


# (path, the anchor of the point the result is issued under)
CITED = [
    ("s1-office", "d1-p3"),
    ("s1-refused", "d1-p5-s5"),
    ("s2-refused", "d2-p3"),
    ("s3-reregister", "d3-p3"),
    ("s3-refused-incomplete", "d3-p5-s3"),
    ("s3-refused-by-oblast", "d3-p3"),
    ("s4-extract-portal", "d4-p3"),
    ("s4-refused", "d4-p1"),
    ("s5-attested", "d5-p3-s1"),
    ("s5-failed-test", "d5-p3-s3"),
    ("s5-returned", "d5-p5-s3"),
    ("s6-issue-refused", "d6-p3"),
]


@pytest.mark.parametrize(("key", "anchor"), CITED, ids=[c[0] for c in CITED])
def test_each_result_prints_the_point_it_is_issued_under(run_path, users, key, anchor):
    document = the_document(run_path(PATHS_BY_KEY[key], check=False))
    basis = document.payload["legal_basis"]
    assert basis["anchor"] == anchor
    text = text_of(document)
    assert f"{basis['kk']} берілді." in text
    signatory = document.payload["signatory"]
    assert f"{signatory['position_kk']} {signatory['full_name_kk']}" in text
    assert signatory["role"] in {"head", "executor"} and "username" not in signatory


def test_an_executor_without_a_profile_cannot_sign_and_nothing_is_written(run_path, step, clock, users):
    path = PATHS_BY_KEY["s2-office"]
    app = run_path(path, until=len(path.steps) - 1, check=False)
    StaffProfile.objects.filter(user=users[Role.EXECUTOR]).update(position_ru="  ")  # incomplete
    before, state = registry_state(), app.state
    last = path.steps[-1]
    clock.set(last.at)
    with pytest.raises(GuardFailed) as error:
        step(app, last.name, last.role, last.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk))
    with translation.override("kk"):
        assert error.value.message.startswith("Қол қоймас бұрын қызметкер профиліңізді")
    with translation.override("ru"):
        assert error.value.message.startswith("Перед подписанием заполните свой профиль сотрудника")
    app.refresh_from_db()
    assert registry_state() == before and app.state == state and docs_of(app) == []


def test_a_head_without_a_profile_stops_the_hand_over_of_the_licence(run_path, step, clock, users):
    path = PATHS_BY_KEY["s6-issue"]
    app = run_path(path, until=len(path.steps) - 1, check=False)
    StaffProfile.objects.filter(user=users[Role.HEAD]).delete()
    before = registry_state()
    last = path.steps[-1]
    clock.set(last.at)
    with pytest.raises(GuardFailed) as error:
        step(app, last.name, last.role, last.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk))
    with translation.override("kk"):
        assert error.value.message.startswith("Бұл құжатқа Head Тест қол қояды, бірақ")
    with translation.override("ru"):
        assert "профиль сотрудника не заполнен" in error.value.message
    assert registry_state() == before
    app.refresh_from_db()
    assert app.state == "signed"  # still waiting to be handed over
    give_profile(users[Role.HEAD])  # filled in: the same step now issues the licence
    app = step(app, last.name, last.role, last.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk))
    assert the_document(app).payload["head"] == "Head Тест"


def test_a_document_keeps_the_names_it_printed_when_the_profile_changes(run_path, named, users):
    document = the_document(run_path(PATHS_BY_KEY["s3-assign"], check=False))
    printed = text_of(document)
    StaffProfile.objects.filter(user=users[Role.HEAD]).update(
        full_name_kk="Жаңа Басшы Тестұлы", position_kk="Басқарма басшысы"
    )
    document.refresh_from_db()
    assert document.payload["head"] == HEAD[0]
    reprint = render_pdf(document.doc_type, context_for(document))
    path = Path(document.file.path).with_name("reprint.pdf")
    path.write_bytes(reprint)
    reprinted = pdf_text(path)
    assert HEAD[0] in reprinted and "Жаңа Басшы" not in reprinted and HEAD[0] in printed


def test_a_document_from_before_profiles_reprints_as_it_was(run_path, users):
    """Documents issued before issue 16 carry a login and no position or citation: a reprint keeps them."""
    document = the_document(run_path(PATHS_BY_KEY["s3-assign"], check=False))
    old = {
        k: v for k, v in document.payload.items() if k not in ("signatory", "legal_basis", "head_position")
    }
    old["head"] = "head"
    ctx = context_for(document)
    pdf = render_pdf(document.doc_type, ctx.__class__(**{**ctx.__dict__, "payload": old}))
    path = Path(document.file.path).with_name("old.pdf")
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert "Бөлім басшысы head" in text and "сәйкес берілді" not in text


@pytest.mark.parametrize(
    ("language", "name", "position", "basis"),
    [
        ("kk", HEAD[0], HEAD_POSITION[0], "регламентінің 3-тармағына сәйкес"),
        ("ru", HEAD[1], HEAD_POSITION[1], "В соответствии с пунктом 3 Регламента государственной услуги"),
    ],
)
def test_the_verify_page_names_the_signatory_in_the_readers_language(
    run_path, named, client, language, name, position, basis
):
    document = the_document(run_path(PATHS_BY_KEY["s3-assign"], check=False))
    with translation.override(language):
        html = client.get(reverse("certificates:verify", args=[document.verification_code])).content.decode()
    assert f'<dd class="verify-signatory" lang="{language}">{name}, {position}</dd>' in html
    assert basis in html
    assert ">head<" not in html


def test_staff_see_who_signed_each_issued_document(run_path, named, login):
    app = run_path(PATHS_BY_KEY["s3-assign"], check=False)
    html = login(Role.HEAD).get(reverse("records_application", args=[app.pk])).content.decode()
    assert f"{HEAD[0]}, {HEAD_POSITION[0]}" in html


def test_administrators_edit_the_profiles_in_the_admin(client, django_user_model, users):
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("staff_profiles:add")
    assert client.get(url).status_code == 200
    user = django_user_model.objects.create_user("new_vet")
    form = {
        "user": user.pk,
        "full_name_kk": "Омарова Айдана Сәкенқызы",
        "full_name_ru": "Омарова Айдана Сакеновна",
        "position_kk": "Мемлекеттік ветеринариялық дәрігер",
        "position_ru": "Государственный ветеринарный врач",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=user).position_ru == "Государственный ветеринарный врач"
    client.force_login(users[Role.HEAD])  # staff without the permission
    assert client.get(reverse("staff_profiles:index")).status_code in (302, 403)


def test_the_demo_staff_get_real_looking_profiles(db):
    from portal.demo import ensure_demo_users
    from records.demo.staff import DEMO_PROFILES, ensure_demo_staff_profiles

    ensure_demo_users()
    written = ensure_demo_staff_profiles()
    assert written == ensure_demo_staff_profiles()  # idempotent
    head = StaffProfile.objects.get(user__username="head")
    assert head.is_complete and head.full_name_kk == DEMO_PROFILES["head"][0]
    for username in ("head", "executor", "state_vet_doctor", "office_clerk", "oblast_inspection"):
        profile = StaffProfile.objects.get(user__username=username)
        assert profile.is_complete and username not in profile.full_name_kk
    assert not StaffProfile.objects.filter(user__username="portal_system").exists()
