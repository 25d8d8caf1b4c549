"""Issue 14, done when: the applicant signs in with a (demo) EDS certificate, files an application online,
receives the notifications (the e-mail files of the mail folder), adds the document the staff request in the
cabinet, and sees the result there — in Kazakh and in Russian, in the browser, against a live server.

The staff's steps run through records.services (the staff pages have their own browser test); the
notifications are delivered by ``notify_worker`` as a worker would, into Django's file e-mail backend.
"""

import json
from email import message_from_bytes, policy

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from catalogue.roles import Role
from records.applications import Application
from records.eds.testpki import Pki, write_holder, write_pki
from records.services import perform_transition
from tests.records.conftest import at, clock, home_unit, users, valid_iin  # noqa: F401 (fixtures)
from tests.records.document_files import pdf_bytes
from tests.records.paths import DATA, EXECUTOR, HEAD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NAME = "Жұмабаева Айгүл Қайратқызы"
EMAIL = "aigul@example.kz"
MISSING = "Объектінің техникалық паспортының көшірмесі."


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def journey(settings, tmp_path, users):  # noqa: F811
    """A trusted test PKI offered on the login page as the demo's is, and the file e-mail backend."""
    cache.clear()
    pki = Pki("Browser NCA")
    write_pki(pki, tmp_path)
    holder = pki.issue(valid_iin(start=77), NAME)
    (tmp_path / "index.json").write_text(json.dumps([write_holder(holder, tmp_path, "demo-1")]))
    settings.RECORDS_EDS_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    settings.RECORDS_EDS_DEMO_SIGNER = str(tmp_path)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    yield users
    cache.clear()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_applicant_signs_in_files_is_notified_adds_a_document_and_gets_the_result(
    page,
    live_server,
    journey,
    clock,  # noqa: F811 (the fixture imported above)
    artifacts_dir,
    language,
    tmp_path,  # noqa: F811
):
    staff = journey
    clock.set(at(2025, 3, 12, 10, 0))
    number = _sign_in_and_file(page, live_server.url, language, tmp_path)
    app = Application.objects.get(registration_no=number)
    assert (app.applicant.name, app.applicant.email, app.applicant.language) == (NAME, EMAIL, language)

    _staff(app, staff, clock, ("register", Role.OFFICE, (12, 10, 20)), ("assign", Role.HEAD, (12, 14)))
    _staff(app, staff, clock, ("request_documents", Role.EXECUTOR, (12, 15), {"documents_missing": MISSING}))
    mails = _delivered_mails(tmp_path / "mail")
    subjects = [str(mail["Subject"]).strip() for mail in mails]
    assert {mail["To"] for mail in mails} == {EMAIL} and all(number in s for s in subjects), subjects
    for state in (
        "Submitted",
        "Registered",
        "Documents requested from the applicant",
    ):  # filed, registered, asked
        assert any(in_language(language, state) in subject for subject in subjects), (state, subjects)

    clock.set(at(2025, 3, 13, 9, 0))
    page.goto(f"{live_server.url}/{language}/cabinet/")
    page.get_by_role("link", name=number).click()
    assert page.locator("#records-state").get_attribute("data-state") == "documents_requested"
    assert MISSING in page.locator("#records-missing").inner_text()
    scan = tmp_path / "техпаспорт.pdf"
    scan.write_bytes(pdf_bytes(title="техпаспорт"))
    page.set_input_files("#records-upload input[type=file]", str(scan))
    page.locator("#records-upload button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#records-state").get_attribute("data-state") == "assigned"
    assert "техпаспорт.pdf" in page.locator("#records-filed-list").inner_text()

    _to_the_result(app, staff, clock)
    page.reload()
    assert page.locator("#records-state").get_attribute("data-state") == "issued"
    link = page.locator("#records-documents a").first
    pdf = page.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.screenshot(path=str(artifacts_dir / f"browser-applicant-journey-{language}.png"), full_page=True)
    issued = in_language(language, "Result issued")
    assert any(issued in str(mail["Subject"]) for mail in _delivered_mails(tmp_path / "mail"))

    page.goto(f"{live_server.url}/{language}/cabinet/")
    page.locator("#records-sign-out").click()
    page.goto(f"{live_server.url}/{language}/cabinet/{number}/")
    assert f"/{language}/login/" in page.url  # signed out: the cabinet asks for the certificate again


def _sign_in_and_file(page, base: str, language: str, tmp_path) -> str:
    """The browser: anonymous → the login page → the demo certificate → the form → the number filed."""
    page.goto(f"{base}/{language}/apply/?service=vet_sanitary_conclusion")
    assert f"/{language}/login/" in page.url  # nobody files without signing in
    page.get_by_role("button", name=in_language(language, "Sign in as %(label)s") % {"label": NAME}).click()
    page.wait_for_url("**/apply/?service=vet_sanitary_conclusion")
    assert NAME in page.content()
    page.check("input[name=filing_for][value=self]")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=object_name]", "Сүт цехы")
    page.fill("input[name=object_address]", "Тараз қ., Абай к-сі 1")
    units = page.locator("select[name=unit]")
    if units.count():
        units.select_option("taraz-city")
    scan = tmp_path / "өтініш.pdf"
    scan.write_bytes(pdf_bytes(title="өтініш"))
    inputs = page.locator("input[type=file][name^=document_]")
    for index in range(inputs.count()):
        inputs.nth(index).set_input_files(str(scan))
    page.get_by_role("button", name=in_language(language, "File the application")).click()
    page.wait_for_url("**/apply/done/**")
    return page.locator("#records-number").inner_text().strip()


def _staff(app, staff, clock, *moves) -> None:  # noqa: F811
    for name, role, moment, *data in moves:
        clock.set(at(2025, 3, *moment))
        payload = data[0] if data else DATA.get(name, {})
        ids = {EXECUTOR: staff[Role.EXECUTOR].pk, HEAD: staff[Role.HEAD].pk}
        payload = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
        perform_transition(app.pk, name, user=staff[role], data=payload, attachments=_attachments(name))


def _to_the_result(app, staff, clock) -> None:  # noqa: F811
    _staff(
        app,
        staff,
        clock,
        ("confirm_complete", Role.EXECUTOR, (13, 11)),
        (
            "notify_legal_statistics",
            Role.EXECUTOR,
            (13, 12),
            {"planned_inspection_at": "2025-03-14T17:00"},
        ),
        ("inspect", Role.EXECUTOR, (14, 17, 30)),
        ("submit_act", Role.EXECUTOR, (17, 10)),
        ("decide_compliant", Role.STATE_VET_DOCTOR, (17, 12)),
        ("hand_over", Role.OFFICE, (17, 12, 10)),
    )


def _attachments(name: str) -> tuple:
    return ({"name": "тексеру-актісі.pdf", "sha256": "d" * 64},) if name == "submit_act" else ()


def _delivered_mails(folder) -> list:
    """Deliver what is queued, then every message of the folder (Django's file backend writes one file per
    connection, the messages separated by a line of 79 dashes)."""
    call_command("notify_worker", "--once")
    separator = b"\n" + b"-" * 79 + b"\n"
    raw = [part for path in sorted(folder.glob("*.log")) for part in path.read_bytes().split(separator)]
    return [message_from_bytes(part, policy=policy.default) for part in raw if part.strip()]
