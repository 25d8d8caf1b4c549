"""Issue 16: poppler's pdfsig, with an NSS database that trusts the test PKI's root, says an issued document's
certificate is trusted, and does not trust a document signed by a certificate outside that root."""

from __future__ import annotations

import shutil

import pytest

from certificates import signature_check, testpki

from . import nss
from .pki import pki_directory

pytestmark = pytest.mark.django_db
NAMESPACES = (
    "unshare -rmn (user namespaces) is not permitted here: pdfsig cannot reach the test OCSP responder"
)


@pytest.fixture(scope="session")
def nss_db(tmp_path_factory):
    if shutil.which("certutil") is None:
        pytest.skip("certutil is missing (Debian libnss3-tools): run `make setup`")
    return nss.make_database(tmp_path_factory.mktemp("nssdb"), pki_directory() / "root.pem")


@pytest.fixture(scope="session")
def namespaces():
    if not nss.namespaces_available():
        pytest.skip(NAMESPACES)


def test_pdfsig_trusts_an_issued_document(issue, nss_db, namespaces, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(issue("vet_certificate").file.read())
    report = nss.trusted_run(pki_directory(), nss_db, path, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report
    # Without the database pdfsig does not know the root: the trust comes from it.
    assert "Certificate Validation: Certificate is Trusted." not in nss.pdfsig(tmp_path, path)


def test_pdfsig_does_not_trust_a_document_signed_outside_the_roots(
    issue, nss_db, settings, tmp_path_factory, tmp_path
):
    other = testpki.ensure(tmp_path_factory.mktemp("other-pki") / "pki")  # its own root, not in nss_db
    for name, value in testpki.settings_for(other).items():
        setattr(settings, name, value)
    settings.CERTIFICATES_TEST_PKI = str(other)
    data = issue("vet_certificate").file.read()
    assert signature_check.check_pdf(data).valid  # sound for its own root
    path = tmp_path / "elsewhere.pdf"
    path.write_bytes(data)
    report = nss.pdfsig(nss_db, path)
    assert "Signature Validation: Signature is Valid." in report
    assert _not_trusted(report)
    if nss.namespaces_available():  # with the OCSP responder online too
        assert _not_trusted(nss.trusted_run(pki_directory(), nss_db, path, tmp_path))


def _not_trusted(report: str) -> bool:
    """poppler's words for a chain that does not reach a trusted root (which one depends on whether NSS
    found the issuer's certificate)."""
    verdicts = ("Certificate issuer isn't Trusted.", "Certificate issuer is unknown.")
    return "Certificate is Trusted." not in report and any(
        f"Certificate Validation: {v}" in report for v in verdicts
    )
