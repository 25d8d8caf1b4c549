"""Applicants sign in at /kk/login/ and /ru/login/ with an EDS certificate and only then file through
/kk/apply/: for themself (the identity is the certificate's) or as a representative under a power of
attorney.  Names are Kazakh/Russian letters everywhere they are typed (the form, the JSON API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from records.applicants import Applicant
from records.applications import Application
from records.attachments import StoredAttachment
from records.eds.accounts import SignIn
from records.eds.testpki import ECDSA, read_holders, write_holder, write_pki
from records.names import same_name, validate_name
from records.signatures import VERIFIED

from . import ui_support
from .conftest import valid_bin, valid_iin
from .signin_support import challenge_of, document_uploads, login_url, post_signature, sign_in

fresh_cache = ui_support.fresh_cache  # fixture
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def apply_url(service: str = "vet_certificate", language: str = "kk") -> str:
    with translation.override(language):
        return f"{reverse('records:apply')}?service={service}"


FILING = {"subject": "animal", "description": "қой, 3 бас", "phone": "+7 701 111 22 33"}


def file_online(client, language="kk", **fields):
    """The online form posted with a real PDF for each required document (issue 14)."""
    files = document_uploads("vet_certificate")
    return client.post(apply_url(language=language), {**FILING, **files, **fields})


# -- the sign-in page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language, heading", [("kk", "Электрондық цифрлық"), ("ru", "электронной цифровой")])
def test_the_sign_in_page_issues_a_challenge_in_both_languages(client, eds_trusted, language, heading):
    first = client.get(login_url(language))
    assert first.status_code == 200 and heading in first.content.decode()
    assert f'<html lang="{language}"' in first.content.decode()
    assert challenge_of(first) != challenge_of(client.get(login_url(language)))
    assert "Demo" not in first.content.decode() and 'name="demo"' not in first.content.decode()


@pytest.mark.parametrize("language, xml, kind", [("kk", False, "rsa"), ("ru", True, ECDSA)])
def test_a_signed_challenge_signs_the_applicant_in(client, applicant_holder, language, xml, kind):
    iin = valid_iin(start=801)
    response = post_signature(client, applicant_holder(iin, kind=kind), language=language, xml=xml)
    assert response.status_code == 302 and response["Location"] == f"/{language}/cabinet/"
    applicant = Applicant.objects.get(identifier=iin)
    user = applicant.user
    assert (applicant.kind, applicant.name) == ("individual", "Асқаров Нұрлан Серікұлы")
    assert user.groups.filter(name=Role.APPLICANT.value).exists() and not user.has_usable_password()
    assert (user.last_name, user.first_name) == ("Асқаров", "Нұрлан Серікұлы")
    assert int(client.session["_auth_user_id"]) == user.pk
    record = SignIn.objects.get(applicant=applicant)
    assert record.person_iin == iin and record.verifier == "records.eds.local.verify"
    # Signing in again finds the same account.
    client.logout()
    sign_in(client, applicant_holder(iin, kind=kind), language)
    assert get_user_model().objects.filter(username=f"applicant-{iin}").count() == 1
    assert SignIn.objects.filter(applicant=applicant).count() == 2


def test_a_legal_entity_certificate_signs_in_the_organisation_and_records_the_person(
    client, applicant_holder
):
    iin, bin_ = valid_iin(start=811), valid_bin(start=811)
    holder = applicant_holder(iin, "Омаров Ерлан", bin=bin_, organisation="«Жамбыл Агро» ЖШС")
    sign_in(client, holder)
    applicant = Applicant.objects.get(identifier=bin_)
    assert (applicant.kind, applicant.name) == ("legal_entity", "«Жамбыл Агро» ЖШС")
    assert not Applicant.objects.filter(identifier=iin).exists()
    record = SignIn.objects.get(applicant=applicant)
    assert (record.person_iin, record.person_name) == (iin, "Омаров Ерлан")


def test_the_certificate_name_replaces_a_differently_registered_one(client, applicant_holder):
    iin = valid_iin(start=821)
    Applicant.objects.create(kind="individual", identifier=iin, name="Асқаров Н.")
    sign_in(client, applicant_holder(iin, "Асқаров Нұрлан Серікұлы"))
    assert Applicant.objects.get(identifier=iin).name == "Асқаров Нұрлан Серікұлы"


@pytest.mark.parametrize(
    "language, options, message",
    [
        ("kk", {"days": 1, "start_days_ago": 10}, "жарамсыз"),
        ("ru", {"days": 1, "start_days_ago": 10}, "недействителен"),
        ("ru", {"serial_prefix": "PASSPORT"}, "ИИН"),
    ],
)
def test_a_refused_certificate_signs_nobody_in_and_says_why(
    client, applicant_holder, language, options, message
):
    from datetime import UTC, datetime, timedelta

    days_ago = options.pop("start_days_ago", None)
    if days_ago:
        options["start"] = datetime.now(UTC) - timedelta(days=days_ago)
    response = post_signature(client, applicant_holder(valid_iin(start=831), **options), language=language)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session and not Applicant.objects.exists()


def test_a_replayed_signature_is_refused(client, applicant_holder):
    holder = applicant_holder(valid_iin(start=841))
    page = client.get(login_url())
    challenge = challenge_of(page)
    data = {"challenge": challenge, "signature": holder.sign_cms(challenge.encode())}
    assert client.post(login_url(), data).status_code == 302
    client.logout()
    replay = client.post(login_url(), data)
    assert replay.status_code == 400 and "_auth_user_id" not in client.session
    # A signature over an old challenge, posted with the current one, does not match it.
    stale = post_signature(client, holder, challenge=challenge)
    assert stale.status_code == 400 and "_auth_user_id" not in client.session


def test_next_is_followed_only_within_the_site(client, applicant_holder):
    holder = applicant_holder(valid_iin(start=851))
    inside = post_signature(client, holder, next_url="/kk/apply/?service=attestation")
    assert inside["Location"] == "/kk/apply/?service=attestation"
    client.logout()
    outside = post_signature(client, holder, next_url="https://evil.example/kk/")
    assert outside["Location"] == "/kk/cabinet/"


def test_sign_in_is_rate_limited(client, applicant_holder, settings):
    settings.RECORDS_LOGIN_RATE = (1, 3600)
    assert client.post(login_url(), {"challenge": "x", "signature": "y"}).status_code == 400
    assert client.post(login_url(), {"challenge": "x", "signature": "y"}).status_code == 429


def test_logout_ends_the_session(client, applicant_holder):
    sign_in(client, applicant_holder(valid_iin(start=861)))
    assert client.get(reverse("records:logout")).status_code == 405  # only a form's POST signs out
    assert client.post(reverse("records:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# -- the demo signer ---------------------------------------------------------------------------------------


@pytest.fixture
def demo_pki(eds_trusted, tmp_path) -> Path:
    """A demo PKI directory (as seed_demo writes it) under the trusted test root."""
    write_pki(eds_trusted, tmp_path)
    holder = eds_trusted.issue(valid_iin(start=871), "Жұмабаева Айгүл")
    holder.label = "Жұмабаева Айгүл"
    (tmp_path / "index.json").write_text(json.dumps([write_holder(holder, tmp_path, "demo-1")]))
    return tmp_path


def test_the_demo_signer_signs_through_the_same_verification(client, demo_pki, settings):
    serial = format(read_holders(demo_pki)[0].cert.serial_number, "x")
    data = lambda page: {"challenge": challenge_of(page), "demo": serial}  # noqa: E731
    settings.RECORDS_EDS_DEMO_SIGNER = ""  # production: no demo, even with the files present
    refused = client.post(login_url(), data(client.get(login_url())))
    assert refused.status_code == 400 and "_auth_user_id" not in client.session
    settings.RECORDS_EDS_DEMO_SIGNER = str(demo_pki)
    page = client.get(login_url("ru"))
    assert "Жұмабаева Айгүл" in page.content.decode() and f'value="{serial}"' in page.content.decode()
    assert client.post(login_url("ru"), data(page))["Location"] == "/ru/cabinet/"
    assert SignIn.objects.get().person_name == "Жұмабаева Айгүл"
    settings.RECORDS_EDS_TRUST_ROOTS = []  # the same path: an untrusted demo root signs nobody in
    client.logout()
    assert client.post(login_url(), data(client.get(login_url()))).status_code == 400


def test_dev_settings_offer_the_demo_only_with_debug():
    """portal.settings.dev sets RECORDS_EDS_DEMO_SIGNER from DEBUG; base and test settings never do."""
    source = (Path(django_settings.BASE_DIR) / "portal" / "settings" / "dev.py").read_text()
    assert 'RECORDS_EDS_DEMO_SIGNER = str(RECORDS_EDS_DEMO_PKI) if DEBUG else ""' in source
    assert django_settings.RECORDS_EDS_DEMO_SIGNER == ""


# -- filing only when signed in ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_and_file_nothing(client, users, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    page = client.get(apply_url())
    assert page.status_code == 302
    assert page["Location"].startswith("/kk/login/?next=/kk/apply/")
    posted = file_online(client, filing_for="self")
    assert posted.status_code in (302, 403) and posted["Location"].startswith("/kk/login/")
    assert not Application.objects.exists() and not Applicant.objects.exists()
    assert not StoredAttachment.objects.exists() and not any(tmp_path.rglob("*.*"))
    # Staff signed in to the admin are not applicants either.
    client.force_login(users[Role.OFFICE])
    assert client.get(apply_url("attestation", "ru"))["Location"].startswith("/ru/login/")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_signed_in_applicant_files_for_themself(client, users, applicant_holder, language):
    iin = valid_iin(start=881)
    holder = applicant_holder(iin, "Омаров Ерлан Бақытұлы")
    sign_in(client, holder, language)
    form = client.get(apply_url(language=language)).content.decode()
    assert iin in form and "Омаров Ерлан Бақытұлы" in form
    assert 'name="identifier"' not in form  # the identity is never typed
    # Fields posted as before (a typed IIN and name) are ignored: the certificate decides.
    response = file_online(client, language, filing_for="self", identifier=valid_iin(start=890), name="Бөгде")
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get()
    assert app.applicant.identifier == iin and app.applicant.name == "Омаров Ерлан Бақытұлы"
    assert app.applicant.phone == "+7 701 111 22 33" and app.representative_iin == ""
    check = app.signature_check
    assert check.status == VERIFIED and format(holder.cert.serial_number, "x") in check.detail
    assert Applicant.objects.count() == 1


def represented(identifier: str, name: str, **extra) -> dict:
    return {
        "filing_for": "representative",
        "principal_kind": "individual",
        "principal_identifier": identifier,
        "principal_name": name,
        "power_of_attorney_no": "СН-2025-17",
        "power_of_attorney_date": "2025-01-10",
        **extra,
    }


def test_a_representative_files_for_another_iin_with_the_power_of_attorney(client, users, applicant_holder):
    agent_iin, principal = valid_iin(start=901), valid_iin(start=911)
    sign_in(client, applicant_holder(agent_iin, "Омаров Ерлан"))
    response = file_online(client, **represented(principal, "Сейітова Динара"))
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get()
    assert (app.applicant.identifier, app.applicant.name) == (principal, "Сейітова Динара")
    assert (app.representative_iin, app.representative_name) == (agent_iin, "Омаров Ерлан")
    assert (app.power_of_attorney_no, str(app.power_of_attorney_date)) == ("СН-2025-17", "2025-01-10")
    assert agent_iin in app.signature_check.detail


def test_a_legal_entity_files_for_itself(client, users, applicant_holder):
    iin, bin_ = valid_iin(start=915), valid_bin(start=915)
    sign_in(client, applicant_holder(iin, "Омаров Ерлан", bin=bin_, organisation="«Тараз Сүт» ЖШС"))
    assert file_online(client, filing_for="self").status_code == 302
    app = Application.objects.get()
    assert (app.applicant.identifier, app.applicant.kind) == (bin_, "legal_entity")
    assert f"IIN {iin}, BIN {bin_}" in app.signature_check.detail  # who signed for the organisation


@pytest.mark.parametrize(
    "fields, field_text",
    [
        ({"power_of_attorney_no": ""}, "power_of_attorney_no"),
        ({"principal_name": "John Smith"}, "principal_name"),
        ({"principal_name": "Сейітова Dinara"}, "principal_name"),
        ({"principal_name": "123 <b>x</b>"}, "principal_name"),
        ({"power_of_attorney_date": "2999-01-01"}, "power_of_attorney_date"),
    ],
)
def test_a_bad_representation_files_nothing(client, users, applicant_holder, fields, field_text):
    sign_in(client, applicant_holder(valid_iin(start=921), "Омаров Ерлан"))
    before = Applicant.objects.count()
    response = file_online(client, **represented(valid_iin(start=931), "Сейітова Динара", **fields))
    assert response.status_code == 400
    assert field_text in response.context["form"].errors
    assert not Application.objects.exists() and Applicant.objects.count() == before


def test_a_known_iin_with_another_name_is_not_silently_dropped(client, users, applicant_holder, person):
    sign_in(client, applicant_holder(valid_iin(start=941), "Омаров Ерлан"))
    response = file_online(client, **represented(person.identifier, "Бөгде Адам"))
    assert response.status_code == 400
    assert "principal_name" in response.context["form"].errors
    assert person.name not in response.content.decode()  # the registered name is not disclosed
    assert not Application.objects.exists()
    assert Applicant.objects.get(pk=person.pk).name == "Асқаров Нұрлан"
    spelled = file_online(client, **represented(person.identifier, "асқаров  нұрлан"))
    assert spelled.status_code == 302  # the same name, other case and spacing


# -- names -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Асқаров Нұрлан Серікұлы", "individual"),
        ("Әл-Фараби", "individual"),
        ("Д'Артаньян Ерлан", "individual"),
        ("Ёлкина Ірина", "individual"),
        ("«Жамбыл Агро» ЖШС", "legal_entity"),
        ("«Береке-2» ЖШС", "legal_entity"),
    ],
)
def test_kazakh_and_russian_names_are_accepted(name, kind):
    assert validate_name(f"  {name} ", kind) == name


@pytest.mark.parametrize(
    "name, kind",
    [
        ("John Smith", "individual"),
        ("Асқаров Nurlan", "individual"),
        ("Aсқаров", "individual"),  # a Latin A among Cyrillic letters
        ("123 <b>x</b>", "individual"),
        ("Асқаров 2", "individual"),
        ("-", "individual"),
        ("Jambyl Agro LLP", "legal_entity"),
        ("123 <b>x</b>", "legal_entity"),
        ("12345", "legal_entity"),
    ],
)
def test_other_names_are_refused(name, kind):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_name(name, kind)


def test_names_compare_without_case_and_spacing():
    assert same_name("Асқаров  Нұрлан", "асқаров нұрлан") and not same_name("Асқаров Нұрлан", "Асқаров Ерлан")


def test_the_api_refuses_bad_names_and_a_changed_name(client, users, clock, person):
    from records.api_tokens import ApiToken

    _token, key = ApiToken.issue(users[Role.OFFICE])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {
        "service": "vet_certificate",
        "applicant": {"kind": "individual", "identifier": valid_iin(start=951), "name": "John Smith"},
        "data": {"subject": "animal", "description": "сиыр"},
        "documents": [{"name": "a.pdf", "sha256": "a" * 64}],
    }

    def post(payload):
        return client.post(
            reverse("records_api:applications"),
            json.dumps(payload),
            content_type="application/json",
            **headers,
        )

    latin = post(body)
    assert latin.status_code == 400 and "applicant.name" in latin.json()["field_errors"]
    rep = {"name": "John Smith", "iin": valid_iin(start=952), "power_of_attorney_no": "1"}
    rep["power_of_attorney_date"] = "2025-01-10"
    named = {**body, "applicant": {**body["applicant"], "name": "Омаров Ерлан"}, "representative": rep}
    assert "representative.name" in post(named).json()["field_errors"]
    changed = {
        **body,
        "applicant": {"kind": "individual", "identifier": person.identifier, "name": "Бөгде Адам"},
    }
    response = post(changed)
    assert response.status_code == 400 and "applicant.name" in response.json()["field_errors"]
    assert not Application.objects.exists() and Applicant.objects.get(pk=person.pk).name == "Асқаров Нұрлан"


# -- the demo certificates of seed_demo --------------------------------------------------------------------


def test_seed_demo_writes_demo_certificates_once_and_portal_urls_lists_them(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from records.demo.data import demo_identifiers
    from records.eds import SignedPayload, verify_signin
    from records.eds.demo import ensure_demo_pki

    settings.RECORDS_EDS_DEMO_PKI = str(tmp_path / "pki")
    lines = ensure_demo_pki()
    root = (tmp_path / "pki" / "root.pem").read_bytes()
    assert ensure_demo_pki() == lines and (tmp_path / "pki" / "root.pem").read_bytes() == root  # idempotent
    settings.RECORDS_EDS_TRUST_ROOTS = [str(tmp_path / "pki" / "root.pem")]
    known = {number: name for _kind, number, name in demo_identifiers()}
    identities = [
        verify_signin(b"c", SignedPayload(h.sign_cms(b"c"))) for h in read_holders(tmp_path / "pki")
    ]
    assert [bool(i.bin) for i in identities] == [False, False, True]
    for identity in identities:
        assert known[identity.iin] == identity.name and (not identity.bin or known[identity.bin])
    out = StringIO()
    call_command("portal_urls", stdout=out)
    assert "/kk/login/" in out.getvalue() and identities[0].name not in out.getvalue()  # no demo signer
    settings.RECORDS_EDS_DEMO_SIGNER = str(tmp_path / "pki")
    call_command("portal_urls", stdout=out)
    assert f"{identities[0].name} (IIN {identities[0].iin})" in out.getvalue()


def test_an_unreachable_verification_service_is_said_so(client, applicant_holder, settings):
    settings.RECORDS_EDS_VERIFIER = "records.eds.http.verify"
    settings.RECORDS_EDS_SERVICE_URL = "http://127.0.0.1:9/verify"  # nothing listens on the discard port
    settings.RECORDS_EDS_SERVICE_TIMEOUT = 2
    response = post_signature(client, applicant_holder(valid_iin(start=961)), language="ru")
    assert response.status_code == 400 and "Сервис проверки подписи недоступен" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_represents_themself(client, users, applicant_holder):
    iin = valid_iin(start=971)
    sign_in(client, applicant_holder(iin, "Омаров Ерлан"))
    response = file_online(client, **represented(iin, "Омаров Ерлан"))
    assert response.status_code == 400 and "principal_identifier" in response.context["form"].errors
    assert not Application.objects.exists()
