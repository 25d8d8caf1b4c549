"""The public tracker (number + IIN/BIN → timeline, current step, deadline, regulation point), its download
links, and the online application form."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from catalogue.documents import required_documents
from catalogue.roles import Role
from certificates import samples
from certificates.services import issue_document
from portal.procedure import regulation_point_url
from records.applicants import Applicant
from records.applications import Application
from records.public.links import make_token
from records.signatures import REFUSED, VERIFIED, SignatureResult

from . import ui_support
from .conftest import valid_iin
from .document_files import pdf_bytes
from .ui_support import without_csrf

fresh_cache = ui_support.fresh_cache  # fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
DOWNLOAD = re.compile(r'href="(/kk/track/documents/[^"]+/)"')


def url(name: str, language: str = "kk") -> str:
    with translation.override(language):
        return reverse(f"records:{name}")


def look_up(client, number: str, identifier: str, language: str = "kk"):
    return client.post(url("track", language), {"registration_no": number, "identifier": identifier})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registered(file, step):
    return step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)


def issue_for(app, holder_id: str | None = None):
    return issue_document(
        "vet_certificate",
        holder_name=app.applicant.name,
        holder_id=holder_id or app.applicant.identifier,
        payload=samples.PAYLOADS["vet_certificate"],
        issued_by=None,
        source_record=("records.application", str(app.pk)),
    )


def test_the_tracker_shows_the_timeline_step_and_deadline(client, registered, person):
    response = look_up(client, registered.registration_no, person.identifier)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="records-state" data-state="registered"' in content
    assert registered.running_step().action in content
    assert 'id="records-deadline" data-deadline="ok"' in content
    assert re.findall(r'<tr data-transition="(\w+)"', content) == ["file", "register"]
    # Spaces typed into the numbers do not matter.
    spaced = " ".join(person.identifier[i : i + 3] for i in range(0, 12, 3))
    assert look_up(client, f" {registered.registration_no} ", spaced).status_code == 200


def test_a_wrong_number_and_a_wrong_iin_get_the_same_answer(client, registered, person, file, step):
    other = file("vet_certificate")  # a real number, of the same applicant
    stranger = valid_iin(start=500)
    answers = [
        look_up(client, registered.registration_no, stranger),  # wrong IIN (a valid one)
        look_up(client, registered.registration_no[:-1] + "9", person.identifier),  # wrong number
        look_up(client, registered.registration_no, "123"),  # not an IIN at all
        look_up(client, "no-such-number", person.identifier),
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({without_csrf(a.content) for a in answers}) == 1
    assert person.identifier not in answers[1].content.decode()  # nothing typed is echoed
    assert look_up(client, other.registration_no, person.identifier).status_code == 200


def test_the_tracker_is_rate_limited(client, registered, person, settings):
    settings.RECORDS_TRACKER_RATE = (3, 60)
    for _ in range(3):
        assert look_up(client, registered.registration_no, valid_iin(start=700)).status_code == 404
    blocked = look_up(client, registered.registration_no, person.identifier)  # even the right pair
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    assert client.get(url("track")).status_code == 200  # the empty form is not counted


def test_the_applicant_downloads_their_own_documents(client, registered, person):
    document = issue_for(registered)
    content = look_up(client, registered.registration_no, person.identifier).content.decode()
    assert document.number in content
    (link,) = DOWNLOAD.findall(content)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.file.open("rb").read()


def test_an_applicant_cannot_download_another_applicants_document(client, registered, person, file, company):
    theirs = file("vet_certificate", applicant=company)
    their_document = issue_for(theirs)
    content = look_up(client, registered.registration_no, person.identifier).content.decode()
    assert their_document.number not in content and DOWNLOAD.findall(content) == []
    # Even a genuinely signed link naming the other document fails: it is not this application's.
    forged = reverse(
        "records:track_download",
        args=[make_token(registered.pk, person.identifier, their_document.verification_code)],
    )
    assert client.get(forged).status_code == 404
    # A link made for the other pair with this applicant's IIN fails too.
    crossed = make_token(theirs.pk, person.identifier, their_document.verification_code)
    assert client.get(reverse("records:track_download", args=[crossed])).status_code == 404
    # A document of this application issued to somebody else is not the applicant's to download.
    foreign = issue_for(registered, holder_id=company.identifier)
    token = make_token(registered.pk, person.identifier, foreign.verification_code)
    assert client.get(reverse("records:track_download", args=[token])).status_code == 404


def test_altered_and_expired_links_do_not_work(client, registered, person, settings):
    issue_for(registered)
    (link,) = DOWNLOAD.findall(
        look_up(client, registered.registration_no, person.identifier).content.decode()
    )
    altered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert client.get(altered).status_code == 404
    settings.RECORDS_TRACKER_LINK_MAX_AGE = -1
    assert client.get(link).status_code == 404


def test_the_tracker_links_the_regulation_point(client, file, step, person, act_003_path):
    from portal.publishing import import_act_file

    import_act_file(act_003_path)
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    anchor = app.running_step().point_anchor
    with translation.override("ru"):
        expected = regulation_point_url("vet_sanitary_conclusion", anchor)
    assert anchor and expected.startswith("/ru/") and expected.endswith(f"#{anchor}")
    content = look_up(client, app.registration_no, person.identifier, "ru").content.decode()
    assert f'href="{expected}"' in content and '<html lang="ru"' in content
    assert client.get(expected.split("#")[0]).status_code == 200


def test_without_a_published_regulation_there_is_no_link(registered):
    assert regulation_point_url("vet_sanitary_conclusion", "d1-p5-s2") == ""


# -- the online form -------------------------------------------------------------------------------------


def apply_url(service: str, kind: str = "") -> str:
    return f"{url('apply')}?service={service}" + (f"&kind={kind}" if kind else "")


def pdf(name: str = "өтініш.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def online(client, service: str, fields: dict, kind: str = ""):
    """The form filed with a PDF for each document the service requires (issue 14), the application first."""
    files = {f"document_{d.code}": [pdf(f"{d.code}.pdf")] for d in required_documents(service, kind)}
    return client.post(apply_url(service, kind), {**fields, **files, "document_application": [pdf()]})


# Issue 14: only an applicant signed in with an EDS certificate files; the identity is the certificate's.
APPLICANT = {"filing_for": "self", "phone": "+7 701 000 00 00"}


def test_the_online_form_files_a_portal_application_in_its_first_state(client, users, signed_in):
    iin = valid_iin(start=900)
    signed_in(iin)
    fields = {**APPLICANT, "subject": "animal", "description": "қой, 12 бас"}
    response = online(client, "vet_certificate", fields)
    assert response.status_code == 302
    app = Application.objects.get(applicant__identifier=iin)
    assert (app.service, app.state, app.channel) == ("vet_certificate", "submitted", "portal")
    assert app.applicant.name == "Омаров Ерлан"
    assert app.signature_check.status == VERIFIED  # the sign-in certificate (was NOT_VERIFIED anonymously)
    assert app.details["description"] == "қой, 12 бас" and app.documents[0]["name"] == "өтініш.pdf"
    done = client.get(response["Location"]).content.decode()
    assert app.registration_no in done
    assert look_up(client, app.registration_no, iin).status_code == 200


def test_a_wrong_iin_on_the_online_form_files_nothing(client, users, signed_in):
    signed_in(valid_iin(start=905))
    before = (Application.objects.count(), Applicant.objects.count())
    represented = {
        "filing_for": "representative",
        "principal_kind": "individual",
        "principal_identifier": "880515300129",
        "principal_name": "Сейітова Динара",
        "power_of_attorney_no": "СН-17",
        "power_of_attorney_date": "2025-01-10",
    }
    fields = {**represented, "subject": "animal", "description": "қой"}
    response = online(client, "vet_certificate", fields)
    assert response.status_code == 400
    assert "880515300129" in response.content.decode()  # the message names the number it refuses
    missing = online(client, "vet_certificate", APPLICANT)
    assert missing.status_code == 400  # the certificate's subject and description are required
    fields = {**APPLICANT, "subject": "animal", "description": "қой"}
    assert client.post(apply_url("vet_certificate"), fields).status_code == 400  # no documents
    assert (Application.objects.count(), Applicant.objects.count()) == before


def test_only_extracts_of_service_4_go_through_the_portal(client, users, signed_in):
    iin = valid_iin(start=920)
    signed_in(iin)
    assert client.get(apply_url("animal_identification")).status_code == 200
    assert client.get(apply_url("animal_identification", "identify_with_passport")).status_code == 404
    fields = {**APPLICANT, "animal_number": "KZ0099"}
    assert online(client, "animal_identification", fields, "passport_extract").status_code == 302
    assert Application.objects.get(applicant__identifier=iin).subcase == "passport_extract"


def refuse_every_signature(request) -> SignatureResult:
    return SignatureResult(REFUSED, f"certificate of {request.identifier} revoked")


def test_a_refused_signature_ends_the_application_at_intake(client, users, settings, signed_in):
    settings.RECORDS_SIGNATURE_VERIFIER = "tests.records.test_tracker.refuse_every_signature"
    iin = valid_iin(start=930)
    signed_in(iin)
    fields = {**APPLICANT, "activity": "ветеринариялық препараттарды сату"}
    assert online(client, "attestation", fields).status_code == 302
    app = Application.objects.get(applicant__identifier=iin)
    assert (app.state, app.portal_refusal) == ("portal_rejected", "signature_refused")
    assert app.signature_check.detail == f"certificate of {iin} revoked"


def test_documents_are_bounded_in_size(client, users, settings, signed_in):
    settings.RECORDS_UPLOAD_MAX_BYTES = 100
    signed_in(valid_iin(start=950))
    fields = {**APPLICANT, "activity": "сату"}
    big = SimpleUploadedFile("үлкен.pdf", b"%PDF" + b"0" * 200, content_type="application/pdf")
    response = client.post(apply_url("attestation"), {**fields, "document_application": [big]})
    assert response.status_code == 400 and "үлкен.pdf" in response.content.decode()
    assert not Application.objects.exists()


def test_the_online_form_is_rate_limited(client, users, settings, signed_in):
    signed_in(valid_iin(start=940))
    settings.RECORDS_APPLY_RATE = (1, 3600)
    fields = {**APPLICANT, "activity": "сату"}
    assert online(client, "attestation", fields).status_code == 302
    assert online(client, "attestation", fields).status_code == 429
