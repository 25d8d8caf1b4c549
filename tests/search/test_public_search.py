"""The public search at /kk/search/ and /ru/search/: point-level hits linking to the point's permalink,
highlighted snippets, filters by act and status, «did you mean», only published text."""

from __future__ import annotations

import re

import pytest

from portal.models import ApprovedDocumentPage
from search import outbox

pytestmark = pytest.mark.django_db


def hit_links(html: str) -> list[str]:
    return re.findall(r'<li class="hit"[^>]*>\s*<h2><a href="([^"]+)"', html)


@pytest.fixture
def test_acts(db):
    """The small test acts of the portal tests: «003» (repealed, two regulations) and «000» (in force)."""
    from portal.publishing import publish_act
    from tests.portal.factories import make_parsed_act

    publish_act(make_parsed_act("003", repealed=True))
    publish_act(make_parsed_act("000", title="Күшіндегі сынақ қағидалары туралы", documents=1))
    outbox.drain()


def test_hits_link_to_the_permalink_of_their_point(embedded, test_acts, client):
    html = client.get("/kk/search/", {"q": "тармақшалары"}).content.decode()
    links = hit_links(html)
    assert "/kk/acts/000/rules-1/#d1-p2-s2-s1" in links
    assert "/kk/acts/000/rules-1/#d1-p2-a1" in links  # «тармақшалардан»
    assert "<mark>тармақшалардан</mark>" in html
    html = client.get("/ru/search/", {"q": "тармақшалары"}).content.decode()
    assert '<html lang="ru">' in html
    assert "/ru/acts/000/rules-1/#d1-p2-s2-s1" in hit_links(html)
    html = client.get("/kk/search/", {"q": "тармақша"}).content.decode()
    assert "/kk/acts/003/regulation-1/#d1-p2-s2-s1" in hit_links(html)
    # The permalink lands on the page that has the point.
    page = client.get("/kk/acts/000/rules-1/").content.decode()
    assert 'id="d1-p2-s2-s1"' in page


def test_highlights_are_on_the_text_as_published(embedded, acts, client):
    html = client.get("/kk/search/", {"q": "мемлекеттiк қызметтің"}).content.decode()  # a Latin «i»
    snippets = re.findall(r'<p class="hit-snippet" lang="kk">(.*?)</p>', html, re.S)
    assert snippets and all("<mark>" in s for s in snippets)
    marked = {m.lower() for s in snippets for m in re.findall(r"<mark>(.*?)</mark>", s)}
    assert any(m.startswith("мемлекет") for m in marked) and any(m.startswith("қызмет") for m in marked)
    html = client.get("/kk/search/", {"q": '"жауапты адам"'}).content.decode()
    assert re.search(r"<mark>[Жж]ауапты адам</mark>", html)


def test_filters_by_act_and_status(embedded, acts, client):
    word = "мемлекеттік"
    everything = hit_count(client.get("/kk/search/", {"q": word}).content.decode())
    repealed = client.get("/kk/search/", {"q": word, "status": "repealed"}).content.decode()
    in_force = client.get("/kk/search/", {"q": word, "status": "in_force"}).content.decode()
    assert hit_count(repealed) > 0 and hit_count(in_force) > 0
    assert hit_count(repealed) + hit_count(in_force) == everything
    assert all("/acts/003/" in link for link in hit_links(repealed))
    only_000 = client.get("/kk/search/", {"q": word, "act": "000"}).content.decode()
    assert hit_links(only_000) and all("/acts/000/" in link for link in hit_links(only_000))
    # The chosen filter is marked, and its link takes it off again.
    chosen = re.search(r'<a href="([^"]+)" aria-current="true" lang="kk">', only_000)
    assert chosen and "act=" not in chosen.group(1)


def hit_count(html: str) -> int:
    match = re.search(r'<p class="result-count" role="status">(\d+)', html)
    return int(match.group(1)) if match else 0


def test_a_misspelt_word_finds_and_offers_the_right_spelling(embedded, acts, client):
    html = client.get("/kk/search/", {"q": "лицензыяларды"}).content.decode()
    right = client.get("/kk/search/", {"q": "лицензияларды"}).content.decode()
    assert 0 < hit_count(html) <= hit_count(right)  # the typo finds the word's points (edit distance)…
    assert re.search(  # …and the whole query is offered spelt right
        r'<p class="did-you-mean">.*?<a href="\?q=(%D0%BB[^"]+)" lang="kk">лицензияларды</a>', html
    )
    assert "did-you-mean" not in right
    assert "did-you-mean" not in client.get("/kk/search/", {"q": "жоқсөзжоқ"}).content.decode()
    assert "<mark>лицензия" in html.lower()  # the words the typo stood for are marked


def test_did_you_mean_corrects_every_word_of_the_query(embedded, acts, client):
    html = client.get("/kk/search/", {"q": "лицензыяның телнұсқасы"}).content.decode()
    assert re.search(r'<p class="did-you-mean">.*?lang="kk">лицензияның телнұсқасы</a>', html)


def test_only_published_text_is_found(embedded, acts, client):
    licence = ApprovedDocumentPage.objects.get(service_code="licence")
    before = hit_links(client.get("/kk/search/", {"q": "телнұсқасын"}).content.decode())
    assert any(licence.url_path.split("/acts/")[1] in link for link in before)
    licence.unpublish()
    outbox.drain()
    after = hit_links(client.get("/kk/search/", {"q": "телнұсқасын"}).content.decode())
    assert not any(licence.url_path.split("/acts/")[1] in link for link in after)


def test_an_empty_query_shows_the_form_only(embedded, client):
    response = client.get("/kk/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'class="result-count"' not in html


def test_search_unavailable_is_a_clear_page(settings, db, client):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    from search.backends import reset_backend

    reset_backend()
    response = client.get("/kk/search/", {"q": "лицензия"})
    reset_backend()
    assert response.status_code == 503
    assert 'class="notice" role="alert"' in response.content.decode()
