"""Issue 14: in Chromium, the head of the unit sees each scan of the application on its record page: the
image drawn, the PDF frame loaded from the permission-checked view (not blocked by CSP or framing rules)."""

import pytest
from django.contrib.auth.models import Group

from catalogue.roles import Role, ensure_groups
from records.attachments import store_attachment
from records.services import file_application, get_or_create_applicant
from records.staff.access import ensure_staff_access
from tests.records.conftest import join, make_unit
from tests.records.document_files import image_bytes, pdf_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "preview-test-2024"


@pytest.fixture
def filed(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_groups()
    ensure_staff_access()
    unit = make_unit("taraz-city")
    accounts = {}
    for role, name in ((Role.HEAD, "head"), (Role.OFFICE, "clerk")):
        accounts[role] = django_user_model.objects.create_user(name, password=PASSWORD)
        accounts[role].groups.add(Group.objects.get(name=role.value))
        join(accounts[role], unit, role)
    pdf = store_attachment(upload("өтініш.pdf", pdf_bytes(2)))
    png = store_attachment(upload("фото.png", image_bytes("PNG", (300, 200)), "image/png"))
    return file_application(
        "vet_certificate",
        applicant=get_or_create_applicant("individual", "880515300120", "Асқаров Нұрлан"),
        channel="office",
        data={"subject": "animal", "description": "сиыр, 2 бас"},
        documents=[{**pdf, "document": "application"}, png],
        by=accounts[Role.OFFICE],
    )


def test_the_head_sees_the_scans_on_the_record_page(page, live_server, filed, artifacts_dir):
    frames = []
    page.on("response", lambda r: frames.append((r.url, r.status, r.headers.get("content-type"))))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/records/applications/{filed.pk}/")
    image = page.locator("img.records-scan-image")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('img.records-scan-image').naturalWidth === 300")
    frame = page.locator("iframe.records-scan-frame")
    frame.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts_dir / "browser-document-preview.png"), full_page=True)
    view = f"/admin/records/applications/{filed.pk}/documents/0/view/"
    assert any(
        url.endswith(view) and status == 200 and kind == "application/pdf" for url, status, kind in frames
    )
