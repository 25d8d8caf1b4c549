"""The registry: readable numbers without gaps, stored files with their SHA-256, immutability in the ORM
and in the database, re-issues and duplicates linked to their originals, cancellation, and issuing inside
the caller's transaction."""

import hashlib
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction

from certificates import samples
from certificates.models import TRIGGER_GUARD, DocumentCounter, ImmutableDocumentError, IssuedDocument
from certificates.services import cancel_document, documents_for, issue_document
from portal import db_triggers

pytestmark = pytest.mark.django_db


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- numbers -----------------------------------------------------------------------------------------


def test_numbers_run_per_type_and_year_without_gaps(issue):
    certificates = [issue("vet_certificate") for _ in range(3)]
    passport = issue("vet_passport")
    year = datetime.now(ZoneInfo("Asia/Almaty")).year
    assert [d.number for d in certificates] == [f"ВА-{year}-00000{n}" for n in (1, 2, 3)]
    assert passport.number == f"ВП-{year}-000001"
    assert DocumentCounter.objects.get(doc_type="vet_certificate", year=year).last == 3


def test_a_new_year_starts_a_new_series(issue, monkeypatch):
    first = issue("vet_certificate")
    new_year = datetime(first.issued_at.year + 1, 1, 1, 0, 5, tzinfo=ZoneInfo("Asia/Almaty"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: new_year)
    second = issue("vet_certificate")
    assert second.number == f"ВА-{new_year.year}-000001"
    # 00:05 in Almaty is still the previous year in UTC: the local year decides.
    assert second.issued_at == new_year


def test_a_rolled_back_issue_leaves_no_row_and_its_number_is_reused(issue):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        lost = issue("vet_certificate")
        raise Abort
    assert not IssuedDocument.objects.exists()
    kept = issue("vet_certificate")
    assert kept.number == lost.number  # no gap in the series
    # The rolled-back file stays under its random name (prune_issued_files removes it); no row names it.
    assert lost.file.name.startswith(f"issued/{lost.issued_at.year}/") and lost.sha256 not in lost.file.name
    assert lost.file.storage.exists(lost.file.name)
    assert not IssuedDocument.objects.filter(file=lost.file.name).exists()


def test_concurrent_issuers_get_consecutive_numbers(transactional_db, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writers with BEGIN IMMEDIATE")
    name, iin = samples.holder_for("vet_certificate")
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    issue_document(
                        "vet_certificate",
                        holder_name=name,
                        holder_id=iin,
                        payload=samples.PAYLOADS["vet_certificate"],
                        issued_by=None,
                    )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        int(n.rsplit("-", 1)[1]) for n in IssuedDocument.objects.values_list("number", flat=True)
    )
    assert numbers == list(range(1, 31))


def test_each_series_is_a_register_of_its_own(issue):
    year = issue("vet_certificate").issued_at.year
    first_07, first_03, second_07 = (issue("vet_certificate", series=s) for s in ("07", "03", "07"))
    assert [d.number for d in (first_07, first_03, second_07)] == [
        f"ВА-{year}-07-000001",
        f"ВА-{year}-03-000001",
        f"ВА-{year}-07-000002",
    ]
    assert issue("vet_certificate").number == f"ВА-{year}-000002"  # the national series goes on


def test_an_issuer_of_another_series_does_not_wait_for_a_document_being_issued(transactional_db):
    """While one unit's certificate is numbered and not yet committed (its counter row locked), another
    unit issues at once; a second issuer of the same unit waits for the counter."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writers with BEGIN IMMEDIATE")
    name, iin = samples.holder_for("vet_certificate")
    holding, release = threading.Event(), threading.Event()

    def issue_in(series: str):
        return issue_document(
            "vet_certificate",
            holder_name=name,
            holder_id=iin,
            payload=samples.PAYLOADS["vet_certificate"],
            issued_by=None,
            series=series,
        )

    def holder() -> None:
        try:
            with transaction.atomic():
                issue_in("07")
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert holding.wait(30)
        with transaction.atomic():
            other = issue_in("03")  # would wait here if the series shared a counter
        with pytest.raises(OperationalError), transaction.atomic():
            raw("SET LOCAL lock_timeout = '300ms'")
            issue_in("07")
    finally:
        release.set()
        thread.join(30)
    assert other.number.endswith("-03-000001")
    assert IssuedDocument.objects.filter(number__contains="-07-").count() == 1


# --- stored file ---------------------------------------------------------------------------------------


def test_the_stored_file_matches_its_recorded_sha256(issue):
    doc = issue("vet_certificate")
    content = doc.file.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == doc.sha256
    assert doc.file.name.startswith(f"issued/{doc.issued_at.year}/")
    assert doc.issued_by_name == "Гүлнұр Сәрсенбаева"
    assert list(documents_for(("certificates.sample", "17"))) == [doc]


def test_dates_in_the_payload_are_stored_as_printed(issue):
    from datetime import date

    payload = {**samples.PAYLOADS["vet_certificate"], "examined_at": date(2026, 3, 10)}
    doc = issue("vet_certificate", payload=payload)
    assert doc.payload["examined_at"] == "2026-03-10"


# --- immutability ----------------------------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_an_issued_document(issue):
    doc = issue("vet_certificate")
    doc.holder_name = "Басқа адам"
    with pytest.raises(ImmutableDocumentError):
        doc.save()
    with pytest.raises(ImmutableDocumentError):
        doc.save(update_fields=["holder_name"])
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.filter(pk=doc.pk).update(sha256="0" * 64)
    with pytest.raises(ImmutableDocumentError):
        doc.delete()
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.all().delete()
    assert IssuedDocument.objects.get(pk=doc.pk).holder_name != "Басқа адам"


def test_the_database_refuses_changes_below_the_orm(issue):
    doc = issue("vet_certificate")
    for sql in (
        "UPDATE certificates_issueddocument SET holder_name = 'x' WHERE id = %s",
        "UPDATE certificates_issueddocument SET sha256 = 'x' WHERE id = %s",
        "UPDATE certificates_issueddocument SET payload = '{}' WHERE id = %s",
        "DELETE FROM certificates_issueddocument WHERE id = %s",
    ):
        with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
            raw(sql, [doc.pk])
    # The status columns stay writable: cancelling and superseding go through them.
    raw("UPDATE certificates_issueddocument SET cancel_reason = 'probe' WHERE id = %s", [doc.pk])
    assert IssuedDocument.objects.get(pk=doc.pk).cancel_reason == "probe"
    assert db_triggers.missing(guard=TRIGGER_GUARD) == []


def test_the_trigger_guard_freezes_every_column_but_the_status_ones():
    from importlib import import_module

    migration = import_module("certificates.migrations.0002_issueddocument_immutable")
    assert migration.GUARD == TRIGGER_GUARD
    assert {"status", "cancelled_at", "cancel_reason"}.isdisjoint(TRIGGER_GUARD.frozen)


# --- re-issue, duplicate, cancel -----------------------------------------------------------------------


def test_a_reissue_supersedes_its_original_in_the_same_transaction(issue):
    original = issue("licence")
    reissued = issue("licence", original=original, relation="reissue", holder_name="«Жамбыл Ет» ЖШС")
    original.refresh_from_db()
    assert original.status == IssuedDocument.Status.SUPERSEDED
    assert original.superseded_by == reissued
    assert reissued.original == original and reissued.status == IssuedDocument.Status.VALID
    assert reissued.number != original.number
    with pytest.raises(ValidationError):  # a superseded licence cannot be re-issued again
        issue("licence", original=original, relation="reissue")


def test_a_duplicate_keeps_the_original_valid_and_reprints_its_data(issue):
    original = issue("vet_passport")
    duplicate = issue("vet_passport", original=original, relation="duplicate", payload={})
    original.refresh_from_db()
    assert original.status == IssuedDocument.Status.VALID
    assert duplicate.payload == original.payload
    assert duplicate.relation == "duplicate" and duplicate.original == original
    assert duplicate.sha256 != original.sha256


def test_relation_rules(issue):
    original = issue("licence")
    with pytest.raises(ValidationError):
        issue("licence", original=original)  # an original without a relation
    with pytest.raises(ValidationError):
        issue("licence", relation="duplicate")  # a relation without an original
    with pytest.raises(ValidationError):
        issue("licence_annex", original=original, relation="reissue")  # another type
    with pytest.raises(ValidationError):
        issue("licence", original=original, relation="copy")
    assert IssuedDocument.objects.count() == 1


def test_cancelling_keeps_the_row_and_file_and_records_who_and_why(issue, clerk):
    doc = issue("vet_certificate")
    before = doc.file.read()
    cancel_document(doc, by=clerk, reason="Қате деректермен берілген")
    doc.refresh_from_db()
    assert doc.status == IssuedDocument.Status.CANCELLED
    assert doc.cancelled_by == clerk and doc.cancel_reason == "Қате деректермен берілген"
    assert doc.cancelled_at is not None
    assert doc.file.storage.open(doc.file.name).read() == before
    with pytest.raises(ValidationError):
        cancel_document(doc, by=clerk, reason="again")
    with pytest.raises(ValidationError):
        issue("vet_certificate", original=doc, relation="duplicate")


def test_cancelling_needs_a_reason(issue, clerk):
    doc = issue("vet_certificate")
    with pytest.raises(ValidationError):
        cancel_document(doc, by=clerk, reason="  ")
    doc.refresh_from_db()
    assert doc.status == IssuedDocument.Status.VALID


# --- bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "overrides", "fragment"),
    [
        ("no_such_type", {}, "Unknown document type"),
        ("vet_certificate", {"holder_id": "85031230012"}, "12 digits"),
        ("vet_certificate", {"holder_id": "85031230012X"}, "12 digits"),
        ("vet_certificate", {"holder_name": "  "}, "holder's name"),
        ("vet_certificate", {"payload": {"species": "сиыр"}}, "individual_number"),
        ("receipt", {"payload": {**samples.PAYLOADS["receipt"], "accepted_at": "2026-03-02"}}, "time"),
        (
            "attestation_sheet",
            {"payload": {**samples.PAYLOADS["attestation_sheet"], "decision": "maybe"}},
            "decision",
        ),
        (
            "vet_certificate",
            {"payload": {**samples.PAYLOADS["vet_certificate"], "x": object()}},
            "cannot be stored",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(issue, doc_type, overrides, fragment):
    if doc_type == "no_such_type":
        with pytest.raises(ValidationError) as raised:
            issue_document(doc_type, holder_name="А", holder_id="850312300123", payload={}, issued_by=None)
    else:
        with pytest.raises(ValidationError) as raised:
            issue(doc_type, **overrides)
    assert any(fragment in message for message in raised.value.messages), raised.value.messages
    assert not IssuedDocument.objects.exists()
    assert not DocumentCounter.objects.filter(last__gt=0).exists()
