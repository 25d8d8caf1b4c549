"""The act, document, appendix and handbook pages: no text lost, anchors and permalinks, the journal
form, source-defect notices, cache invalidation on publishing, admin editing and Wagtail search."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.models import AppendixPage, ApprovedDocumentPage, HandbookPage, LegalActPage
from portal.rendering import render_act

from .publishing_fixtures import missing_words, page_words, walk

pytestmark = pytest.mark.django_db


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_act_page_shows_every_word_in_order(published, client):
    for code in ("003", "000"):
        parsed, _ = published[code]
        html = _html(client, LegalActPage.objects.get(code=code).url + "?full=1")  # the whole act
        assert missing_words(parsed, html) == []


def test_no_loss_check_notices_a_dropped_word(published, client):
    parsed, _ = published["003"]
    html = _html(client, LegalActPage.objects.get(code="003").url + "?full=1")
    dropped = parsed.documents[1].divisions[1].points[1].text
    assert missing_words(parsed, html.replace(dropped, "")) != []


def test_every_point_has_its_anchor_and_a_copy_link(published, client):
    parsed, _ = published["003"]
    html = _html(client, LegalActPage.objects.get(code="003").url + "?full=1")
    doc_url = ApprovedDocumentPage.objects.get(slug="regulation-1").url
    points = [n for n in walk(parsed.points) if n.kind in ("point", "subpoint")]
    for doc in parsed.documents:
        for division in doc.divisions:
            points += [n for n in walk(division.points) if n.kind in ("point", "subpoint")]
    assert len(points) > 10
    for point in points:
        assert html.count(f'id="{point.anchor}"') == 1, point.anchor
        assert f'class="plink" href="#{point.anchor}"' in html
    # Points of a document link to the document page (its permalink), the act's own points to the act.
    assert f'data-permalink="{doc_url}#d1-p2-s2-s1"' in html
    assert 'data-permalink="/kk/acts/003/#p2-s1"' in html
    assert 'aria-label="1-тармақшаға сілтемені көшіру"' in html  # the Kazakh interface of /kk/
    # Duplicate printed numbers stay distinct elements.
    assert html.count('<span class="num">3.</span>') == 4


def test_document_page_keeps_the_same_anchors(published, client):
    parsed, _ = published["003"]
    doc = ApprovedDocumentPage.objects.get(slug="regulation-2")
    html = _html(client, doc.url)
    for node in walk([p for d in parsed.documents[1].divisions for p in d.points]):
        assert f'id="{node.anchor}"' in html
    assert f'data-permalink="{doc.url}#d2-p3-2"' in html
    assert "<h1" in html and html.index("<h1") < html.index("<h2")
    assert "appendix-1/" in html and "handbook/" in html


def test_journal_form_appendix_is_a_real_table(published, client):
    appendix = AppendixPage.objects.get(url_path__endswith="/003/regulation-1/appendix-1/")
    html = _html(client, appendix.url)
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    headings = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert len(headings) == 8 and headings[0] == "Р/с №" and headings[-1] == "Ескертпе"
    assert re.findall(r'<td class="colnum">(\d)</td>', table) == [str(i) for i in range(1, 9)]
    assert table.count('<td class="blank-cell"></td>') == 8 * appendix.blank_rows
    assert html.count('class="form-blank"') == 7  # «20__ «___» ______» twice and «___ парақ»
    assert "Нысан" in html


def test_source_defects_are_announced(published, client):
    lost = AppendixPage.objects.get(url_path__endswith="/003/regulation-1/appendix-2/")
    missing = AppendixPage.objects.get(url_path__endswith="/003/regulation-1/appendix-3/")
    # /kk/ pages: the notices speak Kazakh.
    assert "қосымшаның графикасы (диаграмма немесе кесте)" in _html(client, lost.url)
    assert "Бұл қосымша жарияланған бастапқы мәтінде жоқ" in _html(client, missing.url)
    act_html = _html(client, LegalActPage.objects.get(code="003").url + "?full=1")
    assert act_html.count('class="notice" role="note"') == 4  # two per regulation


def test_handbook_page_renders_the_procedure(published, client):
    handbook = HandbookPage.objects.get(url_path__endswith="/003/regulation-1/handbook/")
    html = _html(client, handbook.url)
    assert "procedure-table" in html and "<svg" in html


def test_cached_act_body_is_replaced_after_publishing(published, client):
    act = LegalActPage.objects.get(code="003")
    full = act.url + "?full=1"
    assert "Өзгертілген тармақ" not in _html(client, full)
    doc = ApprovedDocumentPage.objects.get(slug="regulation-2").get_latest_revision_as_object()
    body = list(doc.body.raw_data)
    body[0]["value"]["content"][0]["value"]["text"] = "Өзгертілген тармақ мәтіні."
    doc.body = body
    revision = doc.save_revision()
    assert "Өзгертілген тармақ" not in _html(client, full)  # a draft does not change the public page
    revision.publish()
    assert "Өзгертілген тармақ мәтіні." in _html(client, full)


def test_cache_is_used_between_publications(published):
    act = LegalActPage.objects.get(code="003")
    fresh = render_act(act)
    with CaptureQueriesContext(connection) as queries:
        cached = render_act(act)  # the fragments are stored: only the list of live children is read
    assert len(queries) <= 6
    assert not [q["sql"] for q in queries if '"body"' in q["sql"]], "a stored fragment's body was loaded"
    assert cached.text_html == fresh.text_html
    cache.clear()
    assert render_act(act, use_cache=False).text_html == fresh.text_html


def test_pages_are_editable_in_the_admin(published):
    admin = get_user_model().objects.create_superuser("root", "root@example.kz", "pw")
    from django.test import Client

    browser = Client(HTTP_HOST="localhost")
    browser.force_login(admin)
    for page in Page.objects.type(LegalActPage, ApprovedDocumentPage, AppendixPage, HandbookPage)[:12]:
        assert browser.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page
    assert browser.get("/admin/imported_nodes/").status_code == 200
    assert browser.get("/admin/act_imports/").status_code == 200


def test_wagtail_search_finds_the_text_of_points(published):
    results = Page.objects.live().specific().search("бейнетіркегіш")
    found = {type(page) for page in results}
    assert ApprovedDocumentPage in found


def test_words_helper_keeps_inline_markup_inside_words():
    assert page_words('<p>20<span class="form-blank">__</span> «x»</p><p>y</p>') == ["20__", "«x»", "y"]


# ----------------------------------------------------------------------------- the real act files


@pytest.fixture
def real_acts(db, act_000_path, act_003_path):
    from portal.importer import parse_act
    from portal.publishing import publish_act

    parsed = {"000": parse_act(act_000_path), "003": parse_act(act_003_path)}
    for act in parsed.values():
        publish_act(act)
    return parsed


def test_real_act_pages_lose_no_word_and_anchor_every_point(real_acts, client):
    for code, parsed in real_acts.items():
        act = LegalActPage.objects.get(code=code)
        html = _html(client, act.url + "?full=1")
        assert missing_words(parsed, html) == [], code
        nodes = list(walk(parsed.points))
        for doc in parsed.documents:
            nodes += list(walk([p for division in doc.divisions for p in division.points]))
        numbered = [n for n in nodes if n.kind in ("point", "subpoint") and n.anchor]
        assert len(numbered) > (20 if code == "000" else 300)
        for node in numbered:
            assert f'id="{node.anchor}"' in html and f'href="#{node.anchor}"' in html, node.anchor
    # Regulation 3 prints «7.» twice: two elements, two anchors, one per point.
    reg3 = _html(client, ApprovedDocumentPage.objects.get(url_path="/home/acts/003/regulation-3/").url)
    sevens = re.findall(r'<div class="pt" id="([^"]+)"><p><span class="num">7\.</span>', reg3)
    assert len(sevens) == 2 and len(set(sevens)) == 2


def test_real_act_journal_form_and_repeal_banner(real_acts, client):
    act_000 = LegalActPage.objects.get(code="000")
    journal = AppendixPage.objects.descendant_of(act_000).get()
    html = _html(client, journal.url)
    assert len(re.findall(r'<th scope="col">', html)) == 8
    assert "Мемлекеттік ветеринариялық-санитариялық инспектордың аты" in html
    assert 'class="form-blank"' in html
    act_003 = _html(client, LegalActPage.objects.get(code="003").url)
    assert 'role="note"' in act_003 and "№ 24 қаулысы" in act_003
    assert "Күшін жойған" in act_003  # the source's own status line is kept
