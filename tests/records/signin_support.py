"""Signing in as an applicant in the tests, the way the browser does: read the challenge from /<lang>/login/,
sign it with a test certificate (records.eds.testpki) and post the signature.  The fixtures ``eds_pki`` (one
test PKI per session) and ``eds_trusted`` (its root trusted) are in tests/records/conftest.py."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from records.eds.testpki import Holder

CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')


def login_url(language: str = "kk") -> str:
    with translation.override(language):
        return reverse("records:login")


def challenge_of(response) -> str:
    found = CHALLENGE.search(response.content.decode())
    assert found, "no challenge on the sign-in page"
    return found.group(1)


def post_signature(client, holder: Holder, *, language="kk", xml=False, next_url="", challenge=None):
    """GET the sign-in page, sign its challenge (or ``challenge``) and POST; the POST's response."""
    issued = challenge_of(client.get(login_url(language)))
    signed = (challenge or issued).encode()
    signature = holder.sign_xml(signed) if xml else holder.sign_cms(signed)
    data = {"challenge": issued, "signature": signature, "next": next_url}
    return client.post(login_url(language), data)


def sign_in(client, holder: Holder, language: str = "kk") -> None:
    response = post_signature(client, holder, language=language)
    assert response.status_code == 302, response.content.decode()[:2000]


def document_uploads(service: str, kind: str = "") -> dict:
    """The online form's files: a real PDF for each document the service requires and for the application
    (records.documents refuses fake PDFs), keyed by the form's inputs ``document_<code>``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalogue.documents import required_documents

    from .document_files import pdf_bytes

    def pdf(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")

    files = {f"document_{d.code}": [pdf(f"{d.code}.pdf")] for d in required_documents(service, kind)}
    return {**files, "document_application": [pdf("өтініш.pdf")]}
