"""Issuing is part of the workflow (issue 4, point 5): the transition that brings an application to its result
issues the service's document (or the reasoned refusal) in the same transaction, once, and a document that
cannot be issued leaves the application, the audit log and the registry as they were."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from certificates.models import DocumentCounter, IssuedDocument
from certificates.services import cancel_document, documents_for
from records import services
from records.errors import GuardFailed, InvalidInput
from records.models import TransitionLog
from records.result_documents import issue_result_document
from records.result_payloads import ground_text
from records.services import perform_transition
from tests.certificates.conftest import pdf_text

from . import ui_support
from .conftest import filing_data
from .paths import DATA, PATHS_BY_KEY, d

login, staff, fresh_cache = ui_support.login, ui_support.staff, ui_support.fresh_cache  # fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def docs_of(app) -> list[IssuedDocument]:
    return list(documents_for(("records.application", str(app.pk))))


def the_document(app) -> IssuedDocument:
    (document,) = docs_of(app)
    return document


def text_of(document: IssuedDocument) -> str:
    return pdf_text(Path(document.file.path))


def registry_state() -> tuple:
    """What a failed transition must leave as it was: audit rows, documents, the number counters."""
    return (
        TransitionLog.objects.count(),
        IssuedDocument.objects.count(),
        sorted(DocumentCounter.objects.values_list("doc_type", "last")),
    )


# -- each service's result --------------------------------------------------------------------------------

RESULTS = [
    # (path, document type, something the document must print besides holder and application number)
    ("s1-office", "vet_sanitary_conclusion", "State_Vet_Doctor Тест"),
    ("s2-office", "vet_certificate", "KZ000111"),
    ("s3-assign", "registration_confirmation", "ZHM-2025-00001"),
    ("s4-identify", "vet_passport", "KZ770001"),
    ("s4-extract-portal", "passport_extract", "ВП-2019-004411"),
    ("s5-attested", "attestation_sheet", "Омаров Серік"),
    ("s6-issue", "licence", "ЛЦ-2025-000001"),
]


@pytest.mark.parametrize(("key", "doc_type", "printed"), RESULTS, ids=[r[0] for r in RESULTS])
def test_the_result_transition_issues_the_services_document(
    run_path, step, clock, users, person, key, doc_type, printed
):
    path = PATHS_BY_KEY[key]
    app = run_path(path, until=len(path.steps) - 1, check=False)
    assert docs_of(app) == []  # the steps before the result issue nothing
    last = path.steps[-1]
    clock.set(last.at)
    app = step(app, last.name, last.role, last.payload(users[Role.EXECUTOR].pk, users[Role.HEAD].pk))
    document = the_document(app)
    assert (document.doc_type, document.status, document.relation) == (doc_type, "valid", "")
    assert (document.holder_name, document.holder_id) == (person.name, person.identifier)
    assert document.issued_by == users[path.steps[-1].role]
    assert document.payload["application_no"] == app.registration_no
    text = text_of(document)
    assert person.name in text and app.registration_no in text and printed in text
    assert document.number in text


def test_the_conclusion_prints_its_signers_and_the_outcome(run_path):
    compliant = the_document(run_path(PATHS_BY_KEY["s1-office"], check=False))
    assert compliant.payload["compliant"] is True and "recommendations" not in compliant.payload
    assert (compliant.payload["head"], compliant.payload["vet_doctor"]) == (
        "Head Тест",
        "State_Vet_Doctor Тест",
    )
    assert compliant.payload["act_number"] == "17"
    noncompliant = the_document(run_path(PATHS_BY_KEY["s1-portal-noncompliant"], check=False))
    # decided by the head: the same person signs as head and as the deciding doctor
    assert noncompliant.payload["compliant"] is False
    assert noncompliant.payload["recommendations"] == ["Дезинфекциялық тосқауыл орнату."]
    assert "Дезинфекциялық тосқауыл орнату." in text_of(noncompliant)


def test_the_attestation_sheet_prints_the_commission_and_the_decision(run_path):
    attested = the_document(run_path(PATHS_BY_KEY["s5-attested"], check=False))
    assert attested.payload["members"] == ["Ахметова Гүлжан", "Бекова Айнұр"]
    assert (attested.payload["decision"], attested.payload["test_result"]) == ("attested", "өтті (85 балл)")
    failed = the_document(run_path(PATHS_BY_KEY["s5-failed-test"], check=False))
    assert (failed.payload["decision"], failed.payload["test_result"]) == ("not_attested", "өтпеді (20 балл)")
    assert "Нұрланова Дана" in text_of(failed)


def test_the_passport_prints_what_the_identification_recorded(run_path, person):
    passport = the_document(run_path(PATHS_BY_KEY["s4-identify"], check=False))
    assert {k: passport.payload[k] for k in ("individual_number", "species", "sex", "birth_date")} == {
        "individual_number": "KZ770001",
        "species": "сиыр",
        "sex": "аналық",
        "birth_date": "2024-04-02",
    }
    assert passport.payload["executor"] == "Executor Тест"


# -- refusals ---------------------------------------------------------------------------------------------

REFUSALS = [
    # (path, state, ground as printed, the head who signs)
    ("s1-refused", "refused_incomplete", "стандартының 9-тармағында көзделген", "Head Тест"),
    ("s2-refused", "refused", "стандартының 10-тармағының 1) тармақшасы", "Head Тест"),
    ("s5-returned", "refused", "стандартының 9-тармағында көзделген", "Head Тест"),
    ("s6-issue-refused", "refused", "стандартының 10-тармағының 2) тармақшасы", "Head Тест"),
]


@pytest.mark.parametrize(("key", "state", "ground", "head"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refusal_issues_the_reasoned_refusal_with_its_ground(run_path, person, key, state, ground, head):
    path = PATHS_BY_KEY[key]
    app = run_path(path, check=False)
    assert app.state == state
    document = the_document(app)
    assert document.doc_type == "refusal"
    assert ground in document.payload["ground"] and document.payload["head"] == head
    assert document.payload["reasoning"] == app.refusal_reason
    text = text_of(document)
    assert ground in text and app.refusal_reason in text and head in text
    assert person.name in text and app.registration_no in text


def test_ground_codes_are_printed_in_words_and_other_grounds_as_written():
    assert ground_text("p10") == "Мемлекеттік көрсетілетін қызмет стандартының 10-тармағы"
    assert ground_text(" P10-3 ").endswith("10-тармағының 3) тармақшасы")
    assert ground_text("Жалған құжаттар ұсынылды") == "Жалған құжаттар ұсынылды"


def test_a_refusal_on_the_merits_needs_its_ground(run_path, users):
    app = run_path(PATHS_BY_KEY["s6-issue-refused"], until=3, check=False)  # under review
    with pytest.raises(InvalidInput) as error:
        perform_transition(
            app.pk, "draft_refusal", user=users[Role.EXECUTOR], data={"reason": "Сәйкес емес."}
        )
    assert list(error.value.field_errors) == ["ground"]


def test_where_no_head_takes_part_the_refusal_names_the_head_who_signs(run_path, users):
    app = run_path(PATHS_BY_KEY["s2-refused"], until=2, check=False)
    refusal = {"reason": "Негіз бар.", "ground": "p10"}
    before = registry_state()
    for signer in (None, users[Role.EXECUTOR].pk):  # nobody, or somebody who is not a head
        with pytest.raises(InvalidInput) as error:
            perform_transition(
                app.pk, "refuse", user=users[Role.EXECUTOR], data={**refusal, "refusal_signed_by": signer}
            )
        assert list(error.value.field_errors) == ["refusal_signed_by"]
    assert registry_state() == before


# -- once per application, and nothing half-written ---------------------------------------------------------


def test_the_hand_over_after_the_document_issues_nothing_new(run_path, users):
    path = PATHS_BY_KEY["s3-assign"]
    issued = run_path(path, until=len(path.steps) - 1, check=False)
    assert issued.state == "confirmation_issued" and docs_of(issued) == []
    app = run_path(path, check=False)
    document = the_document(app)
    before = registry_state()
    # The result states are terminal; whatever calls the hook again, the application keeps its one document.
    with transaction.atomic():
        services.on_result_issued(app, by=users[Role.OFFICE])
        assert issue_result_document(app, by=users[Role.OFFICE]) is None
    assert registry_state() == before and the_document(app) == document


def test_a_renderer_failure_rolls_the_result_transition_back(run_path, users, monkeypatch):
    from certificates.pdf import base

    path = PATHS_BY_KEY["s2-office"]
    app = run_path(path, until=2, check=False)
    before = registry_state()

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(base, "draw", broken)  # what render and the signed path both draw with (issue 16)
    with pytest.raises(RuntimeError):
        perform_transition(app.pk, "issue_certificate", user=users[Role.EXECUTOR])
    app.refresh_from_db()
    assert app.state == "examined" and "issued_at" not in app.details
    assert registry_state() == before and docs_of(app) == []
    monkeypatch.undo()
    app = perform_transition(app.pk, "issue_certificate", user=users[Role.EXECUTOR])
    assert the_document(app).number.endswith("-000001")  # the failed attempt used no number


def test_a_document_that_cannot_be_issued_fails_the_transition_with_a_clear_message(run_path, users):
    path = PATHS_BY_KEY["s4-duplicate"]
    app = run_path(path, until=2, check=False)  # the duplicate is ready; its original is registered
    original = IssuedDocument.objects.get(doc_type="vet_passport")
    cancel_document(original, by=users[Role.HEAD], reason="Қате толтырылған.")
    before = registry_state()
    with translation.override("en"), pytest.raises(GuardFailed) as error:
        perform_transition(app.pk, "hand_over", user=users[Role.EXECUTOR])
    assert "No valid veterinary passport of the animal KZ770001" in error.value.message
    app.refresh_from_db()
    assert app.state == "document_ready" and registry_state() == before


# -- re-issues and duplicates -----------------------------------------------------------------------------


def test_a_licence_reissue_supersedes_the_previous_licence_document(run_path):
    app = run_path(PATHS_BY_KEY["s6-reissue"], check=False)
    first = app.licence.application
    previous = the_document(first)
    reissued = the_document(app)
    previous.refresh_from_db()
    assert (reissued.doc_type, reissued.relation, reissued.original) == ("licence", "reissue", previous)
    assert previous.status == "superseded" and previous.superseded_by == reissued
    assert reissued.payload["reissue_reason"] == "Заңды мекенжай өзгерді."
    text = text_of(reissued)
    assert "ҚАЙТА РЕСІМДЕЛГЕН" in text and previous.number in text and app.registration_no in text


def test_a_licence_duplicate_names_the_original_and_replaces_it(run_path):
    # Issue 14 changed this: the original stayed valid; now the duplicate replaces it (one valid copy).
    app = run_path(PATHS_BY_KEY["s6-duplicate"], check=False)
    original = the_document(app.licence.application)
    duplicate = the_document(app)
    original.refresh_from_db()
    assert (duplicate.relation, duplicate.original, original.status) == ("duplicate", original, "superseded")
    assert original.replaced_by == duplicate and duplicate.number == original.number == app.licence.number
    assert duplicate.payload["application_no"] == app.registration_no
    assert "ТЕЛНҰСҚА" in text_of(duplicate)


def test_an_annex_is_issued_as_a_licence_annex(run_path, file, step, users):
    licence = run_path(PATHS_BY_KEY["s6-issue"], check=False).issued_licences.get()
    app = file("licence", "issue", data={"activity": "жем қоспаларын сату", "annex_to": licence.number})
    executor = users[Role.EXECUTOR].pk
    for name, role, data in (
        ("register", Role.OFFICE, {}),
        ("assign", Role.HEAD, {"executor": executor, "resolution_text": "Орындау."}),
        ("accept_complete", Role.EXECUTOR, {"documents_complete": True}),
        ("draft_license", Role.EXECUTOR, {"qualification_met": True}),
        ("sign", Role.HEAD, {}),
        ("hand_over", Role.OFFICE, {}),
    ):
        app = step(app, name, role, data)
    annex = the_document(app)
    assert annex.doc_type == "licence_annex" and annex.payload["licence_number"] == licence.number
    assert annex.payload["subtypes"] == ["жем қоспаларын сату"]


def test_a_passport_duplicate_reprints_the_registered_passport(run_path):
    app = run_path(PATHS_BY_KEY["s4-duplicate"], check=False)
    original = IssuedDocument.objects.get(doc_type="vet_passport", relation="")
    duplicate = the_document(app)
    assert (duplicate.doc_type, duplicate.relation, duplicate.original) == (
        "vet_passport",
        "duplicate",
        original,
    )
    assert duplicate.payload["individual_number"] == "KZ770001" and duplicate.payload["sex"] == "аналық"
    assert duplicate.payload["application_no"] == app.registration_no
    text = text_of(duplicate)
    assert "ТЕЛНҰСҚА" in text and original.number in text and app.registration_no in text


def test_a_duplicate_of_a_passport_not_registered_here_is_refused(file, step, users):
    app = step(file("animal_identification", "duplicate_passport"), "register", Role.EXECUTOR)
    with translation.override("en"), pytest.raises(GuardFailed) as error:
        perform_transition(app.pk, "prepare_copy", user=users[Role.EXECUTOR])
    assert "KZ0001" in error.value.message


def test_an_extract_copies_the_registered_passport(run_path, file, step):
    passport = the_document(run_path(PATHS_BY_KEY["s4-identify"], check=False))
    app = file("animal_identification", "passport_extract", data={"animal_number": "KZ770001"})
    for name in ("register", "prepare_copy", "hand_over"):  # nothing to type: the passport is registered
        app = step(app, name, Role.EXECUTOR)
    extract = the_document(app)
    assert extract.doc_type == "passport_extract"
    assert (extract.payload["passport_number"], extract.payload["species"]) == (passport.number, "сиыр")
    assert passport.number in text_of(extract)


def test_an_extract_of_an_unregistered_passport_needs_its_number(file, step, users):
    filed = file("animal_identification", "passport_extract", data={"animal_number": "KZ0002"})  # no species
    app = step(filed, "register", Role.EXECUTOR)
    with pytest.raises(InvalidInput) as error:
        perform_transition(app.pk, "prepare_copy", user=users[Role.EXECUTOR])
    assert set(error.value.field_errors) == {"passport_number", "species"}


def test_reidentification_supersedes_the_passport_of_the_retired_number(run_path):
    old = the_document(run_path(PATHS_BY_KEY["s4-identify"], check=False))  # KZ770001
    lost_tag = dataclasses.replace(PATHS_BY_KEY["s4-lost-tag"], extra_data={"animal_number": "KZ770001"})
    app = run_path(lost_tag, check=False)
    new = the_document(app)
    old.refresh_from_db()
    assert (new.relation, new.original, old.status) == ("reissue", old, "superseded")
    assert new.payload["individual_number"] == "KZ770099"


def test_a_certificate_for_products_records_the_animal_number_at_the_examination(file, step, users, clock):
    data = {**filing_data("vet_certificate"), "subject": "products", "description": "сиыр еті, 120 кг"}
    del data["animal_number"]
    app = step(file("vet_certificate", data=data), "register", Role.EXECUTOR)
    with pytest.raises(InvalidInput) as error:
        step(app, "examine", Role.EXECUTOR, DATA["examine"])
    assert list(error.value.field_errors) == ["animal_number"]
    app = step(app, "examine", Role.EXECUTOR, {**DATA["examine"], "animal_number": "KZ000222"})
    app = step(app, "issue_certificate", Role.EXECUTOR)
    certificate = the_document(app)
    assert (certificate.payload["individual_number"], certificate.payload["species"]) == (
        "KZ000222",
        "сиыр еті, 120 кг",
    )


# -- who downloads -----------------------------------------------------------------------------------------

TRACKER_LINK = re.compile(r'href="(/kk/track/documents/[^"]+/)"')


def test_staff_issue_through_the_record_page_and_download_the_document(run_path, login):
    app = run_path(PATHS_BY_KEY["s2-office"], until=2, check=False)
    client = login(Role.EXECUTOR)
    page = reverse("records_application", args=[app.pk])
    action = reverse("records_application_transition", args=[app.pk, "issue_certificate"])
    response = client.post(action, {"issue_certificate-expected_state": "examined"})
    assert response.status_code == 302
    document = the_document(app)
    content = client.get(page).content.decode()
    url = reverse("certificates:download", args=[document.verification_code])
    assert f'data-document="{document.number}"' in content and url in content
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == document.file.open("rb").read()


def test_a_document_that_cannot_be_issued_is_explained_on_the_record_page(run_path, login, users):
    app = run_path(PATHS_BY_KEY["s4-duplicate"], until=2, check=False)
    cancel_document(
        IssuedDocument.objects.get(doc_type="vet_passport"), by=users[Role.HEAD], reason="Қате толтырылған."
    )
    before = registry_state()
    action = reverse("records_application_transition", args=[app.pk, "hand_over"])
    response = login(Role.EXECUTOR).post(action, {"hand_over-expected_state": "document_ready"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="help-block help-critical records-error"' in content and "KZ770001" in content
    app.refresh_from_db()
    assert app.state == "document_ready" and registry_state() == before


@pytest.mark.usefixtures("fresh_cache")
def test_applicants_download_their_own_result_from_the_tracker_and_nobody_elses(
    client, run_path, file, step, users, person, company, clock
):
    mine = run_path(PATHS_BY_KEY["s2-office"], check=False)
    clock.set(d(13))
    theirs = file("vet_certificate", applicant=company)
    for name, data in (("register", {}), ("examine", DATA["examine"]), ("issue_certificate", {})):
        theirs = step(theirs, name, Role.EXECUTOR, data)
    my_document, their_document = the_document(mine), the_document(theirs)
    with translation.override("kk"):
        track = reverse("records:track")
    content = client.post(track, {"registration_no": mine.registration_no, "identifier": person.identifier})
    content = content.content.decode()
    assert my_document.number in content and their_document.number not in content
    (link,) = TRACKER_LINK.findall(content)
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == my_document.file.open("rb").read()
    # The other applicant's number with this applicant's IIN shows nothing.
    wrong = client.post(track, {"registration_no": theirs.registration_no, "identifier": person.identifier})
    assert wrong.status_code == 404 and their_document.number not in wrong.content.decode()


def test_a_signing_failure_rolls_the_result_transition_back_in_the_users_language(run_path, users, settings):
    """Issue 16: the result is signed inside the transition; a missing key refuses it in Kazakh, and neither
    the transition, nor a number, nor a document remains."""
    path = PATHS_BY_KEY["s2-office"]
    app = run_path(path, until=2, check=False)
    before = registry_state()
    settings.CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs12": "/nonexistent/{role}.p12"}}
    with translation.override("kk"), pytest.raises(GuardFailed) as refused:
        perform_transition(app.pk, "issue_certificate", user=users[Role.EXECUTOR])
    assert "қол қою кілті табылмады (/nonexistent/" in str(refused.value)
    app.refresh_from_db()
    assert app.state == "examined" and registry_state() == before and docs_of(app) == []
