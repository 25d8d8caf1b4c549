"""Work and expressions (issue 17): dates read from the acts, versions recorded at import, the act as in
force on a date, the point-by-point comparison, and editors correcting inferred dates in the admin."""

from __future__ import annotations

import copy
import functools
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from catalogue.roles import Role
from portal.importer import parse_act
from portal.importer.dates import read_dates, read_in_force
from portal.models import ActRelation, ApprovedDocumentPage, LegalActPage
from portal.publishing import publish_act
from portal.staff import setup_portal
from portal.version_compare import Item, compare, word_diff
from portal.version_demo import seed_demo_version
from portal.versions import page_as_at, parse_day, record_current

from .factories import make_parsed_act, node

ACTS = Path(__file__).resolve().parents[2] / "portal" / "fixtures" / "acts"
AFTER_TEN_DAYS = (
    "Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."
)


@functools.cache
def _real(code: str):
    return parse_act(next(ACTS.glob(f"{code}_*.txt")))


# ------------------------------------------------------------------------------------ dates (no database)


def test_entry_into_force_is_ten_full_days_after_publication():
    known = read_in_force(AFTER_TEN_DAYS, signed=None, registered=None, published=date(2021, 4, 22))
    assert (known.date, known.inferred) == (date(2021, 5, 3), False)
    # Publication unknown: the registration date is the earliest it can be, and the date is inferred.
    guessed = read_in_force(
        AFTER_TEN_DAYS, signed=date(2021, 4, 14), registered=date(2021, 4, 20), published=None
    )
    assert (guessed.date, guessed.inferred) == (date(2021, 5, 1), True)
    # The export keeps Latin «i» in some words («күнтiзбелiк», «енгiзiледi»): still read.
    latin = AFTER_TEN_DAYS.replace("күнтізбелік", "күнтiзбелiк").replace("енгізіледі", "енгiзiледi")
    assert read_in_force(latin, signed=None, registered=date(2021, 4, 20), published=None).date == date(
        2021, 5, 1
    )
    signed = read_in_force(
        "Осы бұйрық қол қойылған күнінен бастап қолданысқа енгізіледі.",
        signed=date(2020, 1, 9),
        registered=None,
        published=None,
    )
    assert (signed.date, signed.inferred) == (date(2020, 1, 9), False)
    assert (
        read_in_force(
            "Осы бұйрықтың орындалуын бақылау жүктелсін.", signed=None, registered=None, published=None
        ).date
        is None
    )


def test_dates_of_the_real_acts():
    dates_000 = read_dates(_real("000"))
    assert (dates_000.adopted, dates_000.registered) == (date(2021, 4, 14), date(2021, 4, 20))
    assert (dates_000.in_force.date, dates_000.in_force.inferred) == (date(2021, 5, 1), True)
    assert dates_000.relations == []
    dates_003 = read_dates(_real("003"))
    assert dates_003.in_force.date == date(2017, 3, 26)
    repeal = dates_003.repeal
    # «Күші жойылды - … 28.02.2018 № 24 қаулысымен (алғашқы ресми жарияланған күнінен кейін … он күн …)»
    assert (repeal.act_date, repeal.number) == (date(2018, 2, 28), "24")
    assert (repeal.effective.date, repeal.effective.inferred) == (date(2018, 3, 11), True)
    assert repeal.citation == "Жамбыл облысы әкімдігінің 28.02.2018 № 24 қаулысы"
    # Point 3 of act 003 repeals resolution № 208 of 17 August 2015 (not imported: a citation).
    (outgoing,) = [r for r in dates_003.relations if not r.incoming]
    assert (outgoing.kind, outgoing.act_date, outgoing.number) == ("repeals", date(2015, 8, 17), "208")
    assert outgoing.citation.endswith("№ 208 қаулысы")


def test_an_amendment_note_is_read_with_its_effective_date():
    parsed = copy.deepcopy(_real("000"))
    parsed.notes = [
        node(
            "note",
            "Ескерту. Өзгеріс енгізілді - ҚР Ауыл шаруашылығы министрінің 15.01.2024 № 12 бұйрығымен "
            "(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).",
        )
    ]
    (amendment,) = read_dates(parsed).relations
    assert (amendment.kind, amendment.incoming, amendment.number) == ("amends", True, "12")
    assert (amendment.effective.date, amendment.effective.inferred) == (date(2024, 1, 26), True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017-06-01", date(2017, 6, 1)),
        (" 2017-06-01 ", date(2017, 6, 1)),
        ("2017-02-30", None),
        ("x", None),
        ("", None),
    ],
)
def test_parse_day(raw, expected):
    assert parse_day(raw) == expected


def test_word_diff_marks_additions_and_deletions_for_screen_readers():
    with translation.override("ru"):
        html = word_diff("бақылау вице-министріне жүктелсін.", "бақылау комитетке жүктелсін.")
    assert html == (
        'бақылау <del><span class="visually-hidden">исключено: </span>вице-министріне</del>'
        '<ins><span class="visually-hidden">добавлено: </span>комитетке</ins> жүктелсін.'
    )
    assert "&lt;b&gt;" in word_diff("a", "<b>")  # the act's text is escaped


def test_compare_matches_points_by_anchor():
    old = [Item("p1", "1", "бірінші"), Item("p2", "2", "екінші"), Item("p3", "3", "үшінші")]
    new = [Item("p1", "1", "бірінші"), Item("p3", "3", "үшінші өзгерді"), Item("p4", "4", "төртінші")]
    changes = compare(old, new)
    assert [(c.kind, c.item.key) for c in changes] == [("deleted", "p2"), ("changed", "p3"), ("added", "p4")]
    assert "<ins>" in changes[1].html and "өзгерді" in changes[1].html


# ------------------------------------------------------------------------------------------- recording


@pytest.mark.django_db
def test_import_of_act_003_records_its_version_and_repeal(client):
    publish_act(_real("003"))
    act = LegalActPage.objects.get(code="003")
    (version,) = act.versions.all()
    assert (version.version_date, version.in_force_from, version.in_force_to) == (
        date(2017, 2, 20),
        date(2017, 3, 26),
        date(2018, 3, 10),
    )
    assert (
        version.in_force_from_inferred and version.in_force_to_inferred and not version.version_date_inferred
    )
    repeal = ActRelation.objects.get(target_act=act, kind="repeals")
    assert (repeal.source_date, repeal.effective_date, repeal.source_act) == (
        date(2018, 2, 28),
        date(2018, 3, 11),
        None,
    )
    # The banner gives the repeal's effective date, not only the date of the repealing resolution.
    for language, words in (("kk", "Күшін жою мына күннен бастап"), ("ru", "Отмена вступила в силу")):
        page = client.get(f"/{language}/acts/003/").content.decode()
        banner = page.split('class="banner banner-repealed"')[1].split("</div>")[0]
        assert words in banner and 'datetime="2018-03-11"' in banner
    # Re-import of the same text: no new version, the dates stay.
    assert publish_act(_real("003"))["version"] == "unchanged"
    assert act.versions.count() == 1


@pytest.mark.django_db
def test_reimport_with_a_changed_text_keeps_the_old_version(published):
    parsed, _ = published["000"]
    act = LegalActPage.objects.get(code="000")
    old_text = parsed.points[0].text
    amended = copy.deepcopy(parsed)
    amended.points[0].text = "Қоса беріліп отырған қағидалар жаңа редакцияда бекітілсін."
    amended.notes = [
        node(
            "note",
            "Ескерту. Өзгеріс енгізілді - Сынақ министрінің 15.01.2024 № 12 бұйрығымен "
            "(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).",
        )
    ]
    assert publish_act(amended)["version"] == "created"
    first, second = act.versions.order_by("number")
    assert (second.version_date, second.in_force_from, second.in_force_from_inferred) == (
        date(2024, 1, 15),
        date(2024, 1, 26),
        True,
    )
    assert (first.in_force_to, first.in_force_to_inferred) == (date(2024, 1, 25), True)
    past, version = page_as_at(act, date(2023, 6, 1))
    assert version == first
    assert any(b["value"].get("text") == old_text for b in past.body.raw_data)
    now, version = page_as_at(act, date(2024, 2, 1))
    assert version == second and any(
        b["value"].get("text") == amended.points[0].text for b in now.body.raw_data
    )


# ------------------------------------------------------------------------------------------------ reader


def _second_version(act: LegalActPage) -> None:
    """Version 2 of the test act: point 1 reworded, the first document's first point changed."""
    draft = act.get_latest_revision_as_object()
    body = copy.deepcopy(list(draft.body.raw_data))
    point = next(b for b in body if b["type"] == "point")
    point["value"]["text"] = "Қоса беріліп отырған қағидалар жаңа редакцияда бекітілсін."
    draft.body = body
    draft.save_revision(clean=False).publish(skip_permission_checks=True)
    doc = ApprovedDocumentPage.objects.child_of(act).order_by("path").first().get_latest_revision_as_object()
    doc_body = copy.deepcopy(list(doc.body.raw_data))
    doc_body[0]["value"]["content"][0]["value"]["text"] = "Қағидалардың жаңа бірінші тармағы."
    doc.body = doc_body
    doc.save_revision(clean=False).publish(skip_permission_checks=True)
    act.refresh_from_db()
    record_current(act, version_date=date(2024, 1, 15), in_force_from=date(2024, 1, 26))


@pytest.fixture
def two_versions(published):
    act = LegalActPage.objects.get(code="000")
    _second_version(act)
    return act


@pytest.mark.django_db
def test_at_a_date_shows_the_text_then_in_force(two_versions, client):
    old, new = "Қоса беріліп отырған қағидалар бекітілсін.", "жаңа редакцияда бекітілсін"
    kk = client.get("/kk/acts/000/?at=2023-06-01").content.decode()
    assert old in kk and new not in kk
    assert "күнгі қолданыстағы мәтін: 1-редакция" in kk
    ru = client.get("/ru/acts/000/?at=2024-02-01").content.decode()
    assert new in ru and "Текст, действовавший на" in ru and "редакция 2" in ru
    current = client.get("/ru/acts/000/").content.decode()
    assert new in current and "Сравнить редакцию 1 с редакцией 2" in current
    # The regulation page too: its own revision of the time.
    doc_url = ApprovedDocumentPage.objects.child_of(two_versions).order_by("path").first().url
    assert "Қағидалардың жаңа бірінші тармағы." not in client.get(f"{doc_url}?at=2023-06-01").content.decode()
    assert "Қағидалардың жаңа бірінші тармағы." in client.get(f"{doc_url}?at=2024-06-01").content.decode()


@pytest.mark.django_db
def test_dates_outside_the_act_and_bad_dates_get_a_message_not_an_error(two_versions, client):
    before = client.get("/kk/acts/000/?at=2020-01-01")
    assert before.status_code == 200 and "әлі қабылданбаған еді" in before.content.decode()
    assert "Қоса беріліп отырған" not in before.content.decode()
    for language, words in (("kk", "күн емес"), ("ru", "не дата")):
        response = client.get(f"/{language}/acts/000/?at=2021-13-45")
        assert response.status_code == 200 and words in response.content.decode()
    wrong = client.get("/ru/acts/000/?compare=1..9")
    assert wrong.status_code == 200 and "Выберите для сравнения две разные редакции" in wrong.content.decode()


@pytest.mark.django_db
def test_compare_two_versions_point_by_point(two_versions, client):
    for language, legend in (("kk", "Шартты белгілер"), ("ru", "Условные обозначения")):
        page = client.get(f"/{language}/acts/000/?compare=1..2").content.decode()
        assert legend in page
        changes = page.split('<ol class="compare-list">')[1].split("</ol>")[0]
        assert changes.count("<li") == 2  # the act's point 1 and the document's first point
        assert "<ins>" in changes and "<del>" in changes and "жаңа" in changes
        assert f'href="/{language}/acts/000/#p1"' in changes


# ------------------------------------------------------------------------------------------ admin, demo


@pytest.mark.django_db
def test_an_editor_corrects_an_inferred_date_and_the_flag_clears(
    two_versions, client, django_capture_on_commit_callbacks
):
    setup_portal()
    editor = get_user_model().objects.create_user("ed", "ed@example.kz", "pw")
    editor.groups.add(Group.objects.get(name=Role.EDITOR.value))
    client.force_login(editor)
    version = two_versions.versions.get(number=1)
    version.in_force_from_inferred = True
    version.save()
    for listing in ("/admin/act_versions/", "/admin/act_relations/"):
        assert client.get(listing).status_code == 200, listing
    url = f"/admin/act_versions/edit/{version.pk}/"
    assert client.get(url).status_code == 200
    form = {
        "version_date": "2021-04-14",
        "in_force_from": "2021-05-03",
        "in_force_from_inferred": "on",
        "in_force_to": "2024-01-25",
        "status": "in_force",
        "note": "Жарияланған күні: 2021-04-22.",
    }
    assert 'datetime="2021-05-03"' not in client.get("/kk/acts/000/").content.decode()  # now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The cached act page does not outlive the edit: its timeline shows the corrected date.
    assert 'datetime="2021-05-03"' in client.get("/kk/acts/000/").content.decode()
    version.refresh_from_db()
    assert (version.in_force_from, version.in_force_from_inferred) == (date(2021, 5, 3), False)
    assert (
        client.get("/kk/acts/000/?at=2021-05-02").content.decode().count("әлі қолданысқа енгізілмеген еді")
        == 1
    )


@pytest.mark.django_db
def test_demo_version_is_marked_made_once_and_the_live_text_stays_official(published, client):
    act = LegalActPage.objects.get(code="000")
    official = act.get_latest_revision_as_object().body.raw_data
    assert seed_demo_version() and seed_demo_version() == []
    first, demo, restored = act.versions.order_by("number")
    assert "ресми мәтін емес" in demo.note and (demo.in_force_from, demo.in_force_to) == (
        date(2024, 1, 26),
        date(2024, 2, 29),
    )
    assert first.in_force_to == date(2024, 1, 25) and restored.content_sha256 == first.content_sha256
    act.refresh_from_db()
    assert list(act.get_latest_revision_as_object().body.raw_data) == list(official)
    # The test act has no point 3 (the real act 000 has): the demo's deleted rules point shows.
    changes = client.get("/kk/acts/000/?compare=1..2").content.decode().split('<ol class="compare-list">')[1]
    assert "<del>" in changes.split("</ol>")[0]


@pytest.mark.django_db
def test_the_repealing_act_is_linked_once_it_is_imported(client):
    repealed = make_parsed_act("003", repealed=True)
    repealed.notes.insert(
        0,
        node(
            "note",
            "Ескерту. Күші жойылды - Жамбыл облысы әкімдігінің 28.02.2018 № 24 қаулысымен (алғашқы ресми "
            "жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).",
        ),
    )
    publish_act(repealed)
    banner = client.get("/ru/acts/003/").content.decode().split('class="banner banner-repealed"')[1]
    assert "Отменяющий акт на этом портале" not in banner.split("</div>")[0]
    repealing = make_parsed_act("024", title="Күшін жою туралы сынақ қаулысы", documents=1)
    repealing.metadata.date, repealing.metadata.number = "2018-02-28", "24"
    publish_act(repealing)
    relation = ActRelation.objects.get(kind="repeals", target_act__code="003")
    assert relation.source_act.code == "024"
    banner = client.get("/ru/acts/003/").content.decode().split('class="banner banner-repealed"')[1]
    assert 'Отменяющий акт на этом портале: <a href="/ru/acts/024/"' in banner.split("</div>")[0]
