"""Uploaded documents (issue 14): accepted by content (PDF, JPEG, PNG), bounded in size, pages and pixels,
scanned for viruses where a scanner is configured; the documents a service requires, at filing; staff open
each scan inline through a permission-checked view."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from catalogue import SERVICES
from catalogue.documents import REQUIRED_DOCUMENTS, required_documents
from catalogue.roles import Role
from records.api_tokens import ApiToken
from records.applicants import Applicant
from records.applications import Application
from records.attachments import StoredAttachment, store_attachment
from records.documents import check_upload
from records.filing import KINDS
from records.models import TransitionLog
from records.services import file_application

from . import ui_support
from .clamd_fake import FakeClamd
from .conftest import filing_data, make_unit, make_user, required_docs, valid_iin
from .document_files import (
    EXE,
    HTML,
    SVG,
    VIRUS_MARKER,
    image_bytes,
    pdf_bytes,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db
staff = ui_support.staff  # fixture


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def refusal(file) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(file)
    return refused.value.messages[0]


# -- the type, by content -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("өтініш.pdf", pdf_bytes(3), "application/pdf"),
        ("фото.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("скан.png", image_bytes("PNG"), "image/png"),
        ("скан.pdf", image_bytes("PNG"), "image/png"),  # the content decides, not the name
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_their_content(name, content, expected):
    info = check_upload(upload(name, content, content_type="application/octet-stream"))
    assert (info.name, info.content_type, info.size) == (name, expected, len(content))
    assert info.pages == (3 if expected == "application/pdf" else None)


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("өтініш.pdf", EXE, "application/pdf"),  # an .exe renamed
        ("бет.html", HTML, "text/html"),
        ("сурет.svg", SVG, "image/svg+xml"),
        ("мұрағат.zip", zip_bytes(), "application/zip"),
        ("өтініш.pdf", HTML, "application/pdf"),  # HTML named a PDF
        ("бос.pdf", b"", "application/pdf"),
    ],
)
def test_other_types_are_refused_naming_the_file(name, content, declared):
    message = refusal(upload(name, content, content_type=declared))
    assert f"«{name}»" in message


def test_a_pdf_is_bounded_in_pages_and_must_be_readable(settings):
    settings.RECORDS_UPLOAD_MAX_PAGES = 3
    assert check_upload(upload("үш.pdf", pdf_bytes(3))).pages == 3
    assert "4" in refusal(upload("төрт.pdf", pdf_bytes(4)))
    assert "damaged" in refusal(upload("сынық.pdf", b"%PDF-1.4 not really a PDF"))
    assert "damaged" in refusal(upload("кесік.pdf", pdf_bytes(2)[:300]))
    assert "encrypted" in refusal(upload("құпия.pdf", pdf_bytes(1, password="123")))


def test_size_and_pixels_are_bounded(settings):
    settings.RECORDS_UPLOAD_MAX_BYTES = 1000
    assert "larger than" in refusal(upload("үлкен.pdf", pdf_bytes(1) + b"\n" * 2000))
    settings.RECORDS_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    settings.RECORDS_UPLOAD_MAX_PIXELS = 1000
    # 40 x 30 = 1200 pixels: refused from the header, before decoding (a decompression bomb is the same)
    assert "pixels" in refusal(upload("үлкен.png", image_bytes("PNG", (40, 30))))
    assert check_upload(upload("кіші.png", image_bytes("PNG", (30, 30)))).content_type == "image/png"
    png = image_bytes("PNG")
    assert "damaged" in refusal(upload("сынық.png", png[: len(png) // 2]))


def test_the_refusal_is_in_the_applicants_language():
    with translation.override("kk"):
        kazakh = refusal(upload("вирус.pdf", EXE))
    with translation.override("ru"):
        russian = refusal(upload("вирус.pdf", EXE))
    english = refusal(upload("вирус.pdf", EXE))
    assert "«вирус.pdf»" in kazakh and "«вирус.pdf»" in russian
    assert len({kazakh, russian, english}) == 3


# -- the virus scan -------------------------------------------------------------------------------------


@pytest.fixture
def clamd(settings, tmp_path):
    server = FakeClamd(str(tmp_path / "clamd.sock"))
    settings.RECORDS_VIRUS_SCANNER = "records.documents.ClamdScanner"
    settings.RECORDS_CLAMD_ADDRESS = server.address
    yield server
    server.close()


def test_a_clean_document_is_scanned_and_accepted(clamd):
    content = pdf_bytes(2)
    assert check_upload(upload("таза.pdf", content)).pages == 2
    assert clamd.streams == [content]  # the whole file went through INSTREAM


def test_a_document_with_a_virus_is_refused(clamd):
    message = refusal(upload("жұқпалы.pdf", pdf_bytes(1, title=VIRUS_MARKER)))
    assert "«жұқпалы.pdf»" in message and "virus" in message


def test_an_unreachable_scanner_refuses_the_document(clamd, settings, tmp_path):
    settings.RECORDS_CLAMD_ADDRESS = str(tmp_path / "no-clamd.sock")
    message = refusal(upload("таза.pdf", pdf_bytes()))
    assert "could not be scanned" in message and "try again later" in message


def test_the_scanner_speaks_tcp_too(settings):
    server = FakeClamd()
    try:
        settings.RECORDS_VIRUS_SCANNER = "records.documents.ClamdScanner"
        settings.RECORDS_CLAMD_ADDRESS = server.address
        assert check_upload(upload("таза.png", image_bytes())).content_type == "image/png"
        assert "virus" in refusal(upload("жұқпалы.pdf", pdf_bytes(1, title=VIRUS_MARKER)))
        assert len(server.streams) == 2
    finally:
        server.close()


def test_nothing_is_stored_for_a_refused_upload(clamd):
    with pytest.raises(ValidationError):
        store_attachment(upload("жұқпалы.pdf", pdf_bytes(1, title=VIRUS_MARKER)))
    with pytest.raises(ValidationError):
        store_attachment(upload("өтініш.pdf", EXE))
    assert not StoredAttachment.objects.exists()
    reference = store_attachment(upload("таза.pdf", pdf_bytes(2)))
    stored = StoredAttachment.objects.get(sha256=reference["sha256"])
    assert (stored.content_type, stored.pages) == ("application/pdf", 2) and stored.size > 0


# -- the documents a service requires ---------------------------------------------------------------------


def test_every_service_and_kind_requires_the_application_form():
    assert set(REQUIRED_DOCUMENTS) == set(SERVICES)
    for service, kinds in REQUIRED_DOCUMENTS.items():
        assert set(kinds) == set(KINDS.get(service, ("",)))
        for documents in kinds.values():
            assert documents[0].code == "application"
    assert [d.code for d in required_documents("licence", "reissue")] == ["application", "reissue_ground"]
    assert required_documents("licence") == required_documents("licence", "issue")


def api_post(client, user, body, language: str = "kk"):
    key = ApiToken.issue(user, services=SERVICES if Role.PORTAL.value in user.username else ())[1]
    return client.post(
        reverse("records_api:applications"),
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def filing_body(service: str, iin: str, documents: list, **extra) -> dict:
    applicant = {"kind": "individual", "identifier": iin, "name": "Асқаров Нұрлан"}
    return {
        "service": service,
        "applicant": applicant,
        "data": filing_data(service),
        "documents": documents,
        **extra,
    }


def written() -> tuple[int, int, int]:
    return Application.objects.count(), Applicant.objects.count(), TransitionLog.objects.count()


def test_the_api_refuses_a_portal_filing_without_the_required_documents(client, users):
    portal, iin = users[Role.PORTAL], valid_iin(start=300)
    before = written()
    only_form = required_docs("attestation")[:1]
    for documents, language in (([], "kk"), (only_form, "ru")):
        answer = api_post(client, portal, filing_body("attestation", iin, documents), language)
        assert answer.status_code == 400, answer.content
        error = answer.json()
        assert error["code"] == "invalid_input" and set(error) == {"code", "message", "field_errors"}
        diploma = ui_support.in_language(language, "Document on veterinary education (diploma)")
        form = ui_support.in_language(language, "Application in the established form")
        assert diploma != "Document on veterinary education (diploma)"  # in Kazakh, then in Russian
        assert diploma in error["field_errors"]["documents"][0] and diploma in error["message"]
        assert (form in error["message"]) == (not documents)  # only what is missing is named
    assert written() == before  # nothing written, not even the applicant
    filed = api_post(client, portal, filing_body("attestation", iin, required_docs("attestation")))
    assert filed.status_code == 201
    assert [d.get("document") for d in filed.json()["documents"]] == ["application", "education"]


def test_the_api_refuses_a_document_code_the_service_does_not_list(client, users):
    body = filing_body("vet_certificate", valid_iin(start=310), [*required_docs("vet_certificate")])
    body["documents"][0]["document"] = "education"
    answer = api_post(client, users[Role.PORTAL], body)
    assert answer.status_code == 400 and "documents" in answer.json()["field_errors"]
    body["documents"][0]["document"] = "passport_of_the_moon"  # not a code at all: the schema refuses it
    assert api_post(client, users[Role.PORTAL], body).status_code == 400
    assert not Application.objects.exists()


def test_the_office_takes_the_documents_on_paper(client, users):
    # [proposal] docs/decisions.md: at the office the clerk accepts the paper set; the executor checks it.
    answer = api_post(client, users[Role.OFFICE], filing_body("attestation", valid_iin(start=320), []))
    assert answer.status_code == 201


def test_the_openapi_document_lists_the_required_documents(client):
    document = client.get("/api/v1/schema/").json()
    licence = document["components"]["schemas"]["ApplicationCreate.licence.reissue"]
    required = licence["properties"]["documents"]["x-required-documents"]
    assert [item["code"] for item in required] == ["application", "reissue_ground"]
    assert "reissue_ground" in json.dumps(document["components"]["schemas"]["FileRef"])


# -- the online form ------------------------------------------------------------------------------------


def apply_url(service: str) -> str:
    with translation.override("kk"):
        return reverse("records:apply") + f"?service={service}"


# Issue 14: only an applicant signed in with an EDS certificate files; the identity is the certificate's.
APPLICANT = {"filing_for": "self", "activity": "сату"}


def test_the_form_asks_for_each_required_document(client, users, signed_in):
    signed_in(valid_iin(start=320))
    page = client.get(apply_url("attestation")).content.decode()
    assert 'name="document_application"' in page and 'name="document_education"' in page
    with translation.override("kk"):
        assert translation.gettext("Document on veterinary education (diploma)") in page


def test_the_form_refuses_a_renamed_exe_and_stores_nothing(client, users, signed_in):
    signed_in(valid_iin(start=330))
    files = {
        "document_application": [upload("өтініш.pdf", EXE)],
        "document_education": [upload("диплом.pdf", pdf_bytes())],
    }
    answer = client.post(apply_url("attestation"), {**APPLICANT, **files})
    assert answer.status_code == 400 and "«өтініш.pdf»" in answer.content.decode()
    assert not Application.objects.exists() and not StoredAttachment.objects.exists()


def test_the_form_files_with_each_document_marked(client, users, signed_in):
    iin = valid_iin(start=340)
    signed_in(iin)
    files = {
        "document_application": [upload("өтініш.pdf", pdf_bytes())],
        "document_education": [upload("диплом.jpg", image_bytes("JPEG"))],
        "documents": [upload("қосымша.png", image_bytes("PNG"))],
    }
    answer = client.post(apply_url("attestation"), {**APPLICANT, **files})
    assert answer.status_code == 302
    app = Application.objects.get(applicant__identifier=iin)
    assert [(d["name"], d.get("document")) for d in app.documents] == [
        ("өтініш.pdf", "application"),
        ("диплом.jpg", "education"),
        ("қосымша.png", None),
    ]
    types = dict(StoredAttachment.objects.values_list("sha256", "content_type"))
    assert [types[d["sha256"]] for d in app.documents] == ["application/pdf", "image/jpeg", "image/png"]


# -- staff open the scans inline ------------------------------------------------------------------------


@pytest.fixture
def filed(file, person, django_user_model, users):
    """An application of the home unit with a PDF (named .bin) and a PNG (named .pdf), and one of another
    unit with the same PDF."""
    pdf = store_attachment(upload("скан.bin", pdf_bytes(2), content_type="application/octet-stream"))
    png = store_attachment(upload("фото.pdf", image_bytes("PNG")))
    mine = file("vet_certificate", documents=[{**pdf, "document": "application"}, png])
    clerk = make_user(django_user_model, "merke_clerk", Role.OFFICE, unit=make_unit("merke"))
    theirs = file_application(
        "vet_certificate",
        applicant=person,
        channel="office",
        data=filing_data("vet_certificate"),
        documents=[pdf],
        by=clerk,
    )
    return mine, theirs


def view_url(app, index: int) -> str:
    return reverse("records_application_document_inline", args=[app.pk, index])


def test_staff_of_the_unit_open_each_scan_inline(client, staff, filed):
    mine, _theirs = filed
    client.force_login(staff[Role.EXECUTOR])
    pdf = client.get(view_url(mine, 0))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"  # detected, although the name says .bin
    assert pdf["Content-Disposition"].startswith("inline")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in pdf["Content-Security-Policy"]
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    png = client.get(view_url(mine, 1))
    assert png["Content-Type"] == "image/png" and png["Content-Disposition"].startswith("inline")
    download = client.get(reverse("records_application_document", args=[mine.pk, 1]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "image/png"


def test_the_record_page_previews_each_scan(client, staff, filed):
    mine, _theirs = filed
    client.force_login(staff[Role.HEAD])
    page = client.get(reverse("records_application", args=[mine.pk])).content.decode()
    assert f'<iframe class="records-scan-frame" src="{view_url(mine, 0)}"' in page
    assert f'<img class="records-scan-image" src="{view_url(mine, 1)}"' in page
    assert reverse("records_application_document", args=[mine.pk, 0]) in page  # the download link
    assert 'data-pages="2"' in page
    csp = client.get(reverse("records_application", args=[mine.pk]))["Content-Security-Policy"]
    assert "frame-src" not in csp and "default-src" not in csp  # the admin's policy lets it frame itself


def test_other_units_and_anonymous_never_see_a_scan(client, staff, filed):
    mine, theirs = filed
    assert client.get(view_url(mine, 0)).status_code == 302  # to the admin's sign-in
    client.force_login(staff[Role.EXECUTOR])
    assert client.get(view_url(theirs, 0), follow=True).status_code == 404
    assert client.get(view_url(mine, 5), follow=True).status_code == 404
    client.force_login(staff[Role.EDITOR])  # a site editor is no records staff
    assert client.get(view_url(mine, 0)).status_code in (302, 403)


def test_a_file_stored_before_the_checks_is_only_downloaded(client, staff, file):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("records/attachments/old/бет.pdf", ContentFile(HTML))
    StoredAttachment.objects.create(sha256="c" * 64, name=name)  # no detected type: stored before issue 14
    app = file("vet_certificate", documents=[{"name": "бет.pdf", "sha256": "c" * 64}])
    client.force_login(staff[Role.EXECUTOR])
    answer = client.get(view_url(app, 0))
    assert answer["Content-Type"] == "application/octet-stream"
    assert answer["Content-Disposition"].startswith("attachment")
    page = client.get(reverse("records_application", args=[app.pk])).content.decode()
    assert view_url(app, 0) not in page


def test_a_staff_attachment_is_checked_too(client, staff, run_path):
    from .paths import PATHS_BY_KEY

    app = run_path(PATHS_BY_KEY["s1-office"], until=5, check=False)  # inspected: the act must be attached
    client.force_login(staff[Role.EXECUTOR])
    url = reverse("records_application_transition", args=[app.pk, "submit_act"])
    fields = {"submit_act-expected_state": "inspected", "submit_act-act_number": "17"}
    answer = client.post(url, {**fields, "submit_act-attachment": upload("акт.pdf", EXE)})
    assert answer.status_code == 400 and "«акт.pdf»" in answer.content.decode()
    assert Application.objects.get(pk=app.pk).state == "inspected"
    assert not StoredAttachment.objects.filter(content_type="").exists()
    answer = client.post(url, {**fields, "submit_act-attachment": upload("акт.pdf", pdf_bytes())})
    assert answer.status_code == 302
    assert Application.objects.get(pk=app.pk).state == "act_submitted"
