"""The real path of the Plone move: `manage.py import_plone` of the fixture export in its own process, a
real server, then the browser follows the old addresses (each one 301 → 200 on the imported item) and the
language switch of an imported Kazakh/Russian pair."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Portal, _free_port
from tests.portal.plone.conftest import DOC_KK, SITE

pytestmark = pytest.mark.browser

ERZHE = "/muragat/dokumenty/erezhe/"  # the Kazakh document, slug kept from its Plone id
PRAVILA = "/muragat/dokumenty/pravila/"  # its Russian translation


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("plone_move")
    portal = Portal(workdir, f"http://127.0.0.1:{_free_port()}", workdir / "server.log")
    portal.manage("migrate", "--noinput", "-v", "0", seed=1)
    portal.manage("createcachetable", seed=2)
    report = workdir / "report.json"
    out = portal.manage(
        "import_plone",
        str(SITE),
        "--report",
        str(report),
        "--checkpoint",
        str(workdir / "c"),
        "--no-progress",
        seed=3,
    )
    assert "created 9, updated 0, skipped 0, failed 0" in out
    portal.start_server()
    try:
        yield portal, json.loads(report.read_text(encoding="utf-8"))
    finally:
        portal.stop_server()


def _one_hop(page, url: str):
    """Open `url` in the browser: one permanent redirect, then the page itself answers 200."""
    response = page.goto(url)
    first = response.request.redirected_from
    assert first is not None, f"{url} did not redirect"
    assert first.redirected_from is None, f"{url} took more than one hop"
    assert first.response().status == 301, url
    assert response.status == 200, url
    return response


@pytest.mark.parametrize(
    "old",
    [
        "/Plone/dokumenty/erezhe",
        "/dokumenty/erezhe",
        "/Plone/dokumenty/erezhe/view",
        f"/resolveuid/{DOC_KK}",
        "/Plone/dokumenty/old-erezhe",  # export_redirects.json
    ],
)
def test_an_old_page_address_lands_on_the_imported_page(imported, page, old):
    portal, _report = imported
    _one_hop(page, portal.base_url + old)
    assert page.url.endswith(ERZHE)
    assert page.locator("h1").inner_text() == "Ережелер"


def test_an_old_file_address_lands_on_the_file(imported, page):
    portal, _report = imported
    old = portal.base_url + "/Plone/dokumenty/buiryq.pdf/@@download/file"
    first = page.request.get(old, max_redirects=0)
    assert first.status == 301
    location = first.headers["location"]
    final = page.request.get(portal.base_url + location if location.startswith("/") else location)
    assert final.status == 200 and final.body().startswith(b"%PDF")


def test_the_language_switch_leads_to_the_translation(imported, page):
    portal, report = imported
    assert report["translation_problems"] == []
    _one_hop(page, portal.base_url + "/dokumenty/erezhe")
    page.locator('nav.lang-switch a[hreflang="ru"]').click()
    page.wait_for_url(f"**{PRAVILA}")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator('nav.lang-switch a[hreflang="kk"]').click()
    page.wait_for_url(f"**{ERZHE}")


def test_the_old_comments_are_shown_read_only_and_the_side_exports_counted(imported, page):
    portal, report = imported
    passes = report["post_passes"]
    assert (passes["localroles"]["granted"], passes["discussion"]["created"]) == (2, 2)
    assert passes["ordering"]["reordered_parents"] >= 1
    page.goto(portal.base_url + "/Plone/dokumenty/erezhe")
    comments = page.locator("section.archive-comments")
    assert comments.locator("article").count() == 2
    assert "Бақытжан Әлиев" in comments.inner_text()
    assert comments.locator("form, textarea, input, button").count() == 0
