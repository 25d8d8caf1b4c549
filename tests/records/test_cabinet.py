"""The applicant's cabinet (/kk/cabinet/, /ru/cabinet/): only the signed-in applicant's own applications
(anyone else's is a 404, for every view), the timeline, result documents, and the withdrawal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from records.applications import Application
from records.cabinet import views
from records.demo import seed_cabinet
from records.models import TransitionLog

from . import ui_support
from .conftest import at, make_user
from .test_tracker import issue_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(name: str, *args, language: str = "kk") -> str:
    with translation.override(language):
        return reverse(f"records:{name}", args=args)


@pytest.fixture
def other(django_user_model, company):
    """Another applicant's account, with an application of their own."""
    user = make_user(django_user_model, "other-applicant", Role.APPLICANT)
    company.user = user
    company.save(update_fields=["user"])
    return user


@pytest.fixture
def theirs(file, company, other):
    return file("vet_certificate", applicant=company)


def test_anonymous_visitors_are_sent_to_the_applicant_sign_in(client, settings):
    settings.RECORDS_APPLICANT_LOGIN_URL = "records:track"  # a page that exists in every tree
    response = client.get(url("cabinet"))
    assert response.status_code == 302
    assert response["Location"] == url("track") + "?next=%2Fkk%2Fcabinet%2F"
    detail = client.get(url("cabinet_detail", "2025-1-000001", language="ru"))
    assert detail["Location"] == url("track", language="ru") + "?next=%2Fru%2Fcabinet%2F2025-1-000001%2F"


def test_without_a_sign_in_page_anonymous_visitors_get_a_403_in_their_language(client, settings):
    settings.RECORDS_APPLICANT_LOGIN_URL = "records:no_such_page"
    for language in ("kk", "ru"):
        response = client.get(url("cabinet", language=language))
        assert response.status_code == 403
        message = ui_support.in_language(
            language,
            "Sign-in for applicants is not available yet. Look your application up with the tracker.",
        )
        assert message in response.content.decode()


def test_a_staff_account_has_no_cabinet(client, users):
    client.force_login(users[Role.EXECUTOR])
    response = client.get(url("cabinet"))
    assert response.status_code == 403
    text = ui_support.in_language(
        "kk", "This account is not linked to an applicant, so it has no applications to show."
    )
    assert text in response.content.decode()


def test_the_list_shows_only_the_applicants_own_applications_newest_first(
    client, owner, file, step, clock, theirs
):
    clock.set(at(2025, 3, 12, 10, 0))
    older = file("vet_sanitary_conclusion")
    clock.set(at(2025, 3, 12, 11, 0))
    newer = step(file("vet_certificate"), "register", Role.EXECUTOR)
    clock.set(at(2025, 3, 13, 12, 0))  # the certificate's examination was due on the 12th: overdue
    client.force_login(owner)
    page = client.get(url("cabinet")).content.decode()
    assert theirs.registration_no not in page
    assert page.index(newer.registration_no) < page.index(older.registration_no)
    row = page[page.index(f'data-number="{newer.registration_no}"') :].split("</tr>")[0]
    assert 'class="records-overdue"' in row and ui_support.in_language("kk", "overdue") in row
    assert ui_support.in_language("kk", "Registered") in row
    assert "2025 жылғы 12 наурыз, 18:30" in row  # due at the close of the day of receipt, Almaty time
    ru = client.get(url("cabinet", language="ru")).content.decode()
    assert ui_support.in_language("ru", "My applications") in ru


def test_the_list_is_paginated(client, owner, file, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    apps = [file("vet_certificate") for _ in range(3)]
    client.force_login(owner)
    first = client.get(url("cabinet")).content.decode()
    second = client.get(url("cabinet") + "?page=2").content.decode()
    shown = [app.registration_no in first for app in apps], [app.registration_no in second for app in apps]
    assert shown == (
        [False, True, True],
        [True, False, False],
    )  # received at the same moment: newest id first


def test_the_detail_shows_the_timeline_in_almaty_time(client, owner, file, step, clock):
    clock.set(at(2025, 3, 12, 10, 0))
    app = file("vet_certificate")
    clock.set(at(2025, 3, 12, 10, 10))
    step(app, "register", Role.EXECUTOR)
    client.force_login(owner)
    response = client.get(url("cabinet_detail", app.registration_no))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-transition="file"' in page and 'data-transition="register"' in page
    assert "10:10" in page and "05:10" not in page  # 10:10 in Almaty is 05:10 UTC
    assert 'data-state="registered"' in page
    by_pk = client.get(url("cabinet_detail", str(app.pk)))
    assert by_pk.status_code == 200
    # The filed documents are listed; a staff attachment (an inspection act) is the staff's, not listed.
    staff_act = {"name": "тексеру-актісі.pdf", "sha256": "d" * 64, "transition": "submit_act"}
    Application.objects.filter(pk=app.pk).update(documents=[*app.documents, staff_act])
    page = client.get(url("cabinet_detail", app.registration_no)).content.decode()
    assert "өтініш.pdf" in page and "тексеру-актісі.pdf" not in page


def test_another_applicants_application_is_a_404_everywhere(client, owner, theirs):
    client.force_login(owner)
    document = issue_for(theirs)
    before = TransitionLog.objects.count()
    for key in (theirs.registration_no, str(theirs.pk)):
        assert client.get(url("cabinet_detail", key)).status_code == 404
        assert client.get(url("cabinet_download", key, document.verification_code)).status_code == 404
        assert client.post(url("cabinet_upload", key), {}).status_code == 404
        assert client.get(url("cabinet_withdraw", key)).status_code == 404
        assert client.post(url("cabinet_withdraw", key), {"reason": "x"}).status_code == 404
    assert Application.objects.get(pk=theirs.pk).state == "submitted"
    assert TransitionLog.objects.count() == before


def test_the_owner_downloads_their_result_documents(client, owner, file, theirs):
    app = file("vet_certificate")
    document = issue_for(app)
    foreign = issue_for(theirs)
    client.force_login(owner)
    page = client.get(url("cabinet_detail", app.registration_no)).content.decode()
    link = url("cabinet_download", app.registration_no, document.verification_code)
    assert link in page and foreign.number not in page
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
    # Another applicant's document code through one's own application: not found.
    assert (
        client.get(url("cabinet_download", app.registration_no, foreign.verification_code)).status_code == 404
    )


def test_the_owner_withdraws_after_a_confirmation(client, owner, file):
    app = file("vet_sanitary_conclusion")
    client.force_login(owner)
    page = client.get(url("cabinet_detail", app.registration_no)).content.decode()
    assert url("cabinet_withdraw", app.registration_no) in page
    confirm = client.get(url("cabinet_withdraw", app.registration_no))
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
    assert Application.objects.get(pk=app.pk).state == "submitted"  # a GET changes nothing
    done = client.post(
        url("cabinet_withdraw", app.registration_no), {"reason": "Қажет емес", "state": "submitted"}
    )
    assert done.status_code == 302
    app = Application.objects.get(pk=app.pk)
    assert app.state == "withdrawn" and app.due_at is None and app.closed_at is not None
    last = TransitionLog.objects.filter(record_id=str(app.pk)).order_by("-pk").first()
    assert (last.transition, last.reason, last.actor) == ("withdraw", "Қажет емес", owner)


def test_withdrawing_needs_the_csrf_token(owner, file):
    app = file("vet_sanitary_conclusion")
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(url("cabinet_withdraw", app.registration_no), {"reason": ""})
    assert response.status_code == 403
    assert Application.objects.get(pk=app.pk).state == "submitted"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_withdrawal_after_the_result_is_prepared_is_refused_in_the_users_language(
    client, owner, file, step, language
):
    app = step(
        step(file("vet_certificate"), "register", Role.EXECUTOR),
        "examine",
        Role.EXECUTOR,
        {"identification_checked": True, "epizootic_situation": "Тұрақты."},
    )
    client.force_login(owner)
    page = client.get(url("cabinet_detail", app.registration_no, language=language)).content.decode()
    assert url("cabinet_withdraw", app.registration_no, language=language) not in page
    response = client.post(
        url("cabinet_withdraw", app.registration_no, language=language), {"reason": "", "state": "examined"}
    )
    assert response.status_code == 400
    with translation.override(language):
        expected = translation.gettext(
            "«%(action)s» is not possible while the application is «%(state)s»."
        ) % {
            "action": translation.gettext("Withdraw the application"),
            "state": translation.gettext("Examined"),
        }
    assert expected in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == "examined"


def test_the_states_a_withdrawal_is_allowed_from():
    from records.applications import SERVICE_MODELS

    allowed = {
        service: set(model.transition_specs()["withdraw"].sources)
        for service, model in SERVICE_MODELS.items()
    }
    # Never once the result is being prepared (docs/decisions.md).
    prepared = {
        "examined",
        "act_submitted",
        "number_assigned",
        "identified",
        "document_ready",
        "testing",
        "draft_ready",
        "refusal_drafted",
    }
    assert all(not (sources & prepared) for sources in allowed.values())
    assert all({"submitted", "documents_requested"} <= sources for sources in allowed.values())
    assert allowed["vet_certificate"] == {"submitted", "registered", "documents_requested"}


def test_the_demo_applicant_has_an_account_and_a_request(users):
    from portal.demo import ensure_demo_users

    ensure_demo_users()
    app = seed_cabinet()
    assert app is not None and app.state == "documents_requested"
    assert app.applicant.user.username == "applicant"
    assert seed_cabinet() is None  # idempotent
    assert Application.objects.filter(state="documents_requested").count() == 1
