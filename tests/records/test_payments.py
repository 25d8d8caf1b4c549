"""The licence fee and its payment (records.payments): the fee per kind from the catalogue, amounts in kk/ru,
the gateway's answer checked at filing (confirmed, unpaid, underpaid, another payer, a reused reference, the
gateway down: nothing written), the HTTP adapter against a fake gateway server, ``register`` refused without
a payment, the online form, the JSON API, the staff page, the cabinet partial, the demo data, and one filing
over HTTP to a real server process that asks a fake gateway server."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from records.api_tokens import ApiToken
from records.applications import Application
from records.errors import GuardFailed, InvalidInput
from records.payments import (
    CONFIRMED,
    HttpPaymentGateway,
    Payment,
    PaymentConfirmation,
    PaymentGateway,
    PaymentGatewayUnavailable,
    ensure_demo_payments,
    fee_due,
    format_tenge,
    payment_summary,
)
from records.portal_intake import file_application_signed
from records.services import perform_transition

from .conftest import ALMATY, FILING_DATA, doc, required_docs, valid_iin
from .signin_support import document_uploads, sign_in
from .ui_support import in_language, login, staff  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
FEE_2025 = Decimal("39320.00")  # 10 MRP of 3 932 tenge (the records tests' clock is in March 2025)


# -- a gateway the tests script ------------------------------------------------------------------------------


class FakeGateway(PaymentGateway):
    """Answers what ``answer`` holds (``None``: the gateway is down); remembers what it was asked."""

    name = "fake"
    answer: PaymentConfirmation | None = None
    asked: list[tuple[str, Decimal, str]] = []

    def confirm(self, reference, expected_amount, payer):
        FakeGateway.asked.append((reference, expected_amount, payer))
        if FakeGateway.answer is None:
            raise PaymentGatewayUnavailable()
        return FakeGateway.answer


def paid(amount: Decimal = FEE_2025, payer: str = "", when: datetime | None = None) -> PaymentConfirmation:
    when = when or datetime(2025, 3, 11, 15, 0, tzinfo=ALMATY)
    return PaymentConfirmation(True, amount, when, payer, raw={"status": "paid", "amount": str(amount)})


@pytest.fixture
def gateway(settings):
    settings.RECORDS_PAYMENT_GATEWAY = f"{__name__}.FakeGateway"
    FakeGateway.answer, FakeGateway.asked = None, []
    return FakeGateway


@pytest.fixture
def file_licence(users, person, clock):
    """file_licence(reference, channel="portal", kind="issue", representative=None) -> Application."""

    def _file(reference="EGOV-PAY-00000001", *, channel="portal", kind="issue", representative=None):
        data = dict(FILING_DATA["licence"])
        if kind != "issue":
            data = {"licence_number": "ЛЦ-2025-000001"}
        if reference:
            data["payment_reference"] = reference
        return file_application_signed(
            "licence",
            applicant=person,
            channel=channel,
            subcase=kind,
            data=data,
            documents=required_docs("licence", kind) if channel == "portal" else [doc()],
            by=users[Role.PORTAL] if channel == "portal" else users[Role.OFFICE],
            representative=representative,
        )

    return _file


def nothing_written() -> bool:
    return not Application.objects.exists() and not Payment.objects.exists()


def refused_with(error, text: str) -> None:
    assert text in error.value.field_errors["payment_reference"][0]


# -- the fee -------------------------------------------------------------------------------------------------


def test_the_licence_fee_differs_per_kind_and_follows_the_index_of_the_year():
    on = date(2026, 2, 2)
    assert fee_due("licence", "issue", on).amount == Decimal("43250.00")  # 10 × 4 325
    assert fee_due("licence", "reissue", on).amount == Decimal("4325.00")
    assert fee_due("licence", "duplicate", on).amount == Decimal("43250.00")
    assert fee_due("licence", "issue", date(2025, 12, 31)).amount == FEE_2025
    assert fee_due("licence", "", on).mrp == Decimal("10")  # the first kind: issue
    assert fee_due("vet_certificate", "", on) is None and fee_due("attestation", "", on) is None


def test_the_index_is_data_a_setting_overrides(settings):
    settings.RECORDS_MRP_BY_YEAR = {2027: "5000"}
    assert fee_due("licence", "issue", date(2027, 1, 5)).amount == Decimal("50000.00")
    # A year with no index yet (the budget law comes in December) keeps the last known one.
    assert fee_due("licence", "reissue", date(2029, 1, 5)).amount == Decimal("5000.00")


def test_amounts_read_in_kazakh_and_russian():
    with translation.override("kk"):
        assert format_tenge(Decimal("43250")) == f"43{NBSP}250 теңге"
    with translation.override("ru"):
        assert format_tenge(Decimal("1234567.5")) == f"1{NBSP}234{NBSP}567,50 тенге"
        assert format_tenge(Decimal("4325.00")) == f"4{NBSP}325 тенге"


# -- at filing -----------------------------------------------------------------------------------------------


def test_a_confirmed_payment_is_recorded_and_lets_the_office_register(gateway, file_licence, person, users):
    gateway.answer = paid(payer=person.identifier)
    app = file_licence()
    payment = app.payment
    assert (payment.amount, payment.reference, payment.payer, payment.status) == (
        FEE_2025,
        "EGOV-PAY-00000001",
        person.identifier,
        CONFIRMED,
    )
    assert payment.gateway.endswith("FakeGateway") and payment.raw["status"] == "paid"
    assert gateway.asked == [("EGOV-PAY-00000001", FEE_2025, person.identifier)]
    assert perform_transition(app.pk, "register", user=users[Role.OFFICE]).state == "registered"


def test_unpaid_is_a_filing_error_and_nothing_is_written(gateway, file_licence):
    gateway.answer = PaymentConfirmation(False, detail="not_found")
    with translation.override("ru"), pytest.raises(InvalidInput) as error:
        file_licence()
    refused_with(error, in_language("ru", "Service refused: no payment received")[:20])
    assert nothing_written()


def test_an_underpayment_is_refused(gateway, file_licence, person):
    gateway.answer = paid(Decimal("39319.99"), person.identifier)
    with translation.override("kk"), pytest.raises(InvalidInput) as error:
        file_licence()
    refused_with(error, f"39{NBSP}319,99 теңге")
    assert nothing_written()


def test_the_payer_must_be_the_applicant_or_their_representative(gateway, file_licence, person):
    stranger = valid_iin(start=700)
    gateway.answer = paid(payer=stranger)
    with pytest.raises(InvalidInput):
        file_licence()
    assert nothing_written()
    representative = {
        "name": "Сейітов Бақыт",
        "iin": stranger,
        "power_of_attorney_no": "17",
        "power_of_attorney_date": "2025-01-10",
    }
    app = file_licence(representative=representative)
    assert app.payment.payer == stranger


def test_a_reference_pays_one_application_only(gateway, file_licence, person):
    gateway.answer = paid(payer=person.identifier)
    first = file_licence()
    with pytest.raises(InvalidInput) as error:
        file_licence()
    refused_with(error, "already used")
    assert list(Application.objects.values_list("pk", flat=True)) == [first.pk]
    assert len(gateway.asked) == 1  # the second is refused before the gateway is asked


def test_the_portal_needs_a_reference_the_office_does_not(gateway, file_licence, users):
    with translation.override("kk"), pytest.raises(InvalidInput) as error:
        file_licence("")
    refused_with(error, f"39{NBSP}320 теңге")
    assert nothing_written()
    office = file_licence("", channel="office")
    assert not Payment.objects.exists() and gateway.asked == []
    assert perform_transition(office.pk, "register", user=users[Role.OFFICE]).state == "registered"


def test_gateway_down_writes_nothing_and_says_so_in_the_users_language(gateway, file_licence):
    gateway.answer = None
    english = str(PaymentGatewayUnavailable.default_message)
    for language in ("kk", "ru"):
        with translation.override(language):
            with pytest.raises(PaymentGatewayUnavailable) as error:
                file_licence()
            assert error.value.message == in_language(language, english) != english
    assert nothing_written()


def test_register_is_refused_without_a_confirmed_payment(file, users, settings):
    app = file(
        "licence", "issue", channel="portal", data={**FILING_DATA["licence"], "payment_reference": "X1"}
    )
    with translation.override("kk"):
        with pytest.raises(GuardFailed) as error:
            perform_transition(app.pk, "register", user=users[Role.OFFICE])
        assert "лицензиялық алымның" in error.value.message
    Payment.objects.create(
        application=app,
        amount=Decimal("39319"),
        reference="X1",
        payer=app.applicant.identifier,
        gateway="test",
        status=CONFIRMED,
        created_at=app.received_at,
    )
    with pytest.raises(GuardFailed):  # a confirmed payment short of the fee does not do either
        perform_transition(app.pk, "register", user=users[Role.OFFICE])
    Payment.objects.filter(application=app).update(amount=FEE_2025)
    assert perform_transition(app.pk, "register", user=users[Role.OFFICE]).state == "registered"


# -- the HTTP adapter against a fake gateway server ----------------------------------------------------------


class FakeGatewayServer:
    """The e-government payment gateway's contract (records.payments.HttpPaymentGateway), answering from a
    table ``reference -> (status code, body)``; records every request."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, object]] = {}
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append({"path": self.path, "auth": self.headers["Authorization"], **body})
                status, answer = outer.answers.get(body["reference"], (404, {"status": "not_found"}))
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def pay(self, reference: str, amount: str, payer: str, paid_at: str = "2026-01-15T10:00:00+05:00"):
        body = {"reference": reference, "status": "paid", "amount": amount, "currency": "KZT"}
        self.answers[reference] = (200, {**body, "payer": payer, "paid_at": paid_at})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway_server():
    server = FakeGatewayServer()
    yield server
    server.close()


def test_the_http_adapter_reads_the_gateways_contract(gateway_server):
    adapter = HttpPaymentGateway(gateway_server.url, token="secret", timeout=5)
    gateway_server.pay("P-1", "43250.00", "880515300042")
    answer = adapter.confirm("P-1", Decimal("43250.00"), "880515300042")
    assert (answer.confirmed, answer.amount, answer.payer) == (True, Decimal("43250.00"), "880515300042")
    assert answer.paid_at.isoformat() == "2026-01-15T10:00:00+05:00"
    assert gateway_server.requests[0] == {
        "path": "/payments/confirm",
        "auth": "Bearer secret",
        "reference": "P-1",
        "expected_amount": "43250.00",
        "currency": "KZT",
        "payer": "880515300042",
    }
    assert not adapter.confirm("P-404", Decimal("1"), "880515300042").confirmed  # 404: unknown
    gateway_server.answers["P-2"] = (200, {"reference": "P-2", "status": "pending"})
    assert adapter.confirm("P-2", Decimal("1"), "x").detail == "pending"
    good = {"status": "paid", "amount": "1", "payer": "x", "paid_at": "2026-01-15T10:00+05:00"}
    for reference, answer in {
        "P-500": (500, {"error": "maintenance"}),
        "P-html": (200, b"<html>gateway</html>"),
        "P-other": (
            200,
            {**good, "reference": "P-9"},
        ),
        "P-naive": (
            200,
            {**good, "reference": "P-naive", "paid_at": "2026-01-15T10:00"},
        ),
        "P-nopayer": (200, {**good, "reference": "P-nopayer", "payer": ""}),
        "P-amount": (200, {**good, "reference": "P-amount", "amount": "many"}),
    }.items():
        gateway_server.answers[reference] = answer
        with pytest.raises(PaymentGatewayUnavailable):
            adapter.confirm(reference, Decimal("1"), "x")


def test_an_unreachable_gateway_is_unavailable(gateway_server):
    url = gateway_server.url
    gateway_server.close()
    with pytest.raises(PaymentGatewayUnavailable):
        HttpPaymentGateway(url, timeout=2).confirm("P-1", Decimal("1"), "x")


# -- the online form, the JSON API, the staff page and the cabinet -------------------------------------------


def apply_url(language: str = "kk", kind: str = "issue") -> str:
    with translation.override(language):
        return reverse("records:apply") + f"?service=licence&kind={kind}"


def form_fields(reference: str) -> dict:
    """The licence form of an applicant signed in (issue 14) who files for themself."""
    return {
        "filing_for": "self",
        "activity": FILING_DATA["licence"]["activity"],
        "payment_reference": reference,
    }


def test_the_form_shows_the_fee_pays_in_the_demo_and_files_with_the_reference(
    client, users, clock, tmp_path, settings, applicant_holder
):
    settings.MEDIA_ROOT = tmp_path / "media"
    iin = valid_iin(start=960)
    with translation.override("kk"):
        pay_url = reverse("records:apply_pay") + "?service=licence&kind=issue"
    assert client.post(pay_url, form_fields("")).status_code == 404  # only a signed-in applicant pays here
    sign_in(client, applicant_holder(iin, "Омаров Ерлан"))
    page = client.get(apply_url("ru", "reissue")).content.decode()
    assert f"3{NBSP}932 тенге" in page  # re-issue: 1 MRP of 2025
    page = client.get(apply_url("kk")).content.decode()
    assert f"39{NBSP}320 теңге" in page and "apply/pay/" in page
    paid_page = client.post(pay_url, form_fields(""))  # "Pay" submits the form: its filer is the payer
    reference = paid_page.context["reference"]
    assert (
        paid_page.status_code == 200
        and reference.startswith("DEMO-")
        and reference in paid_page.content.decode()
    )
    assert paid_page.context["payer"] == iin
    principal = valid_iin(start=970)
    represented = {**form_fields(""), "filing_for": "representative", "principal_identifier": principal}
    assert client.post(pay_url, represented).context["payer"] == principal  # a representative pays for them
    wrong = client.post(pay_url, {**represented, "principal_identifier": "123"})
    assert wrong.status_code == 400 and not wrong.context["reference"]
    refused = client.post(apply_url(), {**form_fields("WRONG-1"), **document_uploads("licence", "issue")})
    assert refused.status_code == 400 and "payment_reference" in refused.context["form"].errors
    assert not Application.objects.exists()
    filed = client.post(apply_url(), {**form_fields(reference), **document_uploads("licence", "issue")})
    assert filed.status_code == 302, filed.content.decode()[:2000]
    payment = Payment.objects.get()
    assert (payment.reference, payment.payer, payment.amount) == (reference, iin, FEE_2025)
    assert payment.application.applicant.identifier == iin


def test_free_services_show_no_fee_and_cannot_be_paid(client, users, applicant_holder):
    sign_in(client, applicant_holder())
    with translation.override("kk"):
        url = reverse("records:apply") + "?service=vet_certificate"
        pay_url = reverse("records:apply_pay") + "?service=vet_certificate"
    assert 'id="records-fee"' not in client.get(url).content.decode()
    assert client.post(pay_url, {"filing_for": "self"}).status_code == 404


def api_body(identifier: str, reference: str) -> dict:
    data = {**FILING_DATA["licence"], "payment_reference": reference}
    applicant = {"kind": "individual", "identifier": identifier, "name": "Асқаров Нұрлан"}
    return {
        "service": "licence",
        "subcase": "issue",
        "applicant": applicant,
        "data": data,
        "documents": required_docs("licence", "issue"),  # the portal sends the required documents
    }


def test_the_json_api_checks_the_payment_the_same_way(client, users, gateway, clock):
    _token, key = ApiToken.issue(users[Role.PORTAL], services=["licence"])
    iin = valid_iin(start=980)

    def post(body):
        return client.post(
            reverse("records_api:applications"),
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
            HTTP_ACCEPT_LANGUAGE="ru",
        )

    gateway.answer = PaymentConfirmation(False, detail="not_found")
    response = post(api_body(iin, "P-1"))
    assert response.status_code == 400 and "data.payment_reference" in response.json()["field_errors"]
    gateway.answer = None
    response = post(api_body(iin, "P-1"))
    assert (response.status_code, response.json()["code"]) == (503, "payment_gateway_unavailable")
    assert nothing_written()
    gateway.answer = paid(payer=iin)
    response = post(api_body(iin, "P-1"))
    assert response.status_code == 201
    assert Payment.objects.get().application_id == response.json()["id"]


def test_staff_see_the_payment_and_the_cabinet_partial_shows_it(gateway, file_licence, person, login):  # noqa: F811
    gateway.answer = paid(payer=person.identifier)
    app = file_licence()
    page = login(Role.OFFICE).get(reverse("records_application", args=[app.pk])).content.decode()
    assert 'id="records-payment" data-status="confirmed"' in page
    assert "EGOV-PAY-00000001" in page and person.identifier in page and "FakeGateway" in page
    summary = payment_summary(app)
    assert summary.paid and summary.fee.amount == FEE_2025
    with translation.override("ru"):
        html = render_to_string(
            "records/cabinet/_payment.html", {"payment": summary.payment, "fee": summary.fee}
        )
    assert f"39{NBSP}320 тенге" in html and "EGOV-PAY-00000001" in html and 'data-status="confirmed"' in html
    assert payment_summary(Application(service="vet_certificate", subcase="")) is None


def test_demo_licence_applications_get_confirmed_payments_once(file, users):
    apps = [file("licence", "issue"), file("licence", "issue", channel="portal"), file("vet_certificate")]
    assert ensure_demo_payments(Application.objects.all()) == 2
    assert ensure_demo_payments(Application.objects.all()) == 0
    assert set(Payment.objects.values_list("application_id", flat=True)) == {apps[0].pk, apps[1].pk}
    assert all(p.covers_fee for p in Payment.objects.all())
    assert perform_transition(apps[1].pk, "register", user=users[Role.OFFICE]).state == "registered"


# -- the real path: a server process asking a fake gateway server --------------------------------------------


def test_a_licence_filed_over_http_is_checked_with_the_gateway(tmp_path, gateway_server, eds_pki):
    """migrate and runserver as separate processes (tests/e2e's Portal), the HTTP adapter configured by the
    environment, the applicant signed in over HTTP with a certificate of the test PKI the server trusts, the
    online form posted over HTTP: unpaid is refused, paid is filed with its payment."""
    from tests.e2e.conftest import Portal, _free_port

    class GatewayPortal(Portal):
        def env(self, seed):
            env = super().env(seed)
            env.update(
                RECORDS_PAYMENT_GATEWAY="records.payments.HttpPaymentGateway",
                RECORDS_PAYMENT_GATEWAY_URL=gateway_server.url,
                RECORDS_PAYMENT_GATEWAY_TOKEN="e2e-token",
                RECORDS_EDS_TRUST_ROOTS=str(eds_pki.root_path),
            )
            return env

    portal = GatewayPortal(tmp_path, f"http://127.0.0.1:{_free_port()}", tmp_path / "server.log")
    portal.manage("migrate", "--noinput", "-v", "0", seed=1)
    portal.manage("createcachetable", seed=2)
    portal.manage(
        "shell",
        "-c",
        "from records.units import OBLAST, TerritorialUnit; "
        "TerritorialUnit.objects.create(code='oblast', level=OBLAST, name='Облыс')",
        seed=3,
    )
    portal.start_server()
    try:
        _file_over_http(portal, gateway_server, eds_pki)
    finally:
        portal.stop_server()


def _sign_in_over_http(session, base_url: str, holder) -> None:
    """What the sign-in page's script does: sign the page's challenge (CMS) and post it."""
    import re

    login_url = f"{base_url}/kk/login/"
    page = session.get(login_url, timeout=60)
    field = r'name="%s" value="([^"]+)"'
    challenge = re.search(field % "challenge", page.text).group(1)
    data = {
        "csrfmiddlewaretoken": re.search(field % "csrfmiddlewaretoken", page.text).group(1),
        "challenge": challenge,
        "signature": holder.sign_cms(challenge.encode()),
    }
    signed = session.post(
        login_url, data=data, headers={"Referer": login_url}, allow_redirects=False, timeout=60
    )
    assert signed.status_code == 302 and "/cabinet/" in signed.headers["Location"], signed.text[:2000]


def _file_over_http(portal, gateway_server, pki) -> None:
    import re

    import requests

    session = requests.Session()
    url = f"{portal.base_url}/kk/apply/?service=licence&kind=issue"
    anonymous = session.get(url, timeout=60, allow_redirects=False)
    assert anonymous.status_code == 302 and "/kk/login/" in anonymous.headers["Location"]
    iin = valid_iin(start=990)
    _sign_in_over_http(session, portal.base_url, pki.issue(iin, "Омаров Ерлан"))
    page = session.get(url, timeout=60)
    fee = fee_due("licence", "issue").amount  # today's: the server's clock is the real one
    with translation.override("kk"):
        assert page.status_code == 200 and format_tenge(fee) in page.text
    assert "apply/pay/" not in page.text  # the real gateway takes no payment here

    def post(reference: str):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        uploads = document_uploads("licence", "issue")
        files = [(name, (f.name, f.read(), "application/pdf")) for name, [f] in uploads.items()]
        return session.post(
            url,
            data={"csrfmiddlewaretoken": token, **form_fields(reference)},
            files=files,
            headers={"Referer": url},
            timeout=60,
        )

    refused = post("EGOV-404")
    assert refused.status_code == 400 and "payment_reference" in refused.text
    gateway_server.pay("EGOV-777", str(fee), iin, paid_at=datetime.now(ALMATY).isoformat())
    done = post("EGOV-777")
    assert done.status_code == 200 and "/apply/done/" in done.url, portal.log_since(0)[-2000:]
    number = re.search(r'id="records-number">([^<]+)<', done.text).group(1)
    assert [r["reference"] for r in gateway_server.requests] == ["EGOV-404", "EGOV-777"]
    assert {r["auth"] for r in gateway_server.requests} == {"Bearer e2e-token"}
    shown = portal.manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from records.payments import Payment; p = Payment.objects.get(); "
        "print(p.application.registration_no, p.reference, p.payer, p.amount, p.status)",
        seed=4,
    )
    assert shown.strip().splitlines()[-1].split() == [number, "EGOV-777", iin, str(fee), "confirmed"]
