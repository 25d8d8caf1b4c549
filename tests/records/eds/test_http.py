"""The HTTP adapter (records.eds.http) against a fake verification service: http.server in a thread of the
test, no network."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from records.eds import SignedPayload, verify_signin
from records.eds.errors import (
    CertificateExpired,
    CertificateRevoked,
    ChallengeMismatch,
    MalformedSignature,
    NoIdentifier,
    ServiceError,
    ServiceUnreachable,
    SignatureMismatch,
    UntrustedChain,
)

from ..conftest import valid_bin, valid_iin

CHALLENGE = b"vet-portal-signin:http-0001"
IIN, BIN = valid_iin(start=61), valid_bin(start=61)


class FakeService:
    """Answers every POST with ``answer`` (a dict, or raw bytes) and ``status``; keeps what it received."""

    def __init__(self) -> None:
        self.answer: dict | bytes = {"valid": True, "iin": IIN, "name": "Асқаров Нұрлан", "serial": "1a2b"}
        self.status = 200
        self.delay = 0.0
        self.received: list[dict] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                service.received.append(
                    {"type": self.headers["Content-Type"], "body": json.loads(self.rfile.read(length))}
                )
                time.sleep(service.delay)
                body = service.answer if isinstance(service.answer, bytes) else json.dumps(service.answer)
                body = body if isinstance(body, bytes) else body.encode()
                self.send_response(service.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/verify"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service(settings):
    fake = FakeService()
    settings.RECORDS_EDS_VERIFIER = "records.eds.http.verify"
    settings.RECORDS_EDS_SERVICE_URL = fake.url
    settings.RECORDS_EDS_SERVICE_TIMEOUT = 2
    yield fake
    fake.close()


def test_a_valid_answer_gives_the_signer(service):
    identity = verify_signin(CHALLENGE, SignedPayload("MIIB" + "A" * 40))
    assert (identity.iin, identity.name, identity.serial, identity.bin) == (IIN, "Асқаров Нұрлан", "1a2b", "")
    sent = service.received[0]
    assert sent["type"] == "application/json"
    assert sent["body"] == {
        "challenge": base64.b64encode(CHALLENGE).decode(),
        "signature": "MIIB" + "A" * 40,
        "format": "cms",
    }


def test_a_legal_entity_and_an_xml_signature(service):
    service.answer = {
        "valid": True,
        "iin": IIN,
        "bin": BIN,
        "name": "Омаров Ерлан",
        "organisation": "«Жамбыл Агро» ЖШС",
        "serial": "ff",
        "error": None,
    }
    identity = verify_signin(CHALLENGE, SignedPayload("<login>…</login>"))
    assert (identity.bin, identity.organisation, identity.is_legal_entity) == (BIN, "«Жамбыл Агро» ЖШС", True)
    assert service.received[0]["body"]["format"] == "xml"


@pytest.mark.parametrize(
    "code, error",
    [
        ("expired", CertificateExpired),
        ("untrusted", UntrustedChain),
        ("bad_signature", SignatureMismatch),
        ("challenge_mismatch", ChallengeMismatch),
        ("revoked", CertificateRevoked),
        ("malformed", MalformedSignature),
        ("no_iin", NoIdentifier),
        ("something_new", ServiceError),
        (None, ServiceError),
    ],
)
def test_the_services_refusals_are_the_same_errors(service, code, error):
    service.answer = {"valid": False, "error": code}
    with pytest.raises(error):
        verify_signin(CHALLENGE, SignedPayload("MIIB"))


@pytest.mark.parametrize(
    "answer, status",
    [
        (b"<html>gateway error</html>", 200),
        ({"valid": "yes"}, 200),
        ([1, 2], 200),
        ({"valid": True, "iin": 123}, 200),
        ({"valid": True, "iin": IIN, "name": "x"}, 500),
    ],
    ids=["not-json", "valid-not-bool", "not-an-object", "iin-not-text", "http-500"],
)
def test_an_answer_outside_the_contract_is_a_service_error(service, answer, status):
    service.answer, service.status = answer, status
    with pytest.raises(ServiceError):
        verify_signin(CHALLENGE, SignedPayload("MIIB"))


def test_a_valid_answer_without_a_valid_iin_is_refused(service):
    service.answer = {"valid": True, "iin": "880515300129", "name": "Асқаров Нұрлан", "serial": "1"}
    with pytest.raises(NoIdentifier):
        verify_signin(CHALLENGE, SignedPayload("MIIB"))


def test_a_slow_service_is_unreachable(service, settings):
    settings.RECORDS_EDS_SERVICE_TIMEOUT = 0.3
    service.delay = 1.0
    started = time.monotonic()
    with pytest.raises(ServiceUnreachable):
        verify_signin(CHALLENGE, SignedPayload("MIIB"))
    assert time.monotonic() - started < 0.9


def test_a_service_that_is_down_is_unreachable(service, settings):
    service.close()
    with pytest.raises(ServiceUnreachable) as caught:
        verify_signin(CHALLENGE, SignedPayload("MIIB"))
    assert caught.value.code == "service_unreachable"
    settings.RECORDS_EDS_SERVICE_URL = ""
    with pytest.raises(ServiceUnreachable):
        verify_signin(CHALLENGE, SignedPayload("MIIB"))
