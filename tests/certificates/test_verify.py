"""The public verification page under /kk/ and /ru/: facts with the IIN/BIN masked, the status after a
cancel and a re-issue, byte-for-byte comparison of an uploaded file, not-found, and rate limiting."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from certificates.services import cancel_document, verify_upload

pytestmark = pytest.mark.django_db


def page_url(doc, language="kk"):
    with translation.override(language):
        return reverse("certificates:verify", kwargs={"code": doc.verification_code})


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_page_shows_the_facts_with_the_iin_masked(client, issue, language):
    doc = issue("vet_certificate")
    response = client.get(page_url(doc, language))
    assert response.status_code == 200
    assert response.request["PATH_INFO"].startswith(f"/{language}/verify/")
    html = response.content.decode()
    assert 'data-status="valid"' in html
    for fact in (doc.number, doc.holder_name, doc.issuer, doc.sha256, "Ветеринариялық анықтама"):
        assert fact in html
    assert doc.holder_id not in html
    assert "85••••••••23" in html  # 850312300123 with 8 of its 12 digits hidden
    assert 'name="robots" content="noindex' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_qr_address_is_the_kazakh_page_on_the_configured_host(issue):
    doc = issue("vet_certificate")
    from certificates.services import verify_url

    assert verify_url(doc) == f"https://vet.example.kz/kk/verify/{doc.verification_code}/"
    assert len(doc.verification_code) >= 22 and doc.verification_code not in doc.number


def test_after_a_cancel_the_page_says_cancelled(client, issue, clerk):
    doc = issue("vet_certificate")
    cancel_document(doc, by=clerk, reason="Қате")
    html = client.get(page_url(doc)).content.decode()
    assert 'data-status="cancelled"' in html and 'data-status="valid"' not in html


def test_after_a_reissue_the_old_page_names_the_new_document(client, issue):
    original = issue("licence")
    reissued = issue("licence", original=original, relation="reissue")
    old = client.get(page_url(original)).content.decode()
    assert 'data-status="superseded"' in old and reissued.number in old
    new = client.get(page_url(reissued)).content.decode()
    assert 'data-status="valid"' in new and original.number in new  # "re-issue of" the original


def test_a_duplicate_page_names_its_original(client, issue):
    original = issue("vet_passport")
    duplicate = issue("vet_passport", original=original, relation="duplicate", payload={})
    html = client.get(page_url(duplicate)).content.decode()
    assert original.number in html and 'data-status="valid"' in html


def test_an_identical_upload_matches_and_a_modified_one_does_not(client, issue):
    doc = issue("vet_certificate")
    content = doc.file.read()
    assert verify_upload(doc.verification_code, content) is True
    same = client.post(page_url(doc), {"file": SimpleUploadedFile("a.pdf", content, "application/pdf")})
    assert 'data-match="yes"' in same.content.decode()
    # One flipped bit in the middle of the file is enough.
    modified = bytearray(content)
    modified[len(content) // 2] ^= 0x01
    modified = bytes(modified)
    assert modified != content
    assert verify_upload(doc.verification_code, modified) is False
    other = client.post(page_url(doc), {"file": SimpleUploadedFile("a.pdf", modified, "application/pdf")})
    assert other.status_code == 200 and 'data-match="no"' in other.content.decode()


def test_a_reprinted_copy_is_not_the_registered_file(client, issue):
    from certificates.services import context_for, render_pdf

    doc = issue("vet_certificate")
    copy = render_pdf(doc.doc_type, context_for(doc))
    assert verify_upload(doc.verification_code, copy) is False


def test_an_oversized_upload_is_refused_with_a_form_error(client, issue, settings):
    settings.CERTIFICATE_VERIFY_MAX_UPLOAD = 100
    doc = issue("vet_certificate")
    response = client.post(page_url(doc), {"file": SimpleUploadedFile("a.pdf", b"x" * 101)})
    html = response.content.decode()
    assert response.status_code == 200 and "data-match" not in html and "errorlist" in html


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_unknown_code_gets_a_not_found_page(client, language):
    with translation.override(language):
        url = reverse("certificates:verify", kwargs={"code": "no-such-code-1234567890"})
    response = client.get(url)
    assert response.status_code == 404
    assert 'data-status="not-found"' in response.content.decode()


def test_the_page_is_rate_limited_per_client_address(client, issue, settings):
    settings.CERTIFICATE_VERIFY_RATE = (5, 60)
    doc = issue("vet_certificate")
    codes = [client.get(page_url(doc), REMOTE_ADDR="10.0.0.1").status_code for _ in range(5)]
    assert codes == [200] * 5
    # Guessing unknown codes counts against the same limit.
    limited = client.get("/kk/verify/guess/", REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert client.post(page_url(doc), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(page_url(doc), REMOTE_ADDR="10.0.0.2").status_code == 200  # another client


def test_clients_without_an_address_share_one_limit(client, issue, settings):
    # A proxy on a Unix socket leaves REMOTE_ADDR empty: the page still answers, and still counts.
    settings.CERTIFICATE_VERIFY_RATE = (2, 60)
    doc = issue("vet_certificate")
    codes = [client.get(page_url(doc), REMOTE_ADDR="").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_lookup_form_takes_a_typed_code_or_the_pasted_qr_address(client, issue):
    doc = issue("vet_certificate")
    with translation.override("kk"):
        lookup = reverse("certificates:verify_lookup")
    assert client.get(lookup).status_code == 200
    for typed in (doc.verification_code, f" https://vet.example.kz/kk/verify/{doc.verification_code}/ "):
        response = client.get(lookup, {"code": typed})
        assert response.status_code == 302
        assert response["Location"] == page_url(doc)
    refused = client.get(lookup, {"code": "<script>"})
    assert refused.status_code == 400
    assert 'data-status="malformed"' in refused.content.decode()
    assert "&lt;script&gt;" in refused.content.decode()
