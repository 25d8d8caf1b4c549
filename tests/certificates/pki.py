"""The test PKI online: OCSP, CRL and the RFC 3161 TSA of certificates/testpki/pki.yml answered in-process by
certomancer's Illusionist through requests-mock (no network), and helpers that sign a document with a key the
portal refuses to sign with (revoked, expired) to see how the check reports it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests_mock
from certomancer.integrations.illusionist import Illusionist
from django.conf import settings as django_settings

from certificates import signing, testpki


def pki_directory() -> Path:
    return testpki.ensure(Path(django_settings.CERTIFICATES_TEST_PKI))


@pytest.fixture
def online_pki(settings):
    """Settings as production has them (TSA and OCSP/CRL over HTTP), served by the test PKI; yields the
    requests mocker, whose history shows what was asked."""
    arch = testpki.architecture(pki_directory())
    tsa = arch.service_registry.list_time_stamping_services()[0]
    with requests_mock.Mocker() as mocker:
        Illusionist(arch).register(mocker)
        settings.CERTIFICATES_TSA_URL = tsa.url
        settings.CERTIFICATES_TSA_LOCAL = {}
        settings.CERTIFICATES_CRLS = []
        settings.CERTIFICATES_REVOCATION_FETCH = True
        yield mocker
    signing.reset()


def sign_anyway(pdf: bytes, role: str) -> bytes:
    """Sign ``pdf`` with ``role``'s key even when its certificate is not valid now, embedding whatever status
    data the checks fetched (an OCSP answer saying "revoked" for a revoked one)."""
    toolkit = signing._toolkit()
    key = signing.key_for(role)
    try:
        toolkit.validation_data(key)
    except signing.SigningError:
        context = toolkit.validation_context
        toolkit._validation_data[role] = {
            "certs": [key.signer.signing_cert, *key.signer.cert_registry],
            "ocsps": list(context.ocsps),
            "crls": list(context.crls),
        }
    return signing.sign(pdf, key, page=0, box=(50, 50, 300, 120))


def unsigned_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "A page")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
