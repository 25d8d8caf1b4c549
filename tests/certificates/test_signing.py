"""Issue 16: every issued document carries a PAdES signature (the key of the signing role, a trusted
timestamp, the validation data embedded) that pyHanko's validator and poppler's pdfsig accept, and the
check reports a changed byte, a stripped signature, a revoked and an expired certificate for what they
are."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import layouts, signature_check, signing
from certificates.models import IssuedDocument
from certificates.services import reprint_pdf, verify_upload
from certificates.signatory import Signatory

from .conftest import pdf_text, tool
from .pki import sign_anyway, unsigned_pdf

pytestmark = pytest.mark.django_db
HEAD = Signatory(
    role="head",
    full_name_kk="Серікбаев Нұрлан Әбілұлы",
    full_name_ru="Серикбаев Нурлан Абилович",
    position_kk="Басқарма басшысы",
    position_ru="Руководитель управления",
    username="head",
)
ISSUED_TYPES = sorted(code for code, dtype in layouts.registry().items() if not dtype.statutory_form)


def _pdfsig(path) -> str:
    return tool("pdfsig", str(path))


@pytest.mark.parametrize("doc_type", ISSUED_TYPES)
def test_each_document_type_is_signed_and_validates(doc_type, issue, artifacts):
    doc = issue(doc_type)
    data = doc.file.read()
    report = signature_check.check_pdf(data)
    assert report.outcome == signature_check.VALID, report.detail
    assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in report.detail
    path = artifacts / f"signed-{doc_type}.pdf"
    path.write_bytes(data)
    sig = _pdfsig(path)
    assert "Signature Validation: Signature is Valid." in sig
    assert "Total document signed" in sig
    assert "ETSI.CAdES.detached" in sig  # PAdES
    text = pdf_text(path)
    assert "Электрондық цифрлық қолтаңбамен қол қойылды" in text
    assert "TEST PKI — СЫНАҚ КІЛТІ" in text  # the test settings sign with the test PKI


def test_the_signatory_is_printed_and_their_roles_key_signs(issue, artifacts):
    doc = issue("vet_certificate", signatory=HEAD)
    path = artifacts / "signed-by-head.pdf"
    path.write_bytes(doc.file.read())
    text = pdf_text(path)
    assert "Қол қойған: Серікбаев Нұрлан Әбілұлы" in text and "Лауазымы: Басқарма басшысы" in text
    assert "(Алматы уақыты)" in text
    report = signature_check.check_pdf(path.read_bytes())
    assert report.valid and report.signer == "TEST PKI signer: head"
    assert f"Сертификаттың сериялық нөмірі: {report.serial}" in text
    assert doc.payload["e_signatory"]["full_name_ru"] == "Серикбаев Нурлан Абилович"


def test_without_a_signatory_the_service_seal_signs(issue):
    doc = issue("receipt")
    report = signature_check.check_pdf(doc.file.read())
    assert report.valid and report.signer == "TEST PKI seal of the veterinary service portal"


def test_signing_and_checking_work_in_a_thread_whose_event_loop_runs():
    """pyHanko's synchronous calls use asyncio.run, which a running loop forbids (an ASGI worker, or the
    thread that drives Playwright in the browser tests): the calls then go to a worker thread."""

    async def inside_a_running_loop():
        signed = signing.sign(unsigned_pdf(), signing.key_for("service"), page=0, box=(50, 50, 300, 120))
        return signature_check.check_pdf(signed)

    report = asyncio.run(inside_a_running_loop())
    assert report.valid and report.signer == "TEST PKI seal of the veterinary service portal"


SIGN_AFTER_READING_CMS = """
import django
django.setup()
from asn1crypto import cms
cms.CMSAttributeType("content_type")  # what an EDS sign-in does first (records.eds reads the CMS)
from certificates import signature_check, signing
from tests.certificates.pki import unsigned_pdf
signing.ensure_test_pki()
signed = signing.sign(unsigned_pdf(), signing.key_for("service"), page=0, box=(50, 50, 300, 120))
print(signature_check.check_pdf(signed).valid)
"""


def test_a_process_that_read_a_cms_signature_first_still_signs():
    """asn1crypto builds its attribute-name table once: a server process whose first CMS was an applicant's
    EDS sign-in must still name the signing-certificate-v2 attribute of the documents it signs."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", SIGN_AFTER_READING_CMS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"


def test_the_registered_hash_is_that_of_the_signed_file(issue):
    doc = issue("refusal")
    data = doc.file.read()
    assert verify_upload(doc.verification_code, data)
    assert len(PdfFileReader(io.BytesIO(data)).embedded_regular_signatures) == 1


def test_one_changed_byte_is_reported_as_modified(issue):
    data = bytearray(issue("vet_certificate").file.read())
    data[len(data) // 3] ^= 0x01
    report = signature_check.check_pdf(bytes(data))
    assert report.outcome == signature_check.MODIFIED
    with translation.override("ru"):
        assert "изменён" in report.message() or "изменен" in report.message()


def test_a_stripped_signature_is_reported_as_unsigned(issue):
    doc = issue("vet_certificate")
    data = doc.file.read()
    # The signature is an incremental update: the revision before it is the document without it.
    first_end = data.index(b"%%EOF") + len(b"%%EOF\n")
    stripped = data[:first_end]
    assert signature_check.check_pdf(stripped).outcome == signature_check.UNSIGNED
    assert not verify_upload(doc.verification_code, stripped)


def test_an_unsigned_file_is_reported_as_such():
    assert signature_check.check_pdf(unsigned_pdf()).outcome == signature_check.UNSIGNED
    assert signature_check.check_pdf(b"not a pdf at all").outcome == signature_check.DAMAGED


def test_online_signing_fetches_status_once_and_stamps_each_document(issue, online_pki):
    first = issue("vet_certificate", signatory=HEAD)
    asked = [request.url for request in online_pki.request_history]
    assert any("ocsp" in url for url in asked) and any("tsa" in url for url in asked)
    online_pki.reset_mock()
    second = issue("vet_certificate", signatory=HEAD)
    asked = [request.url for request in online_pki.request_history]
    assert asked and all("tsa" in url for url in asked), asked  # only the timestamp: status data is cached
    for doc in (first, second):
        data = doc.file.read()
        report = signature_check.check_pdf(data)
        assert report.valid, report.detail
        assert b"/OCSPs" in data  # the status answer is in the file (PAdES-B-LT)


def test_a_revoked_certificate_is_refused_at_issue_and_reported_when_found(issue, online_pki):
    before = IssuedDocument.objects.count()
    revoked = Signatory("revoked", "Ф", "Ф", "Л", "Л")
    with pytest.raises(ValidationError) as refused:
        issue("vet_certificate", signatory=revoked)
    assert "revoked" in str(refused.value)
    assert IssuedDocument.objects.count() == before
    report = signature_check.check_pdf(sign_anyway(unsigned_pdf(), "revoked"))
    assert report.outcome == signature_check.REVOKED, report.detail


def test_an_expired_certificate_is_reported(online_pki):
    report = signature_check.check_pdf(sign_anyway(unsigned_pdf(), "expired"))
    assert report.outcome == signature_check.EXPIRED, report.detail


def test_a_missing_key_stops_the_issue_and_nothing_is_stored(issue, settings):
    settings.CERTIFICATES_SIGNING_KEYS = {"service": {"pkcs12": "/nonexistent/service.p12"}}
    before = IssuedDocument.objects.count()
    with pytest.raises(ValidationError) as refused:
        issue("vet_certificate", signatory=HEAD)
    assert "head" in str(refused.value)
    with pytest.raises(ValidationError) as missing:
        issue("vet_certificate")
    assert "/nonexistent/service.p12" in str(missing.value)
    assert IssuedDocument.objects.count() == before


def test_a_timestamp_server_that_does_not_answer_stops_the_issue(issue, online_pki, settings):
    online_pki.post(settings.CERTIFICATES_TSA_URL, status_code=503)
    before = IssuedDocument.objects.count()
    with pytest.raises(ValidationError) as refused:
        issue("vet_certificate")
    assert "timestamp" in str(refused.value)
    assert IssuedDocument.objects.count() == before


def test_a_reprint_is_a_copy_with_a_fresh_signature(issue, artifacts):
    doc = issue("licence", signatory=HEAD)
    copy = reprint_pdf(doc)
    assert copy != doc.file.read() and not verify_upload(doc.verification_code, copy)
    assert signature_check.check_pdf(copy).valid
    path = artifacts / "signed-reprint.pdf"
    path.write_bytes(copy)
    text = pdf_text(path)
    assert "Қайта басылған көшірме" in text
    assert "Көшірмеге электрондық цифрлық қолтаңбамен қайта қол қойылды" in text
    assert "Серікбаев Нұрлан Әбілұлы" in text


def test_unsigned_when_no_key_is_configured(issue, settings):
    settings.CERTIFICATES_SIGNING_KEYS = {}
    doc = issue("receipt")
    assert signature_check.check_pdf(doc.file.read()).outcome == signature_check.UNSIGNED
