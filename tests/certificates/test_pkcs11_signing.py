"""Issue 16: signing keys on a PKCS#11 token.  A throw-away SoftHSM token (Debian softhsm2) in a temporary
folder holds the test PKI's service key and certificates; documents issued through it validate (pyHanko,
pdfsig), the session is opened once per process and closed on reset, and a wrong PIN or a missing token
stops the issue with a message in the user's language and nothing stored."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.exceptions import ValidationError
from django.utils import translation

from certificates import signature_check, signing
from certificates.models import IssuedDocument

from .conftest import tool
from .pki import pki_directory, unsigned_pdf

MODULE = "/usr/lib/softhsm/libsofthsm2.so"  # Debian softhsm2
TOKEN = "portal-test"
PIN = "4321"
PIN_ENV = "PORTAL_TEST_TOKEN_PIN"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("softhsm2-util") is None or not Path(MODULE).is_file(),
        reason="SoftHSM is missing (Debian softhsm2): run `make setup`",
    ),
]


def _util(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, timeout=60)


def _write_certificates(label: str, certificates: list[bytes]) -> None:
    """Certificates on the token (softhsm2-util 2.6 imports keys only): the signer's under ``label``, the
    CA's beside it, as a card issued by a certification authority carries them."""
    import pkcs11
    from pkcs11 import Attribute
    from pkcs11.util.x509 import decode_x509_certificate

    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        for number, der in enumerate(certificates):
            attributes = decode_x509_certificate(der)
            attributes[Attribute.TOKEN] = True
            attributes[Attribute.LABEL] = label if number == 0 else f"ca-{number}"
            attributes[Attribute.ID] = bytes([number + 1])
            session.create_object(attributes)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """A SoftHSM token with the test PKI's service key (label "service") and its chain; yields the
    CERTIFICATES_SIGNING_KEYS entry.  SoftHSM reads SOFTHSM2_CONF when the module is initialised, so the
    variable is set before this process loads it (and the module is unloaded afterwards)."""
    import pkcs11

    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    pkcs11.unload(MODULE)
    pki = pki_directory()
    _util("--init-token", "--free", "--label", TOKEN, "--so-pin", "12345678", "--pin", PIN)
    key = pki / "keys" / "service.key.pem"  # PKCS#8 PEM, as softhsm2-util --import wants it
    _util("--import", str(key), "--token", TOKEN, "--label", "service", "--id", "01", "--pin", PIN)
    _, cert, chain = pkcs12.load_key_and_certificates((pki / "roles" / "service.p12").read_bytes(), None)
    _write_certificates("service", [c.public_bytes(Encoding.DER) for c in (cert, *chain)])
    yield {"module": MODULE, "token_label": TOKEN, "key_label": "service", "pin_env": PIN_ENV, "conf": conf}
    signing.reset()
    pkcs11.unload(MODULE)
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before


def _entry(softhsm: dict, **changes) -> dict:
    return {name: value for name, value in softhsm.items() if name != "conf"} | changes


@pytest.fixture
def on_token(settings, softhsm, monkeypatch):
    """Every role signs with the service key on the token."""
    monkeypatch.setenv(PIN_ENV, PIN)
    settings.CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs11": _entry(softhsm)}}
    yield softhsm
    signing.reset()


@pytest.fixture
def sessions_opened(monkeypatch):
    """The sessions the portal opens on tokens."""
    from certificates import tokens

    opened: list = []
    real_open = tokens._open

    def spy(entry, role):
        opened.append(real_open(entry, role))
        return opened[-1]

    monkeypatch.setattr(tokens, "_open", spy)
    return opened


def test_documents_are_signed_through_the_token_in_one_session(on_token, issue, artifacts, sessions_opened):
    import pkcs11

    from .test_signing import HEAD

    first = issue("vet_certificate")
    second = issue("licence", signatory=HEAD)  # another role, the same token: the same session
    assert len(sessions_opened) == 1
    files = [doc.file.read() for doc in (first, second)]
    for data in files:
        report = signature_check.check_pdf(data)
        assert report.outcome == signature_check.VALID, report.detail
        assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in report.detail
    assert _signer_serial(files[0]) == _signer_serial(files[1]) == _service_serial()
    path = artifacts / "signed-on-token.pdf"
    path.write_bytes(files[0])
    sig = tool("pdfsig", str(path))
    assert "Signature Validation: Signature is Valid." in sig
    assert "Signer Certificate Common Name: TEST PKI seal of the veterinary service portal" in sig
    assert len(sessions_opened[0].generate_random(64)) == 8  # still open between documents
    signing.reset()
    with pytest.raises(pkcs11.exceptions.PKCS11Error):  # logged out and closed when the keys are forgotten
        sessions_opened[0].generate_random(64)


def test_the_session_outlives_a_rebuilt_toolkit(on_token, settings, issue, sessions_opened):
    """The keys are reloaded when the toolkit is rebuilt (fresh OCSP answers); the token stays logged in
    (PKCS#11 logs in the process: a second login would fail)."""
    settings.CERTIFICATES_SIGNER_CACHE_SECONDS = 0  # a new toolkit for every document
    for doc_type in ("vet_certificate", "receipt"):
        assert signature_check.check_pdf(issue(doc_type).file.read()).valid
    assert len(sessions_opened) == 1


def _signer_serial(data: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data)).embedded_signatures[0].signer_cert.serial_number


def _service_serial() -> int:
    from cryptography import x509

    _, cert, _ = pkcs12.load_key_and_certificates(
        (pki_directory() / "roles" / "service.p12").read_bytes(), None
    )
    assert isinstance(cert, x509.Certificate)
    return cert.serial_number


@pytest.mark.parametrize(
    ("change", "kk", "ru"),
    [
        ({"pin": "0000"}, "PIN-коды қате", "неверный PIN-код"),
        ({"token_label": "no-such-token"}, "қосылмаған", "не подключён"),
        ({"key_label": "nobody"}, "кілт немесе сертификат жоқ", "нет ключа или сертификата"),
        ({"module": "/nonexistent/libpkcs11.so"}, "PKCS#11 модулі жоқ", "отсутствует модуль PKCS#11"),
    ],
    ids=["wrong-pin", "missing-token", "missing-key", "missing-module"],
)
def test_a_token_that_cannot_sign_stops_the_issue_in_the_users_language(
    change, kk, ru, settings, softhsm, monkeypatch, issue
):
    change = dict(change)
    monkeypatch.setenv(PIN_ENV, change.pop("pin", PIN))
    settings.CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs11": _entry(softhsm, **change)}}
    before = IssuedDocument.objects.count()
    for language, words in (("kk", kk), ("ru", ru)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            issue("vet_certificate")
        assert words in " ".join(refused.value.messages)
    assert IssuedDocument.objects.count() == before
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_each_role_finds_its_own_key_label(on_token, settings, issue):
    """``{role}`` in a PKCS#11 entry names the role's key; a role without a key on the token is refused."""
    settings.CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs11": _entry(on_token, key_label="{role}")}}
    assert _signer_serial(issue("vet_certificate").file.read()) == _service_serial()  # role "service"
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        from .test_signing import HEAD

        issue("vet_certificate", signatory=HEAD)
    assert "«head»" in " ".join(refused.value.messages)


def _manage(*args: str, softhsm: dict, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.certificates.pkcs11_settings",
        "PORTAL_TEST_PKCS11": json.dumps(_entry(softhsm)),
        "SOFTHSM2_CONF": str(softhsm["conf"]),
        PIN_ENV: PIN,
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


SIGN_IN_SHELL = """
from pathlib import Path
from certificates import signing
key = signing.key_for("service")
Path("{out}").write_bytes(
    signing.sign(Path("{src}").read_bytes(), key, page=0, box=(50, 50, 300, 120))
)
print("signed", key.serial)
"""


def test_a_separate_process_signs_on_the_token_and_another_verifies(softhsm, tmp_path):
    source, out = tmp_path / "unsigned.pdf", tmp_path / "signed.pdf"
    source.write_bytes(unsigned_pdf())
    done = _manage("shell", "-c", SIGN_IN_SHELL.format(src=source, out=out), softhsm=softhsm)
    assert done.returncode == 0, done.stderr
    assert f"signed {_service_serial():X}" in done.stdout
    checked = _manage("verify_document", str(out), softhsm=softhsm)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert "Электрондық цифрлық қолтаңба жарамды" in checked.stdout
    wrong = _manage(
        "shell",
        "-c",
        SIGN_IN_SHELL.format(src=source, out=tmp_path / "no.pdf"),
        softhsm=softhsm,
        **{PIN_ENV: "0000"},
    )
    assert wrong.returncode != 0 and not (tmp_path / "no.pdf").exists()
    assert "PIN" in wrong.stderr and PIN_ENV in wrong.stderr
