import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from certificates import samples
from certificates.services import issue_document

from .pki import online_pki  # noqa: F401  (a fixture: the test PKI's OCSP, CRL and TSA over mocked HTTP)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"


@pytest.fixture(autouse=True)
def _fresh_state(settings, tmp_path):
    """Each test gets its own media folder (files are written once and never deleted) and an empty cache
    (the rate limiter counts there)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CERTIFICATE_VERIFY_BASE_URL = "https://vet.example.kz"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def clerk(django_user_model):
    user = django_user_model.objects.create_user("clerk", first_name="Гүлнұр", last_name="Сәрсенбаева")
    user.user_permissions.add(Permission.objects.get(codename="view_issueddocument"))
    return django_user_model.objects.get(pk=user.pk)  # fresh, without the permission cache


@pytest.fixture
def issue(clerk):
    """issue(doc_type, **overrides): issue the sample document of a type as the clerk."""

    def _issue(doc_type: str, **overrides):
        name, iin = samples.holder_for(doc_type)
        arguments = {
            "holder_name": name,
            "holder_id": iin,
            "payload": samples.PAYLOADS[doc_type],
            "issued_by": clerk,
            # A source no app restricts (records restricts "records.application" to who may read it).
            "source_record": ("certificates.sample", "17"),
        }
        arguments.update(overrides)
        return issue_document(doc_type, **arguments)

    return _issue


def tool(*args: str, binary: bool = False):
    """Run a poppler or zbar tool; these come from Debian packages that `make setup` installs."""
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: run `make setup`")
    result = subprocess.run(args, capture_output=True, check=True, timeout=60)
    return result.stdout if binary else result.stdout.decode()


def pdf_text(path: Path) -> str:
    """pdftotext's output with whitespace runs folded, so that a wrapped line still matches."""
    return " ".join(tool("pdftotext", "-enc", "UTF-8", str(path), "-").split())


def qr_payloads(png: Path) -> list[str]:
    return tool("zbarimg", "--quiet", "--raw", str(png)).split()
