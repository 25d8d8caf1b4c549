"""publish_act: the page tree, idempotent re-import, drafts, provenance and all-or-nothing failures."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from wagtail.models import Page, Site

from portal.importer import ImportActError
from portal.models import (
    ActImport,
    ActIndexPage,
    AppendixPage,
    ApprovedDocumentPage,
    HandbookPage,
    HomePage,
    ImportedNode,
    LegalActPage,
)
from portal.procedure import default_procedure
from portal.publishing import PublishError, ensure_site, import_act_file, publish_act

from .factories import make_parsed_act, node
from .publishing_fixtures import all_nodes

pytestmark = pytest.mark.django_db


def _tree_snapshot() -> dict:
    return {
        "pages": sorted(Page.objects.values_list("id", "url_path")),
        "nodes": ImportedNode.objects.count(),
        "node_keys": sorted(ImportedNode.objects.values_list("act_id", "seq", "anchor")),
    }


def test_publish_creates_the_tree(published):
    parsed, result = published["003"]
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    acts = ActIndexPage.objects.child_of(home).get()
    assert acts.slug == "acts" and acts.live
    act = LegalActPage.objects.get(code="003")
    assert act.get_parent().pk == acts.pk and act.live and act.pk == result["act_page_id"]
    assert (act.status, act.repealed_by, str(act.repealed_date)) == (
        "repealed",
        parsed.metadata.repealed_by,
        "2018-02-28",
    )
    docs = list(ApprovedDocumentPage.objects.child_of(act).order_by("path"))
    assert [d.seq for d in docs] == [1, 2] and all(d.live for d in docs)
    for doc, parsed_doc in zip(docs, parsed.documents, strict=True):
        assert doc.full_title == parsed_doc.title.text
        appendices = AppendixPage.objects.child_of(doc).order_by("path")
        assert [a.seq for a in appendices] == [1, 2, 3]
        assert [a.missing_in_source for a in appendices] == [False, False, True]
        assert [a.graphics_missing for a in appendices] == [False, True, False]
        # Act 003's regulations are state services: a handbook page and a seeded procedure.
        assert HandbookPage.objects.child_of(doc).live().count() == 1
        assert doc.service_code and len(doc.procedure) == len(default_procedure(doc.service_code))
    # The in-force act «000» holds rules: no service, no procedure, no handbook.
    rules = ApprovedDocumentPage.objects.get(slug="rules-1")
    assert rules.service_code == "" and len(rules.procedure) == 0
    assert not HandbookPage.objects.child_of(rules).exists()
    assert result["pages_created"] == 1 + 2 * (1 + 3 + 1) and result["pages_updated"] == 0


def test_provenance_keeps_every_node_with_raw_text_and_repairs(published):
    parsed, result = published["003"]
    act = LegalActPage.objects.get(code="003")
    nodes = list(ImportedNode.objects.filter(act=act).order_by("seq"))
    expected = list(all_nodes(parsed))
    assert len(nodes) == len(expected) == result["nodes"]
    assert [n.repaired_text for n in nodes] == [n.text for n in expected]
    preamble = next(n for n in nodes if n.anchor == "preamble")
    assert "сәйкес БҰЙЫРАМЫН:тармақшасына" in preamble.raw_text
    assert preamble.repairs[0]["rule"] == "A" and not preamble.needs_review
    flagged = ImportedNode.objects.get(act=act, anchor="p2-s2")
    assert flagged.needs_review and flagged.repairs[0]["rule"] == "A?"
    act_import = ActImport.objects.get(pk=result["act_import_id"])
    assert act_import.act == act and act_import.counts["nodes"] == len(nodes) and not act_import.draft


def test_reimport_is_idempotent(published):
    before = _tree_snapshot()
    act = LegalActPage.objects.get(code="003")
    revisions_before = act.revisions.count()
    again = publish_act(make_parsed_act("003", repealed=True))
    assert again["pages_created"] == 0 and again["pages_updated"] == 1 + 2 * (1 + 3)
    assert _tree_snapshot() == before  # same page ids and paths, same provenance rows
    assert LegalActPage.objects.filter(code="003").count() == 1
    assert act.revisions.count() == revisions_before + 1
    assert ActImport.objects.filter(act=act).count() == 2


def test_reimport_updates_text_in_place(published):
    parsed = make_parsed_act("003", repealed=True)
    parsed.documents[0].divisions[0].points[0].text = "Жаңартылған мәтін."
    doc_id = ApprovedDocumentPage.objects.get(slug="regulation-1").pk
    publish_act(parsed)
    doc = ApprovedDocumentPage.objects.get(pk=doc_id)
    first_point = doc.body.raw_data[0]["value"]["content"][0]["value"]
    assert first_point["text"] == "Жаңартылған мәтін." and first_point["anchor"] == "d1-p1"


def test_editors_procedure_survives_reimport(published):
    doc = ApprovedDocumentPage.objects.get(slug="regulation-1")
    steps = list(doc.procedure.raw_data)
    steps[0] = {**steps[0], "value": {**steps[0]["value"], "limit_text": "редактор өзгерткен мерзім"}}
    doc.procedure = steps
    doc.save_revision().publish()
    publish_act(make_parsed_act("003", repealed=True))
    doc.refresh_from_db()
    assert doc.procedure.raw_data[0]["value"]["limit_text"] == "редактор өзгерткен мерзім"


def test_draft_act_is_saved_but_not_live(db, client):
    result = publish_act(make_parsed_act("777", draft=True))
    act = LegalActPage.objects.get(code="777")
    assert not act.live and act.latest_revision_id is not None
    assert not Page.objects.descendant_of(act, inclusive=True).filter(live=True).exists()
    assert ActImport.objects.get(pk=result["act_import_id"]).draft
    assert client.get("/kk/acts/777/").status_code == 404


def test_draft_reimport_leaves_the_live_version_alone(published, client):
    parsed = dataclasses.replace(make_parsed_act("003", repealed=True), draft=True)
    parsed.signature.text = "Жаңа қолтаңба тексерілуде"
    publish_act(parsed)
    act = LegalActPage.objects.get(code="003")
    assert act.live and act.has_unpublished_changes
    assert "Жаңа қолтаңба" not in client.get(act.url).content.decode()
    assert "Жаңа қолтаңба" in str(act.get_latest_revision_as_object().body.raw_data)


def test_failure_midway_writes_nothing(db):
    assert not HomePage.objects.exists()
    parsed = make_parsed_act("555")
    parsed.metadata.date = "2021-13-45"  # fails after the site and the acts index were created
    with pytest.raises(ValueError):
        publish_act(parsed)
    assert not HomePage.objects.exists() and not ActIndexPage.objects.exists()
    assert not LegalActPage.objects.exists() and not ActImport.objects.exists()


def test_failed_reimport_keeps_the_published_act(published):
    act = LegalActPage.objects.get(code="003")
    before = (_tree_snapshot(), act.revisions.count())
    parsed = make_parsed_act("003", repealed=True)
    parsed.documents[1].title.text = None  # the act and document 1 are updated before this one fails
    with pytest.raises((ValidationError, IntegrityError)):
        publish_act(parsed)
    assert (_tree_snapshot(), act.revisions.count()) == before


def test_duplicate_anchor_is_refused_with_a_clear_error(db):
    parsed = make_parsed_act("556")
    parsed.points[1].anchor = parsed.points[0].anchor
    with pytest.raises(PublishError, match="p1"):
        publish_act(parsed)
    assert not LegalActPage.objects.exists()


def test_ensure_site_is_idempotent(db):
    first = ensure_site()
    second = ensure_site()
    assert first.pk == second.pk and HomePage.objects.count() == 1
    assert Site.objects.filter(is_default_site=True).get().root_page_id == first.pk
    # Wagtail's bare welcome page is gone, so the home page is the only child of the root.
    assert [p.specific_class for p in Page.get_first_root_node().get_children()] == [HomePage]


# ----------------------------------------------------------------------------- the real act files


def test_real_acts_publish_the_whole_tree_and_reimport_in_place(db, act_000_path, act_003_path):
    first_000 = import_act_file(act_000_path)
    first_003 = import_act_file(act_003_path)
    rules = ApprovedDocumentPage.objects.get(url_path="/home/acts/000/rules-1/")
    journal = AppendixPage.objects.child_of(rules).get()
    assert [c["value"]["number"] for c in journal.columns.raw_data] == list(range(1, 9))
    assert journal.columns.raw_data[0]["value"]["heading"] == "Р/с №" and journal.form_label == "Нысан"
    act = LegalActPage.objects.get(code="003")
    identity = (act.status, act.number, act.stamp_number, act.registration_number)
    assert identity == ("repealed", "19", "20", "3350")
    regulations = ApprovedDocumentPage.objects.child_of(act)
    assert regulations.count() == 6 and all(r.service_code for r in regulations)
    assert AppendixPage.objects.descendant_of(act).count() == first_003["appendices"] == 19
    assert AppendixPage.objects.descendant_of(act).filter(missing_in_source=True).count() == 3  # reg 4
    assert HandbookPage.objects.descendant_of(act).live().count() == 6
    assert first_000["nodes"] + first_003["nodes"] == ImportedNode.objects.count()
    before = _tree_snapshot()
    again = import_act_file(act_003_path)
    assert again["pages_created"] == 0 and _tree_snapshot() == before


def test_parse_error_publishes_nothing(db, tmp_path, act_003_path):
    truncated = tmp_path / act_003_path.name
    truncated.write_text("\n".join(act_003_path.read_text(encoding="utf-8").splitlines()[:700]), "utf-8")
    with pytest.raises(ImportActError, match="line 700"):
        import_act_file(truncated)
    assert not Page.objects.type(LegalActPage, HomePage).exists()
    assert not ActImport.objects.exists() and not ImportedNode.objects.exists()


def test_unseen_real_act_is_saved_as_a_draft(db, tmp_path, act_000_path, client):
    unseen = tmp_path / "042_unseen.txt"
    unseen.write_text(act_000_path.read_text(encoding="utf-8").replace("С. Омаров", "Б. Омаров"), "utf-8")
    result = import_act_file(unseen)
    assert result["draft"] is True
    act = LegalActPage.objects.get(code="042")
    assert not Page.objects.descendant_of(act, inclusive=True).filter(live=True).exists()
    assert client.get("/kk/acts/042/").status_code == 404


def test_nesting_deeper_than_the_blocks_becomes_numbered_paragraphs(db, client):
    parsed = make_parsed_act("557")
    deepest = parsed.documents[0].divisions[0].points[1].children[1].children[0]
    deepest.children = [node("subpoint", "үшінші деңгейдегі тармақша.", "d1-deep", "9")]
    publish_act(parsed)
    doc = ApprovedDocumentPage.objects.get(url_path="/home/acts/557/rules-1/")
    nested = doc.body.raw_data[0]["value"]["content"][1]["value"]["children"][1]["value"]["children"][0]
    assert nested["value"]["children"][0]["type"] == "paragraph"
    assert nested["value"]["children"][0]["value"] == {
        "number": "9",
        "anchor": "d1-deep",
        "text": "үшінші деңгейдегі тармақша.",
    }
    html = client.get(doc.url).content.decode()
    assert 'id="d1-deep"><p><span class="num">9)</span> үшінші деңгейдегі тармақша.' in html


def test_site_is_rebuilt_on_an_emptied_database(db):
    """`flush` removes Wagtail's tree root and locale: the import recreates them."""
    from wagtail.models import Locale

    Site.objects.all().delete()
    Page.objects.all().delete()
    Locale.objects.all().delete()
    home = ensure_site()
    assert home.get_parent().depth == 1
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert Locale.get_default().language_code == "kk"
