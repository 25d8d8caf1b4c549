"""Licence records: issued active, annexes under their licence, a re-issue supersedes and links, a duplicate
adds a duplicate record and leaves the licence as it is."""

from __future__ import annotations

import pytest

from catalogue.roles import Role
from records import audit
from records.errors import InvalidInput
from records.licences import ACTIVE, SUPERSEDED, Licence, LicenceDuplicate
from records.services import get_or_create_applicant

from .conftest import filing_data, valid_iin
from .paths import PATHS_BY_KEY, d


def _through(app, step, users, clock, *names_data):
    for name, role, data in names_data:
        app = step(app, name, role, data)
    return app


def _issue_tail(step, users, app, draft, data=None):
    executor = users[Role.EXECUTOR].pk
    return _through(
        app,
        step,
        users,
        None,
        ("register", Role.OFFICE, {}),
        ("assign", Role.HEAD, {"executor": executor, "resolution_text": "Орындау."}),
        *(
            (("accept_complete", Role.EXECUTOR, {"documents_complete": True}),)
            if draft == "draft_license"
            else ()
        ),
        (draft, Role.EXECUTOR, data or {}),
        ("sign", Role.HEAD, {}),
        ("hand_over", Role.OFFICE, {}),
    )


@pytest.fixture
def licence(run_path):
    app = run_path(PATHS_BY_KEY["s6-issue"], check=False)
    return app.issued_licences.get()


def test_issue_creates_an_active_licence(licence, person):
    assert (licence.kind, licence.number, licence.version, licence.state) == (
        "licence",
        "ЛЦ-2025-000001",
        1,
        ACTIVE,
    )
    assert licence.holder == person and licence.activity == "ветеринариялық-санитариялық сараптама"
    assert licence.application.result_number == "ЛЦ-2025-000001"
    (row,) = audit.timeline(licence)
    assert (row.record_type, row.transition, row.to_state) == ("records.licence", "issue", ACTIVE)


def test_an_annex_belongs_to_its_licence(licence, file, step, users):
    app = file("licence", "issue", data={"activity": "жем қоспаларын сату", "annex_to": licence.number})
    app = _issue_tail(step, users, app, "draft_license", {"qualification_met": True})
    annex = app.issued_licences.get()
    assert (annex.kind, annex.parent, annex.number) == ("annex", licence, "ЛЦ-2025-000001/01")


def test_reissue_supersedes_and_links_the_versions(licence, file, step, users, clock):
    annex_app = file("licence", "issue", data={"activity": "жем қоспаларын сату", "annex_to": licence.number})
    annex = _issue_tail(
        step, users, annex_app, "draft_license", {"qualification_met": True}
    ).issued_licences.get()
    clock.set(d(28))
    app = file("licence", "reissue", data={"licence_number": licence.number, "new_activity": "жаңа түрі"})
    app = _issue_tail(step, users, app, "draft_reissue", {"changes": "Атауы өзгерді."})
    new = app.issued_licences.get(kind="licence")
    licence.refresh_from_db()
    annex.refresh_from_db()
    assert (licence.state, licence.superseded_at) == (SUPERSEDED, d(28))
    assert (new.number, new.version, new.previous, new.state, new.activity) == (
        licence.number,
        2,
        licence,
        ACTIVE,
        "жаңа түрі",
    )
    assert licence.next_version == new
    new_annex = new.annexes.get()
    assert (annex.state, new_annex.previous, new_annex.version, new_annex.state) == (
        SUPERSEDED,
        annex,
        2,
        ACTIVE,
    )
    assert [r.transition for r in audit.timeline(licence)] == ["issue", "supersede"]
    assert Licence.objects.filter(state=ACTIVE).count() == 2


def test_duplicate_adds_a_record_and_leaves_the_licence(licence, file, step, users):
    for expected in (1, 2):
        app = file("licence", "duplicate", data={"licence_number": licence.number})
        app = _issue_tail(step, users, app, "draft_duplicate")
        copy = LicenceDuplicate.objects.get(application=app)
        assert (copy.licence, copy.seq) == (licence, expected)
    licence.refresh_from_db()
    assert licence.state == ACTIVE and licence.version == 1
    assert [r.transition for r in audit.timeline(licence)] == ["issue", "duplicate", "duplicate"]


def test_only_the_holders_active_licence_can_be_reissued(licence, file, users):
    stranger = get_or_create_applicant("individual", valid_iin(start=500), "Бөгде Адам")
    with pytest.raises(InvalidInput) as error:
        file("licence", "reissue", applicant=stranger, data={"licence_number": licence.number})
    assert "licence_number" in error.value.field_errors
    with pytest.raises(InvalidInput):
        file("licence", "duplicate", data={"licence_number": "ЛЦ-2025-099999"})
    with pytest.raises(InvalidInput):
        file("licence", "reissue", data=filing_data("licence"))  # no licence named


def test_a_pending_reissue_of_a_licence_reissued_meanwhile_reissues_the_current_version(
    licence, file, step, users
):
    # Issue 14 changed this: the second re-issue was stopped (only a refusal was left); now it makes the
    # next version of the version in force (docs/decisions.md).
    first = file("licence", "reissue", data={"licence_number": licence.number})
    second = file("licence", "reissue", data={"licence_number": licence.number, "new_activity": "үшінші"})
    first = _issue_tail(step, users, first, "draft_reissue", {"changes": "Мекенжай."})
    assert first.state == "issued"
    second = _issue_tail(step, users, second, "draft_reissue", {"changes": "Қызмет түрі."})
    third = second.issued_licences.get()
    assert (third.number, third.version, third.previous, third.activity) == (
        licence.number,
        3,
        first.issued_licences.get(),
        "үшінші",
    )
    assert second.licence == third.previous
    assert list(Licence.objects.filter(number=licence.number, state=ACTIVE)) == [third]
    (row,) = [r for r in audit.timeline(third) if r.transition == "reissue"]
    assert row.data["filed_against"] == licence.pk
