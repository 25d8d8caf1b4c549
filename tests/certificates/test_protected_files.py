"""Stored files (issued PDFs, applicant scans) go out only through views that check who asks: never under
MEDIA_URL, not even with DEBUG; their names in storage follow from nothing public; in production the proxy
sends the bytes (X-Accel-Redirect), in the demo Django streams them."""

import importlib
from datetime import date
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

import portal.urls
from catalogue.roles import Role
from records.attachments import StoredAttachment, store_attachment
from records.identifiers import make_iin
from records.services import file_application, get_or_create_applicant
from records.staff.access import ensure_staff_access
from records.units import TerritorialUnit, UnitMembership
from tests.records.document_files import pdf_bytes

pytestmark = pytest.mark.django_db

SCAN = pdf_bytes(2)  # a real PDF: uploads are checked by their content (issue 14)


@pytest.fixture
def debug_urls(settings):
    """The URLconf as the development server builds it (DEBUG=True when portal.urls is imported)."""
    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def download_url(doc) -> str:
    with translation.override("kk"):
        return reverse("certificates:download", kwargs={"code": doc.verification_code})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.usefixtures("debug_urls")
def test_nothing_under_media_url_answers_even_with_debug(client, issue, settings):
    doc = issue("vet_certificate")
    pdf = (settings.MEDIA_ROOT / doc.file.name).read_bytes()
    response = client.get(f"{settings.MEDIA_URL}{doc.file.name}", follow=True)
    assert response.status_code == 404
    assert pdf not in body(response)


def test_the_storage_name_follows_from_nothing_public(issue):
    first, second = issue("vet_certificate"), issue("vet_certificate")
    for doc in (first, second):
        assert doc.sha256 not in doc.file.name
        assert doc.number not in doc.file.name
        assert doc.verification_code not in doc.file.name
    assert first.file.name != second.file.name


def test_anonymous_and_unentitled_users_get_no_pdf(client, issue, django_user_model):
    doc = issue("vet_certificate")
    anonymous = client.get(download_url(doc))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client.force_login(django_user_model.objects.create_user("editor"))
    assert client.get(download_url(doc)).status_code == 403


def test_staff_get_the_pdf_streamed(client, issue, clerk, settings):
    settings.PROTECTED_FILES_ACCEL_PREFIX = ""
    doc = issue("vet_certificate")
    client.force_login(clerk)
    response = client.get(download_url(doc))
    assert response.status_code == 200 and response.streaming
    assert body(response) == (settings.MEDIA_ROOT / doc.file.name).read_bytes()
    assert "X-Accel-Redirect" not in response


def test_with_the_proxy_staff_get_an_accel_redirect(client, issue, clerk, settings):
    settings.PROTECTED_FILES_ACCEL_PREFIX = "/protected/"
    doc = issue("vet_certificate")
    client.force_login(clerk)
    response = client.get(download_url(doc))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/media/{doc.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == content_disposition_header(True, f"{doc.number}.pdf")


# --- applicant scans ---------------------------------------------------------------------------------------


def _staff(django_user_model, username: str, role: Role):
    user = django_user_model.objects.create_user(username)
    user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def scanned(django_user_model):
    """An application filed at the office with one scan; returns (application, its document URL, clerk)."""
    ensure_staff_access()
    clerk = _staff(django_user_model, "office", Role.OFFICE)
    unit = TerritorialUnit.objects.create(code="taraz-city", name="Тараз қаласы")
    UnitMembership.objects.create(unit=unit, user=clerk, role=Role.OFFICE.value, since=timezone.now())
    iin = next(n for s in range(1, 50) if (n := make_iin(date(1988, 5, 15), female=False, serial=s)))
    reference = store_attachment(SimpleUploadedFile("паспорт.pdf", SCAN, content_type="application/pdf"))
    app = file_application(
        "vet_certificate",
        applicant=get_or_create_applicant("individual", iin, "Асқаров Нұрлан"),
        channel="office",
        subcase="",
        data={"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"},
        documents=[reference],
        by=clerk,
    )
    return app, reverse("records_application_document", args=[app.pk, 0]), clerk


def test_a_scan_is_stored_under_a_random_name(scanned):
    app, _, _ = scanned
    stored = StoredAttachment.objects.get(sha256=app.documents[0]["sha256"])
    assert app.documents[0]["sha256"] not in stored.name
    assert "паспорт" not in stored.name.split("/")[2]  # the folder is random; only the leaf keeps a name


def test_anonymous_and_unentitled_users_get_no_scan(client, scanned, django_user_model):
    _, url, _ = scanned
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    editor = _staff(django_user_model, "editor", Role.EDITOR)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    refused = client.get(url)  # the Wagtail admin answers PermissionDenied with a redirect to its home
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")


def test_staff_get_the_scan_streamed_or_through_the_proxy(client, scanned, settings):
    app, url, clerk = scanned
    client.force_login(clerk)
    settings.PROTECTED_FILES_ACCEL_PREFIX = ""
    streamed = client.get(url)
    assert streamed.status_code == 200 and streamed.streaming
    assert body(streamed) == SCAN
    settings.PROTECTED_FILES_ACCEL_PREFIX = "/protected/"
    accel = client.get(url)
    stored = StoredAttachment.objects.get(sha256=app.documents[0]["sha256"])
    assert accel.status_code == 200 and accel.content == b""
    assert unquote(accel["X-Accel-Redirect"]) == f"/protected/media/{stored.name}"


def test_a_document_the_application_does_not_have_is_not_found(client, scanned):
    app, _, clerk = scanned
    client.force_login(clerk)
    missing = client.get(reverse("records_application_document", args=[app.pk, 1]), follow=True)
    assert missing.status_code == 404
