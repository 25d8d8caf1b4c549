"""Issue 16: the signature check everywhere: the verify page and the upload check say it in plain words,
`manage.py verify_document` prints it offline in its own process (exit 0/1), and a GOST-signed document
goes to the verification service (a fake HTTP server here)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import cms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from certificates import signature_check

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _verify_path(doc, language="kk") -> str:
    with translation.override(language):
        return reverse("certificates:verify", kwargs={"code": doc.verification_code})


def test_the_verify_page_says_the_signature_is_valid(client, issue):
    doc = issue("vet_certificate")
    page = client.get(_verify_path(doc)).content.decode()
    assert 'data-signature="valid"' in page
    assert "Электрондық цифрлық қолтаңба жарамды" in page
    page = client.get(_verify_path(doc, "ru")).content.decode()
    assert "Электронная цифровая подпись действительна" in page


def test_the_upload_check_reports_a_changed_file_in_plain_words(client, issue):
    doc = issue("vet_certificate")
    data = bytearray(doc.file.read())
    data[len(data) // 2] ^= 0x20
    upload = SimpleUploadedFile("copy.pdf", bytes(data), content_type="application/pdf")
    page = client.post(_verify_path(doc, "ru"), {"file": upload}).content.decode()
    assert 'data-match="no"' in page
    assert 'class="banner verify-upload-signature verify-status-cancelled"' in page
    assert "файл изменён после подписания" in page


def _run_verify_document(path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "verify_document", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_verify_document_runs_offline_in_its_own_process(issue, tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(issue("refusal").file.read())
    done = _run_verify_document(good)
    assert done.returncode == 0, done.stderr
    assert "Электрондық цифрлық қолтаңба жарамды" in done.stdout and "TEST PKI" in done.stdout
    bad = tmp_path / "bad.pdf"
    data = bytearray(good.read_bytes())
    data[2000] ^= 0x01
    bad.write_bytes(bytes(data))
    done = _run_verify_document(bad)
    assert done.returncode == 1
    assert "файл қол қойылғаннан кейін өзгертілген" in done.stdout


# --- GOST: the verification service -----------------------------------------------------------------------

GOST_34_10_2012_256 = "1.2.643.7.1.1.1.1"


def _as_gost(data: bytes) -> bytes:
    """The document with its signature's algorithm rewritten to GOST 34.10-2012 (its /Contents is outside the
    signed ranges, so only the algorithm identifier tells; this process cannot check GOST anyway)."""
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    content = cms.ContentInfo.load(bytes.fromhex(data[start:end].decode()))
    signer = content["content"]["signer_infos"][0]
    signer["signature_algorithm"] = {"algorithm": GOST_34_10_2012_256}
    hexed = content.dump().hex().encode()
    return data[:start] + hexed.ljust(end - start, b"0") + data[end:]


class _FakeService(BaseHTTPRequestHandler):
    answer: dict = {}
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(body)
        raw = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@pytest.fixture
def gost_service(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CERTIFICATES_GOST_SERVICE_URL = f"http://127.0.0.1:{server.server_port}/verify"
    _FakeService.received = []
    yield _FakeService
    server.shutdown()
    server.server_close()


def test_a_gost_signature_goes_to_the_verification_service(issue, gost_service):
    data = _as_gost(issue("vet_certificate").file.read())
    gost_service.answer = {
        "valid": True,
        "signer": "Серікбаев Нұрлан",
        "serial": "7A1F",
        "signed_at": "2026-03-01T10:00:00+05:00",
    }
    report = signature_check.check_pdf(data)
    assert report.valid and report.checked_by_service
    assert report.signer == "Серікбаев Нұрлан" and report.serial == "7A1F"
    assert len(gost_service.received) == 1 and gost_service.received[0]["format"] == "pdf"
    gost_service.answer = {"valid": False, "error": "revoked"}
    assert signature_check.check_pdf(data).outcome == signature_check.REVOKED


def test_a_silent_verification_service_never_reads_as_valid(issue, settings):
    data = _as_gost(issue("vet_certificate").file.read())
    with socket.socket() as closed:  # bound, never listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        settings.CERTIFICATES_GOST_SERVICE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/verify"
        settings.CERTIFICATES_GOST_SERVICE_TIMEOUT = 3
        report = signature_check.check_pdf(data)
    assert report.outcome == signature_check.SERVICE_UNAVAILABLE and not report.valid
    with translation.override("kk"):
        assert "ГОСТ" in report.message()
