"""Issue 17 on the real path: a live server answering HTTP — every interface string of the public pages
translated on /kk/ and /ru/, and the sitemap and robots.txt as a crawler reads them."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
import requests

from portal.publishing import import_act_file

from .english_crawl import crawl, english_words

pytestmark = pytest.mark.django_db(transaction=True)


def test_english_words_are_found():
    """The check itself: the English "Note:" of act 003's pages would have been caught."""
    html = '<p class="notice" lang="kk"><strong>Note:</strong> Қосымша жоқ. https://adilet.zan.kz PDF</p>'
    assert english_words(html) == ["Note"]
    assert english_words('<input placeholder="Search the acts">') == ["Search", "the", "acts"]


def test_public_pages_have_no_untranslated_interface_text(live_server, act_000_path, act_003_path):
    import_act_file(act_000_path)
    import_act_file(act_003_path)
    session = requests.Session()
    for language in ("kk", "ru"):
        assert crawl(live_server.url, language, session=session) == {}, language
    # the crawl went through the acts, their documents, handbooks, citation pages and the service pages
    pages = session.get(f"{live_server.url}/sitemap.xml", timeout=60).text.count("<loc>")
    assert pages >= 2 * 40


def test_sitemap_and_robots_over_http(live_server, act_000_path):
    import_act_file(act_000_path)
    robots = requests.get(f"{live_server.url}/robots.txt", timeout=30)
    assert robots.status_code == 200 and robots.headers["Content-Type"].startswith("text/plain")
    sitemap_line = next(line for line in robots.text.splitlines() if line.startswith("Sitemap: "))
    sitemap_url = sitemap_line.removeprefix("Sitemap: ")
    assert sitemap_url == f"{live_server.url}/sitemap.xml"
    sitemap = requests.get(sitemap_url, timeout=30)
    assert sitemap.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ElementTree.fromstring(sitemap.content).findall("s:url/s:loc", ns)]
    for path in (
        "/",
        "/acts/",
        "/acts/000/",
        "/acts/000/rules-1/",
        "/search/",
        "/track/",
        "/apply/",
        "/verify/",
    ):
        for lang in ("kk", "ru"):
            assert f"{live_server.url}/{lang}{path}" in locs
    for loc in locs:  # every listed page answers, and none is one robots.txt forbids
        assert requests.get(loc, timeout=30).status_code == 200, loc
        path = loc.removeprefix(live_server.url)
        disallowed = [line.split(": ")[1] for line in robots.text.splitlines() if line.startswith("Disallow")]
        assert not any(path.startswith(prefix) for prefix in disallowed), loc
