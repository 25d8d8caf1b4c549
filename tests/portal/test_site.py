"""The public site: both languages, the language switch, the repeal banner, the status filter, the search
form, the sitemap, error pages, no outside assets, Kazakh dates.  (The search itself: tests/search/.)"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from wagtail.models import Page

from portal.models import LegalActPage

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_both_languages_serve_every_page(published, client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        for lang in ("kk", "ru"):
            with translation.override(lang):
                localized = page.get_url()
            assert localized.startswith(f"/{lang}/")
            response = client.get(localized)
            assert response.status_code == 200, localized
            html = response.content.decode()
            assert f'<html lang="{lang}">' in html


def test_russian_interface_marks_kazakh_content(published, client):
    html = client.get("/ru/acts/003/").content.decode()
    assert '<html lang="ru">' in html
    assert '<h1 lang="kk">' in html and '<div class="legal-text" lang="kk">' in html


def test_language_switch_keeps_the_page_and_query(published, client):
    html = client.get("/kk/acts/?status=repealed").content.decode()
    assert 'href="/ru/acts/?status=repealed" lang="ru"' in html
    assert 'href="/kk/acts/?status=repealed" lang="kk" hreflang="kk" aria-current="true"' in html
    html = client.get("/ru/acts/003/regulation-1/").content.decode()
    assert 'href="/kk/acts/003/regulation-1/" lang="kk"' in html


def test_page_structure_landmarks_and_headings(published, client):
    html = client.get("/kk/acts/003/").content.decode()
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer", 'role="search"'):
        assert landmark in html
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert 'role="status" aria-live="polite"' in html


def test_repealed_banner_names_the_repealing_act(published, client):
    html = client.get("/kk/acts/003/").content.decode()
    banner = re.search(r'<div class="banner banner-repealed" role="note".*?</div>', html, re.S).group(0)
    assert "Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы" in banner
    assert '<time datetime="2018-02-28">' in banner
    assert "banner-repealed" not in client.get("/kk/acts/000/").content.decode()
    # The banner follows the act onto its documents and appendices.
    assert "banner-repealed" in client.get("/kk/acts/003/regulation-1/appendix-1/").content.decode()


def test_status_badges_and_filter(published, client):
    def codes(query: str) -> list[str]:
        return re.findall(r'data-code="(\d+)"', client.get(f"/kk/acts/{query}").content.decode())

    assert sorted(codes("")) == ["000", "003"]
    assert codes("?status=in_force") == ["000"]
    assert codes("?status=repealed") == ["003"]
    assert sorted(codes("?status=bogus")) == ["000", "003"]
    html = client.get("/kk/acts/").content.decode()
    assert 'data-status="repealed"' in html and 'data-status="in_force"' in html


def test_home_page_links_to_the_acts_and_searches(published, client):
    html = client.get("/kk/").content.decode()
    assert 'href="/kk/acts/"' in html and 'href="/kk/acts/003/"' in html
    assert 'action="/kk/search/"' in html


def test_sitemap_lists_every_live_page_in_both_languages(published, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    live = Page.objects.live().filter(depth__gt=1)
    assert live.count() > 10
    for page in live:
        for lang in ("kk", "ru"):
            with translation.override(lang):
                assert f"http://testserver{page.get_url()}" in locations, page.url_path
    views = 4  # /search/, /track/, /apply/, /verify/ (issue 17)
    assert len(locations) == 2 * live.count() + 2 * views
    assert root.findall("s:url/x:link[@hreflang='ru']", SITEMAP_NS)
    withdrawn = LegalActPage.objects.get(code="003").get_children().last()
    withdrawn.unpublish()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    assert len(locations) == 2 * Page.objects.live().filter(depth__gt=1).count() + 2 * views
    assert not any(loc.endswith(withdrawn.url_path[len("/home") :]) for loc in locations)


def test_custom_error_pages(published, client):
    response = client.get("/kk/no-such-page/")
    assert response.status_code == 404
    assert "Бет табылмады" in response.content.decode() and 'href="/kk/acts/"' in response.content.decode()
    request = RequestFactory().get("/ru/")
    with translation.override("ru"):  # server_error bypasses the middleware: the language is the active one
        response = server_error(request)
    assert response.status_code == 500 and "Ошибка сервера" in response.content.decode()


def test_no_asset_comes_from_outside_the_site(published, client):
    for url in ("/kk/", "/kk/acts/", "/kk/acts/003/", "/ru/acts/003/regulation-1/handbook/"):
        html = client.get(url).content.decode()
        # canonical and hreflang links name the page's own absolute address (issue 17): not assets
        assets = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "", html)
        for attr in re.findall(r'<(?:link|script|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', assets):
            assert attr.startswith("/"), (url, attr)
    css = (Path(settings.BASE_DIR) / "portal/static/portal/site.css").read_text()
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css
    assert "@media print" in css


def test_kazakh_date_format():
    with translation.override("kk"):
        rendered = Template("{{ value|date }}").render(Context({"value": datetime.date(2021, 4, 14)}))
    assert rendered == "2021 жылғы 14 сәуір"
