"""Notifications to applicants (issue 14): queued in the transaction of the state change, in the applicant's
language, only to the addresses they gave; delivered by the worker with back-off, given up after the last
attempt, never twice; the delivery log for staff only; and the real path across processes."""

from __future__ import annotations

import json
import smtplib
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from catalogue.roles import Role
from records import audit
from records.applicants import remember_language
from records.errors import RecordsError
from records.notifications import delivery, sms
from records.notifications.messages import render_texts
from records.notifications.models import FAILED, GAVE_UP, QUEUED, SENT, Notification
from records.notifications.phones import normalize_mobile
from records.services import perform_transition
from records.states import STATE_LABELS

from . import ui_support
from .conftest import make_unit, make_user, valid_iin
from .paths import PATHS_BY_KEY
from .ui_support import in_language

login, staff = ui_support.login, ui_support.staff  # fixtures

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
EMAIL = "nurlan@example.kz"


@pytest.fixture(autouse=True)
def _clean_sms_outbox(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.LocmemBackend.outbox = []
    yield
    sms.LocmemBackend.outbox = []


@pytest.fixture
def reachable(person):
    """The applicant of the records tests, with an e-mail address and a mobile number typed the local way."""
    person.email, person.phone = EMAIL, "8 (701) 123-45-67"
    person.save()
    return person


@pytest.fixture
def registered(reachable, file, step):
    return step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)


def rows(app, **filters) -> list[Notification]:
    return list(Notification.objects.filter(application=app, **filters).order_by("id"))


# -- queueing --------------------------------------------------------------------------------------------


def test_filing_and_a_transition_queue_an_email_and_an_sms_in_kazakh(registered):
    queued = rows(registered)
    assert [(r.transition, r.channel) for r in queued] == [
        ("file", "email"),
        ("file", "sms"),
        ("register", "email"),
        ("register", "sms"),
    ]
    assert {r.recipient for r in queued} == {EMAIL, "+77011234567"}
    assert {(r.status, r.attempts, r.language) for r in queued} == {(QUEUED, 0, "kk")}
    email = queued[2]
    state = in_language("kk", "Registered")
    due = registered.due_at.astimezone(ALMATY).strftime("%d.%m.%Y %H:%M")
    assert due == "13.03.2025 18:30" and state != "Registered"  # the next working day's close, Almaty time
    assert email.subject == f"Өтініш № {registered.registration_no}: {state}"
    assert "Сіздің өтінішіңіздің мәртебесі өзгерді." in email.body
    assert f"Жаңа мәртебесі: {state}" in email.body
    assert f"Ағымдағы кезеңнің орындалу мерзімі: {due} (Алматы уақыты)" in email.body
    with translation.override("kk"):
        assert f"Қызмет: {registered.service_label}" in email.body
    assert (
        f"http://127.0.0.1:8000/kk/cabinet/{registered.registration_no}/" in email.body
        and f'href="http://127.0.0.1:8000/kk/cabinet/{registered.registration_no}/"' in email.html_body
    )
    assert queued[0].body.count("Сіздің өтінішіңіз қабылданды.") == 1
    assert queued[3].body.startswith(f"Өтініш {registered.registration_no}: {state}. Мерзімі {due}.")


def test_a_russian_applicant_is_written_to_in_russian(reachable, file, step, settings):
    settings.PORTAL_BASE_URL = "https://vet.example.kz"
    remember_language(reachable, "ru")
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    email, text = rows(app, transition="register")
    state = in_language("ru", "Registered")
    assert state != in_language("kk", "Registered")
    assert email.language == "ru" and email.subject == f"Заявление № {app.registration_no}: {state}"
    assert "Статус вашего заявления изменился." in email.body and f"Новый статус: {state}" in email.body
    assert f"https://vet.example.kz/ru/cabinet/{app.registration_no}/" in email.body
    assert text.body.startswith(f"Заявление {app.registration_no}: {state}. Срок ")


def test_the_result_says_the_document_can_be_downloaded(reachable, run_path):
    app = run_path(PATHS_BY_KEY["s1-office"], check=False)
    issued = rows(app, to_state="issued", channel="email")[0]
    assert "құжатты жеке кабинетіңізден жүктеп алуға болады" in issued.body
    assert "мерзімі" not in issued.body  # no limit runs after the result
    assert rows(app, to_state="issued", channel="sms")[0].body.count("Құжат кабинетте.") == 1


def test_a_refusal_says_the_reasoned_refusal_can_be_downloaded(reachable, run_path):
    remember_language(reachable, "ru")
    app = run_path(PATHS_BY_KEY["s1-refused"], check=False)
    refused = rows(app, to_state="refused_incomplete", channel="email")[0]
    assert "Мотивированный отказ можно скачать в личном кабинете." in refused.body


def test_no_address_no_notification(person, file, step, caplog):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    assert rows(app) == []
    person.phone = "+7 7262 43-21-09"  # a Taraz city number: no SMS
    person.save()
    with caplog.at_level("INFO", logger="records.notifications"):
        app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    assert rows(app) == []
    assert "not a mobile number" in caplog.text


def test_the_online_form_in_russian_makes_russian_the_applicants_language(client, users, applicant_holder):
    from .signin_support import document_uploads, sign_in

    iin = valid_iin(start=950)
    sign_in(client, applicant_holder(iin, "Омаров Ерлан"))  # on the Kazakh page: the form decides
    with translation.override("ru"):
        url = reverse("records:apply") + "?service=vet_certificate"
    fields = {"filing_for": "self", "email": EMAIL, "subject": "animal", "description": "қой, 12 бас"}
    response = client.post(url, {**fields, **document_uploads("vet_certificate")})
    assert response.status_code == 302, response.content.decode()[:2000]
    queued = Notification.objects.get(applicant__identifier=iin)
    assert (queued.language, queued.channel, queued.applicant.language) == ("ru", "email", "ru")
    assert queued.subject.startswith("Заявление № ") and "Ваше заявление принято." in queued.body


@pytest.mark.parametrize(
    "typed, normal",
    [
        ("8 701 123 45 67", "+77011234567"),
        ("+7 (747) 123-45-67", "+77471234567"),
        ("7771234567", "+77771234567"),
        ("87011234567", "+77011234567"),
        ("+7 7262 43 21 09", ""),  # city
        ("+7 701 123 45", ""),  # too short
        ("8 800 123 45 67", ""),  # free-phone
        ("call me", ""),
        ("", ""),
    ],
)
def test_mobile_numbers_are_normalised(typed, normal):
    assert normalize_mobile(typed) == normal


def test_a_rolled_back_transition_queues_nothing(registered, users, monkeypatch):
    before = Notification.objects.count()

    def broken(entry):
        raise RuntimeError("the audit append failed")

    monkeypatch.setattr(audit, "append_prepared", broken)
    data = {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындауға."}
    with pytest.raises(RuntimeError):
        perform_transition(registered.pk, "assign", user=users[Role.HEAD], data=data)
    monkeypatch.undo()
    with pytest.raises(RecordsError), transaction.atomic():  # a caller's transaction that fails later
        perform_transition(registered.pk, "assign", user=users[Role.HEAD], data=data)
        assert Notification.objects.count() == before + 2  # queued inside the transaction …
        raise RecordsError("the caller's next step failed")
    assert Notification.objects.count() == before  # … and gone with it
    registered.refresh_from_db()
    assert registered.state == "registered"
    perform_transition(registered.pk, "assign", user=users[Role.HEAD], data=data)
    assert Notification.objects.count() == before + 2


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_sms_fits_one_message_of_160_characters(registered, language, settings):
    settings.PORTAL_BASE_URL = "https://vet-portal.zhambyl.gov.kz"
    for state in STATE_LABELS:
        texts = render_texts(registered, state, "some_transition", language)
        assert 0 < len(texts.sms) <= 160, (state, texts.sms)
        assert (
            registered.registration_no in texts.sms and texts.subject and texts.html.startswith("<!DOCTYPE")
        )


# -- delivery --------------------------------------------------------------------------------------------


def test_the_worker_sends_the_email_and_the_sms(registered, capsys):
    call_command("notify_worker", "--once")
    assert "sent 4, failed 0, gave up 0" in capsys.readouterr().out
    assert [m.subject for m in mail.outbox] == [r.subject for r in rows(registered, channel="email")]
    message = mail.outbox[1]
    assert message.to == [EMAIL] and "Жаңа мәртебесі" in message.body
    assert message.alternatives[0][1] == "text/html" and "<strong>" in message.alternatives[0][0]
    assert [m["to"] for m in sms.LocmemBackend.outbox] == ["+77011234567", "+77011234567"]
    assert sms.LocmemBackend.outbox[1]["text"] == rows(registered, channel="sms")[1].body
    assert {(r.status, r.attempts, r.last_error) for r in rows(registered)} == {(SENT, 1, "")}
    assert all(r.sent_at is not None for r in rows(registered))
    call_command("notify_worker", "--once")  # nothing is sent twice
    assert len(mail.outbox) == 2 and len(sms.LocmemBackend.outbox) == 2


class BrokenMail(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


class RefusingMail(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, b"no such mailbox")})


def test_failures_are_retried_with_back_off_then_given_up(registered, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMail"
    settings.RECORDS_NOTIFY_MAX_ATTEMPTS = 3
    settings.RECORDS_NOTIFY_BACKOFF_SECONDS = 60
    Notification.objects.filter(application=registered, channel="sms").delete()
    started = timezone.now()
    report = delivery.deliver()
    assert (report.sent, report.failed, report.gave_up) == (0, 2, 0)
    first = rows(registered)[0]
    assert (first.status, first.attempts) == (FAILED, 1) and "went away" in first.last_error
    assert timedelta(seconds=59) < first.next_attempt_at - started < timedelta(seconds=70)
    assert delivery.deliver().handled == 0  # not due before its back-off
    delivery.deliver(now=first.next_attempt_at + timedelta(seconds=1))
    second = rows(registered)[0]
    assert second.attempts == 2 and second.status == FAILED
    assert timedelta(seconds=119) < second.next_attempt_at - timezone.now() < timedelta(seconds=125)
    report = delivery.deliver(now=second.next_attempt_at + timedelta(seconds=1))
    assert report.gave_up == 2
    assert {(r.status, r.attempts) for r in rows(registered)} == {(GAVE_UP, 3)}
    assert delivery.deliver(now=timezone.now() + timedelta(days=30)).handled == 0  # never again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.retry(first.pk) and delivery.deliver().sent == 1  # staff may retry by hand
    assert rows(registered)[0].status == SENT


def test_a_refused_recipient_is_given_up_at_once(registered, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMail"
    report = delivery.deliver()
    assert report.gave_up == 2 and report.sent == 2  # the SMS go out
    assert {r.attempts for r in rows(registered, channel="email")} == {1}


# -- the SMS gateway over HTTP ------------------------------------------------------------------------------


class FakeGateway(BaseHTTPRequestHandler):
    """Records what it is sent; answers with the status queued in ``answers``."""

    received: list[dict] = []
    answers: list[int] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        FakeGateway.received.append(
            {"auth": self.headers.get("Authorization"), "body": json.loads(self.rfile.read(length))}
        )
        status = FakeGateway.answers.pop(0) if FakeGateway.answers else 200
        payload = json.dumps({"id": f"gw-{len(FakeGateway.received)}"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    FakeGateway.received, FakeGateway.answers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.RECORDS_SMS_BACKEND = "records.notifications.sms.HttpBackend"
    settings.RECORDS_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.RECORDS_SMS_GATEWAY_TOKEN = "gw-secret"
    settings.RECORDS_SMS_SENDER = "VETKZ"
    yield FakeGateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_gets_the_documented_json(registered, gateway):
    gateway.answers = [503, 200]  # a temporary failure, then accepted
    report = delivery.deliver()
    assert (report.sent, report.failed) == (3, 1)
    first, second = gateway.received
    sms_rows = rows(registered, channel="sms")
    assert first["auth"] == "Bearer gw-secret"
    assert first["body"] == {
        "id": str(sms_rows[0].pk),
        "to": "+77011234567",
        "text": sms_rows[0].body,
        "sender": "VETKZ",
    }
    assert second["body"]["id"] == str(sms_rows[1].pk)
    assert sms_rows[0].status == FAILED and "HTTP 503" in sms_rows[0].last_error
    assert sms_rows[1].status == SENT


def test_a_permanent_gateway_refusal_is_given_up_and_no_gateway_is_temporary(registered, gateway, settings):
    gateway.answers = [400]
    Notification.objects.filter(application=registered, transition="file").delete()
    delivery.deliver()
    assert rows(registered, channel="sms")[0].status == GAVE_UP
    settings.RECORDS_SMS_GATEWAY_URL = "http://127.0.0.1:9/closed"
    delivery.retry(rows(registered, channel="sms")[0].pk)
    delivery.deliver()
    row = rows(registered, channel="sms")[0]
    assert row.status == FAILED and "unreachable" in row.last_error


# -- two workers --------------------------------------------------------------------------------------------


def test_claims_are_leased_so_a_second_worker_takes_other_rows(registered):
    first = delivery.claim(limit=3)
    second = delivery.claim(limit=3)
    assert len(first) == 3 and len(second) == 1
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert delivery.claim(limit=3) == []
    later = timezone.now() + delivery.LEASE + timedelta(seconds=1)
    assert len(delivery.claim(limit=10, now=later)) == 4  # a dead worker's rows come back after the lease


@pytest.mark.django_db(transaction=True)
def test_two_worker_threads_send_each_message_once(django_user_model):
    """PostgreSQL: two workers claim at the same moment (SELECT … FOR UPDATE SKIP LOCKED)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite serialises the claims; the real-path test runs two processes)")
    from catalogue.roles import ensure_groups
    from records.services import file_application, get_or_create_applicant

    from .conftest import FILING_DATA, doc

    ensure_groups()
    unit = make_unit("w-unit")
    clerk = make_user(django_user_model, "w-clerk", Role.OFFICE, unit=unit)
    applicant = get_or_create_applicant("individual", valid_iin(start=700), "Асқаров Нұрлан", email=EMAIL)
    for _ in range(20):
        file_application(
            "vet_certificate",
            applicant=applicant,
            channel="office",
            data=FILING_DATA["vet_certificate"],
            documents=[doc()],
            by=clerk,
        )
    barrier = threading.Barrier(2)
    sent: list[str] = []

    def worker():
        barrier.wait()
        try:
            while delivery.deliver(limit=3).handled:
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    sent = [m.extra_headers["X-Notification-Id"] for m in mail.outbox]
    assert len(sent) == 20 and len(set(sent)) == 20
    assert Notification.objects.filter(status=SENT, attempts=1).count() == 20


# -- the delivery log ---------------------------------------------------------------------------------------


def test_staff_read_the_delivery_log_filtered_and_on_the_application_page(registered, login, staff):
    delivery.deliver()
    Notification.objects.filter(application=registered, channel="sms").update(status=FAILED)
    for role in (Role.OFFICE, Role.HEAD, Role.EXECUTOR):
        client = login(role)
        page = client.get(reverse("records_notifications")).content.decode()
        assert registered.registration_no in page and EMAIL in page and "+77011234567" in page
        failed = client.get(reverse("records_notifications"), {"status": FAILED}).content.decode()
        assert "+77011234567" in failed and EMAIL not in failed
        emails = client.get(reverse("records_notifications"), {"channel": "email"}).content.decode()
        assert EMAIL in emails and "+77011234567" not in emails
        detail = client.get(reverse("records_application", args=[registered.pk])).content.decode()
        assert 'id="records-notifications"' in detail and detail.count("data-notification=") == 4


def test_staff_send_a_given_up_notification_again(registered, login, client, django_user_model):
    row = rows(registered, channel="sms")[0]
    Notification.objects.filter(pk=row.pk).update(
        status=GAVE_UP, attempts=8, next_attempt_at=timezone.now() + timedelta(days=1)
    )
    url = reverse("records_notification_retry", args=[row.pk])
    stranger = make_user(django_user_model, "far_head", Role.HEAD, unit=make_unit("merke"))
    client.force_login(stranger)
    # Not an application of the stranger's unit: a 404 (which LocaleMiddleware may turn into a redirect to
    # Wagtail's /kk/… catch-all), and nothing changes.
    refused = client.post(url)
    assert refused.status_code in (302, 404) and "applications" not in refused.get("Location", "")
    assert rows(registered, channel="sms")[0].status == GAVE_UP
    clerk = login(Role.OFFICE)
    page = clerk.get(reverse("records_application", args=[registered.pk])).content.decode()
    assert f'data-retry="{row.pk}"' in page and page.count("data-retry=") == 1
    assert clerk.get(url).status_code == 405
    response = clerk.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "records_application", args=[registered.pk]
    )
    assert delivery.deliver().sent == 4 and rows(registered, channel="sms")[0].status == SENT


def test_the_log_is_closed_to_applicants_anonymous_and_other_roles(registered, client, login, staff):
    url = reverse("records_notifications")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    for role in (Role.APPLICANT, Role.ARCHIVIST, Role.EDITOR):
        response = login(role).get(url)
        assert response.status_code in (302, 403) and EMAIL not in response.content.decode()
    archive = login(Role.ARCHIVIST).get(reverse("records_application", args=[registered.pk]))
    assert archive.status_code == 200 and 'id="records-notifications"' not in archive.content.decode()


def test_staff_of_another_unit_do_not_see_its_notifications(registered, django_user_model, client, staff):
    from records.staff.access import ensure_staff_access

    ensure_staff_access()
    stranger = make_user(django_user_model, "far_clerk", Role.OFFICE, unit=make_unit("merke"))
    client.force_login(stranger)
    page = client.get(reverse("records_notifications"))
    assert page.status_code == 200 and EMAIL not in page.content.decode()


# -- the real path: a server process performs the transition, worker processes deliver ----------------------

REAL_SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from catalogue.roles import Role, ensure_groups
from records.api_tokens import ApiToken
from records.services import get_or_create_applicant
from records.units import DISTRICT, TerritorialUnit, join
ensure_groups()
unit = TerritorialUnit.objects.create(code="taraz-city", level=DISTRICT, name="Тараз")
clerk = get_user_model().objects.create_user("clerk", first_name="Айгүл", last_name="Сейітова")
clerk.groups.add(Group.objects.get(name=Role.OFFICE.value))
join(clerk, unit, Role.OFFICE)
get_or_create_applicant("individual", "{iin}", "Асқаров Нұрлан", email="{email}", phone="+7 701 123 45 67")
print(ApiToken.issue(clerk)[1])
"""


def _messages(folder) -> list:
    """The e-mails the file backend wrote (several to a file, each after a line of dashes)."""
    import email as email_parser

    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                found.append(email_parser.message_from_bytes(chunk.lstrip(b"\n")))
    return found


@pytest.mark.django_db(transaction=False)
def test_real_path_a_transition_over_http_then_two_worker_processes_deliver_once(tmp_path):
    import subprocess
    import sys

    import requests

    from tests.e2e.conftest import ROOT, Portal, _free_port

    from .conftest import FILING_DATA, doc

    class MailPortal(Portal):
        def env(self, seed: int) -> dict[str, str]:
            env = super().env(seed)
            env.update(  # the demo's file backends, whatever the developer's shell says
                EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                RECORDS_SMS_BACKEND="records.notifications.sms.FileBackend",
            )
            return env

    portal = MailPortal(tmp_path, f"http://127.0.0.1:{_free_port()}", tmp_path / "server.log")
    iin = valid_iin(start=321)
    portal.manage("migrate", "--noinput", "-v", "0", seed=1)
    key = (
        portal.manage("shell", "-c", REAL_SETUP.format(iin=iin, email=EMAIL), seed=2).strip().splitlines()[-1]
    )
    portal.start_server()
    try:
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {key}"
        body = {
            "service": "vet_sanitary_conclusion",
            "applicant": {"kind": "individual", "identifier": iin, "name": "Асқаров Нұрлан"},
            "data": FILING_DATA["vet_sanitary_conclusion"],
            "documents": [doc()],
        }
        created = api.post(f"{portal.base_url}/api/v1/applications/", json=body, timeout=60)
        assert created.status_code == 201, created.text
        app = created.json()
        done = api.post(
            f"{portal.base_url}{reverse('records_api:perform', args=[app['id'], 'register'])}",
            json={"expected_state": "submitted"},
            timeout=60,
        )
        assert done.status_code == 200 and done.json()["state"] == "registered", done.text
    finally:
        portal.stop_server()
    assert not (tmp_path / "mail").exists()  # nothing is sent by the server: the worker sends
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "notify_worker", "--once", "--batch", "1"],
            cwd=ROOT,
            env=portal.env(10 + n),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    messages = _messages(tmp_path / "mail")
    ids = [message["X-Notification-Id"] for message in messages]
    assert len(ids) == 2 and len(set(ids)) == 2, ids  # the filing and the registration, each once
    registration = messages[ids.index(max(ids, key=int))]
    text = next(part for part in registration.walk() if part.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode("utf-8")
    assert registration["To"] == EMAIL
    assert "Сіздің өтінішіңіздің мәртебесі өзгерді." in body and app["registration_no"] in body
    assert f"{portal.base_url}/kk/cabinet/{app['registration_no']}/" in body
    texts = sorted(path.read_text(encoding="utf-8") for path in (tmp_path / "sms").glob("*.txt"))
    assert len(texts) == 2 and all("To: +77011234567" in t for t in texts)
    assert all(f"Өтініш {app['registration_no']}: " in t for t in texts)
