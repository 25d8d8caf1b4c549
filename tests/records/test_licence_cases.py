"""The stuck licence cases of issue 14, each as it was reported: an annex or a duplicate filed while a
re-issue is in progress, an original still verifying as valid after its duplicate, and a licence number in
two forms (docs/decisions.md, «Licence cases filed while a re-issue is in progress»)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.roles import Role
from certificates.models import IssuedDocument
from certificates.services import documents_for
from records import audit, services
from records.errors import InvalidInput
from records.licences import ACTIVE, SUPERSEDED, Licence, LicenceDuplicate
from tests.certificates.conftest import pdf_text

from .paths import PATHS_BY_KEY

pytestmark = pytest.mark.django_db
ANNEX = {"activity": "жем қоспаларын сату"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def licence(run_path) -> Licence:
    return run_path(PATHS_BY_KEY["s6-issue"], check=False).issued_licences.get()


@pytest.fixture
def move(step, users):
    """move(app, *names) -> the application after those transitions, each by the role it needs."""
    data = {
        "register": (Role.OFFICE, {}),
        "assign": (Role.HEAD, {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындау."}),
        "accept_complete": (Role.EXECUTOR, {"documents_complete": True}),
        "draft_license": (Role.EXECUTOR, {"qualification_met": True}),
        "draft_reissue": (Role.EXECUTOR, {"changes": "Мекенжай өзгерді."}),
        "draft_duplicate": (Role.EXECUTOR, {}),
        "sign": (Role.HEAD, {}),
        "hand_over": (Role.OFFICE, {}),
    }

    def _move(app, *names):
        for name in names:
            role, payload = data[name]
            app = step(app, name, role, payload)
        return app

    return _move


def the_document(app) -> IssuedDocument:
    (document,) = documents_for(("records.application", str(app.pk)))
    return document


def actions(app, users) -> set[str]:
    return {t.name for user in users.values() for t in services.available_transitions(app, user)}


def reissued(file, move, licence) -> Licence:
    app = file("licence", "reissue", data={"licence_number": licence.number})
    app = move(app, "register", "assign", "draft_reissue", "sign", "hand_over")
    return app.issued_licences.get(kind=Licence.LICENCE)


def test_an_annex_filed_during_a_reissue_is_signed_and_hangs_under_the_new_version(
    licence, file, move, users
):
    annex_app = move(
        file("licence", "issue", data={**ANNEX, "annex_to": licence.number}),
        "register",
        "assign",
        "accept_complete",
        "draft_license",
    )
    version_2 = reissued(file, move, licence)
    annex_app.refresh_from_db()
    assert annex_app.state == "draft_ready" and "sign" in actions(annex_app, users)  # was: no action
    annex_app = move(annex_app, "sign", "hand_over")
    annex = annex_app.issued_licences.get()
    assert (annex.parent, annex.state, annex.number) == (version_2, ACTIVE, f"{licence.number}/01")
    assert annex_app.licence == version_2
    (row,) = audit.timeline(annex)
    assert (row.record_type, row.transition, row.data["filed_against"]) == (
        "records.licence",
        "issue",
        licence.pk,
    )
    document = the_document(annex_app)
    assert (document.doc_type, document.number) == ("licence_annex", annex.number)
    assert document.payload["licence_number"] == licence.number


def test_a_duplicate_filed_during_a_reissue_duplicates_the_new_version(licence, file, move, users):
    dup_app = move(
        file("licence", "duplicate", data={"licence_number": licence.number}), "register", "assign"
    )
    version_2 = reissued(file, move, licence)
    dup_app.refresh_from_db()
    assert "draft_duplicate" in actions(dup_app, users)  # was: only the refusal
    dup_app = move(dup_app, "draft_duplicate", "sign", "hand_over")
    copy = LicenceDuplicate.objects.get(application=dup_app)
    assert (copy.licence, copy.seq) == (version_2, 1)
    licence.refresh_from_db()
    assert licence.state == SUPERSEDED and not licence.duplicates.exists()
    duplicate, reissue_doc = the_document(dup_app), the_document(version_2.application)
    reissue_doc.refresh_from_db()
    assert (duplicate.original, duplicate.relation, reissue_doc.status) == (
        reissue_doc,
        "duplicate",
        "superseded",
    )
    assert [r.transition for r in audit.timeline(version_2)] == ["reissue", "duplicate"]


@pytest.mark.parametrize(
    ("language", "says"),
    [("kk", "Құжаттың орнына № {number} телнұсқа берілді"), ("ru", "Документ заменён дубликатом № {number}")],
)
def test_after_a_duplicate_the_original_verifies_as_replaced(licence, file, move, client, language, says):
    app = move(
        file("licence", "duplicate", data={"licence_number": licence.number}),
        "register",
        "assign",
        "draft_duplicate",
        "sign",
        "hand_over",
    )
    original, duplicate = the_document(licence.application), the_document(app)
    with translation.override(language):
        html = client.get(reverse("certificates:verify", args=[original.verification_code])).content.decode()
        dup_html = client.get(
            reverse("certificates:verify", args=[duplicate.verification_code])
        ).content.decode()
    assert 'data-status="superseded"' in html and says.format(number=licence.number) in html
    assert 'data-status="valid"' in dup_html


def test_a_second_duplicate_replaces_the_first(licence, file, move):
    apps = [
        move(
            file("licence", "duplicate", data={"licence_number": licence.number}),
            "register",
            "assign",
            "draft_duplicate",
            "sign",
            "hand_over",
        )
        for _ in range(2)
    ]
    first, second = (the_document(app) for app in apps)
    first.refresh_from_db()
    assert (second.original, first.status, first.replaced_by) == (first, "superseded", second)
    valid = IssuedDocument.objects.filter(number=licence.number, status="valid")
    assert list(valid) == [second]


def test_one_number_on_the_record_the_pdf_and_the_filing_form(licence, file, move):
    document = the_document(licence.application)
    assert licence.number == licence.application.result_number == document.number == "ЛЦ-2025-000001"
    text = pdf_text(Path(document.file.path))
    assert text.count("ЛЦ-2025-000001") >= 2 and "L-2025" not in text  # header and body
    # The number as printed in the header, typed carelessly, names the licence.
    for typed in ("№ лц 2025 000001", "ЛЦ–2025–1", "LC-2025-000001", "L-2025-00001"):
        app = file("licence", "duplicate", data={"licence_number": typed})
        assert (app.licence, app.details["licence_number"]) == (licence, licence.number)


@pytest.mark.parametrize(
    ("language", "says"),
    [("kk", "лицензияға қосымша; қосымша лицензияның өзіне"), ("ru", "приложение выдаётся к самой лицензии")],
)
def test_an_annex_to_an_annex_number_is_refused_with_the_licence_to_name(licence, file, move, language, says):
    annex_app = move(
        file("licence", "issue", data={**ANNEX, "annex_to": licence.number}),
        "register",
        "assign",
        "accept_complete",
        "draft_license",
        "sign",
        "hand_over",
    )
    annex = annex_app.issued_licences.get()
    with translation.override(language), pytest.raises(InvalidInput) as error:
        file("licence", "issue", data={**ANNEX, "annex_to": annex.number})
    (message,) = error.value.field_errors["annex_to"]
    assert says in str(message) and licence.number in str(message)
