"""`--map` sends one Plone Document to a legal act (through the act importer's pipeline) and another to a
handbook page, instead of the archive."""

from __future__ import annotations

import html
import json

import pytest

from portal.models import (
    ActImport,
    ApprovedDocumentPage,
    ArchivePage,
    HandbookPage,
    ImportedNode,
    LegalActPage,
)
from portal.plone.acts import html_to_text
from portal.plone.mapping import MapError, load_map

from .conftest import run_import
from .test_import import target

pytestmark = pytest.mark.django_db
ACT_UID, HANDBOOK_UID, BROKEN_UID = "a7" * 16, "a8" * 16, "a9" * 16
SMALL_ACT_LINES = 56  # title, header, preamble, four points, signature and one approved document


def act_html(act_000_path) -> str:
    """The first lines of act 000 as the old site held them: a paragraph a line, indents as &nbsp;."""
    lines = act_000_path.read_text(encoding="utf-8").split("\n")[:SMALL_ACT_LINES] + [" "]
    paragraphs = []
    for line in lines:
        stripped = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(stripped))
        paragraphs.append(f"<p>{indent}{html.escape(stripped)}</p>")
    return "".join(paragraphs)


def document(uid: str, plone_id: str, text: str, state: str = "published") -> dict:
    url = f"http://localhost:8080/Plone/normativ/{plone_id}"
    return {
        "@id": url,
        "@type": "Document",
        "UID": uid,
        "id": plone_id,
        "title": plone_id,
        "description": "",
        "language": "kk",
        "created": "2021-04-20T10:00:00+06:00",
        "modified": "2021-04-21T10:00:00+06:00",
        "effective": "2021-04-21T10:00:00+06:00",
        "creators": ["editor1"],
        "review_state": state,
        "parent": {"@id": "http://localhost:8080/Plone", "@type": "Plone Site", "UID": "plone_site_root"},
        "text": {"data": text, "content-type": "text/html", "encoding": "utf-8"},
        "workflow_history": {},
    }


@pytest.fixture
def export(tmp_path, act_000_path):
    folder = tmp_path / "acts-export"
    folder.mkdir()
    items = [
        document(ACT_UID, "buiryq-121", act_html(act_000_path)),
        document(
            HANDBOOK_UID, "anyqtamalyq", "<h1>Анықтамалық</h1><p>Бизнес-процестер.<script>x()</script></p>"
        ),
        document(BROKEN_UID, "not-an-act", "<p>Бұл акт емес.</p>"),
    ]
    (folder / "Plone.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    map_file = tmp_path / "map.json"
    map_file.write_text(
        json.dumps(
            {
                "items": {
                    ACT_UID: {"target": "act", "code": "900"},
                    "/Plone/normativ/anyqtamalyq": {"target": "handbook", "act": "900", "document": 1},
                    BROKEN_UID: "act",
                }
            }
        ),
        encoding="utf-8",
    )
    return folder, load_map(map_file)


def test_the_act_text_survives_the_html_round_trip(act_000_path):
    lines = act_000_path.read_text(encoding="utf-8").split("\n")[:SMALL_ACT_LINES]
    assert html_to_text(act_html(act_000_path)).split("\n")[:SMALL_ACT_LINES] == lines


def test_a_mapped_document_becomes_a_legal_act_through_the_act_importer(export):
    folder, import_map = export
    report = run_import(folder, import_map=import_map)
    act = target(ACT_UID)
    assert isinstance(act, LegalActPage) and act.code == "900"
    assert not act.live  # an act the importer has not seen before: a draft whose repairs wait for review
    assert ActImport.objects.get(act=act).draft is True
    assert ImportedNode.objects.filter(act=act, needs_review=True).exists()  # the repair pipeline ran
    assert ApprovedDocumentPage.objects.child_of(act).count() == 1
    assert not ArchivePage.objects.filter(slug="buiryq-121").exists()
    statuses = {entry.uid: (entry.status, entry.reason) for entry in report.entries}
    assert statuses[ACT_UID] == ("created", "")
    assert statuses[BROKEN_UID][0] == "failed"
    assert "the act importer refused the text: line 1:" in statuses[BROKEN_UID][1]


def test_a_mapped_document_becomes_the_handbook_of_an_approved_document(export, client):
    folder, import_map = export
    run_import(folder, import_map=import_map)
    handbook = target(HANDBOOK_UID)
    assert isinstance(handbook, HandbookPage) and handbook.live
    assert handbook.get_parent().specific.seq == 1
    assert (
        "Бизнес-процестер." in handbook.intro
        and "<script" not in handbook.intro
        and "<h1" not in handbook.intro
    )


def test_a_rerun_of_mapped_items_skips_them(export):
    folder, import_map = export
    run_import(folder, import_map=import_map)
    pages = LegalActPage.objects.count(), HandbookPage.objects.count(), ActImport.objects.count()
    again = run_import(folder, import_map=import_map)
    statuses = {entry.uid: entry.status for entry in again.entries}
    assert statuses[ACT_UID] == statuses[HANDBOOK_UID] == "skipped"
    assert (LegalActPage.objects.count(), HandbookPage.objects.count(), ActImport.objects.count()) == pages


def test_a_handbook_entry_must_name_its_act_and_document(tmp_path):
    map_file = tmp_path / "map.json"
    map_file.write_text(json.dumps({"items": {ACT_UID: {"target": "handbook"}}}), encoding="utf-8")
    with pytest.raises(MapError, match="handbook entry"):
        load_map(map_file)


def test_a_dry_run_of_mapped_items_writes_nothing(export):
    folder, import_map = export
    report = run_import(folder, import_map=import_map, dry_run=True)
    assert {entry.uid: entry.status for entry in report.entries}[ACT_UID] == "created"
    assert not LegalActPage.objects.exists() and not ActImport.objects.exists()
    assert not HandbookPage.objects.exists() and not ImportedNode.objects.exists()
