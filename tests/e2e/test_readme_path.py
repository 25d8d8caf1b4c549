"""The README's path end to end (issue 11): after the set-up of `make run` (see conftest.py), every kind of
public and staff page answers 200 with real content, over HTTP, from a separate server process.

Each test notes every failed URL and asserts once at the end, so that one run lists them all with the
server's traceback."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from .signin import sign_in_demo

pytestmark = pytest.mark.e2e

SEARCH_WORDS = (
    "лицензия",
    "регламент",
    "қызмет",
    "паспорт",
    "сырғалар",
    "он күн",
    '"он күн"',  # the same words as an exact phrase
    "мал",
    "ветеринариялық",
    "анықтама",
    "өтініш",
)
ARCHIVE_WORDS = ("лицензия", "анықтама")  # words of the demo records (service names)
HIT_LINK = re.compile(r'<li class="hit"[^>]*>\s*<h2><a href="([^"]+)"')
RECORD_LINK = re.compile(r'href="(/kk/archive/records/([\w-]+)/[^/"]+/)[^"]*"')
POINT_ID = re.compile(r'<div class="pt" id="([^"]+)"')


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _count(page: str) -> int | None:
    """The figure of the "N found" line of a search page."""
    found = re.search(r'class="result-count"[^>]*>\D*(\d+)', page)
    return int(found.group(1)) if found else None


def _facets(page: str, param: str) -> list[tuple[str, int]]:
    """(link, count) of each facet option of `param` on a search page."""
    pattern = rf'<a href="(\?[^"]*\b{param}=[^"]*)"[^>]*>[^<]*</a>\s*<span class="facet-count">(\d+)</span>'
    return [(html.unescape(href), int(count)) for href, count in re.findall(pattern, page)]


def _is_russian(page: str) -> bool:
    return '<html lang="ru"' in page


def _anchor_exists(site, pages: dict[str, str], url: str) -> None:
    """The page of a link answers and holds the element its #fragment names (pages cached by path)."""
    path, _, fragment = url.partition("#")
    if path not in pages:
        response = site.get(path)
        pages[path] = response.text if response else ""
    if pages[path] and fragment:
        site.check(f'id="{fragment}"' in pages[path], url, f"no element with id {fragment!r}")


def test_act_pages_show_the_imported_acts(site, act_titles):
    for path in ("/kk/", "/ru/"):
        site.get(path)
    listing = site.get("/kk/acts/")
    if listing is None:
        site.assert_ok()
    for code, title in act_titles.items():
        site.check(title in _text(listing.text), "/kk/acts/", f"no title of act {code}: {title}")
    act_links = sorted(set(re.findall(r'href="(/kk/acts/\d+/)"', listing.text)))
    expected = [f"/kk/acts/{code}/" for code in sorted(act_titles)]
    site.check(act_links == expected, "/kk/acts/", f"act links {act_links}, expected {expected}")
    pages: dict[str, str] = {}
    for code, title in act_titles.items():
        act = site.get(f"/kk/acts/{code}/")
        if act is None:
            continue
        site.check(title in _text(act.text), f"/kk/acts/{code}/", "no act title")
        children = sorted(set(re.findall(rf'href="(/kk/acts/{code}/[\w/-]+/)"', act.text)))
        site.check(bool(children), f"/kk/acts/{code}/", "no links to its regulations")
        for path in children:
            _check_child_page(site, pages, path)
    _check_russian_pages(site, pages)
    sitemap = site.get("/sitemap.xml")
    for code in act_titles:
        site.check(bool(sitemap) and f"/ru/acts/{code}/<" in sitemap.text, "/sitemap.xml", f"no act {code}")
    site.assert_ok()


def _check_child_page(site, pages: dict[str, str], path: str) -> None:
    """A regulation has points, each with its permalink; a handbook links to points that exist."""
    response = site.get(path)
    if response is None:
        return
    pages[path] = response.text
    if re.search(r"/(regulation|rules)-\d+/$", path):
        points = POINT_ID.findall(response.text)
        if site.check(bool(points), path, "no points"):
            permalink = f'data-permalink="{path}#{points[0]}"'
            site.check(permalink in response.text, path, f"no permalink of point {points[0]}")
    if path.endswith("/handbook/"):
        links = sorted(set(re.findall(r'<a class="point-link" href="([^"]+)"', response.text)))
        site.check(bool(links), path, "no links to the regulation's points")
        for link in links:
            _anchor_exists(site, pages, link)


def _check_russian_pages(site, pages: dict[str, str]) -> None:
    """The Russian interface serves the same points (the legal text stays Kazakh)."""
    regulation = next((p for p in sorted(pages) if p.endswith("/regulation-1/")), None)
    for path in ("/kk/acts/", regulation):
        if path is None:
            site.fail("/kk/acts/003/", "no regulation-1 page to compare in Russian")
            continue
        ru_path = "/ru/" + path.removeprefix("/kk/")
        response = site.get(ru_path)
        if response is None:
            continue
        site.check(_is_russian(response.text), ru_path, "not in the Russian interface")
        if path in pages:
            same = POINT_ID.findall(response.text) == POINT_ID.findall(pages[path])
            site.check(same, ru_path, "not the same points as the Kazakh page")


def test_public_search_finds_everyday_words(site):
    pages: dict[str, str] = {}
    for words in SEARCH_WORDS:
        where = f"/kk/search/?q={words}"
        response = site.get("/kk/search/", params={"q": words})
        if response is None:
            continue
        count, hits = _count(response.text), HIT_LINK.findall(response.text)
        if site.check(bool(count) and bool(hits), where, f"no hits (count {count}, {len(hits)} listed)"):
            _anchor_exists(site, pages, hits[0])  # the first hit links to its point
        if words == SEARCH_WORDS[0] and count:
            _check_public_facets(site, response.text, where)
            _check_russian_search(site, words, count)
    site.assert_ok()


def _check_public_facets(site, page: str, where: str) -> None:
    facets = _facets(page, "act") + _facets(page, "status")
    site.check(bool(facets), where, "no facets")
    for link, expected in facets:
        response = site.get(f"/kk/search/{link}")
        count = _count(response.text) if response else None
        site.check(response is None or count == expected, link, f"{count} found, facet said {expected}")


def _check_russian_search(site, words: str, kazakh_count: int) -> None:
    response = site.get("/ru/search/", params={"q": words})
    if response is not None:
        where = f"/ru/search/?q={words}"
        site.check(_is_russian(response.text), where, "not in the Russian interface")
        count = _count(response.text)
        site.check(count == kazakh_count, where, f"{count} found, /kk/ found {kazakh_count}")


def test_apply_pages_offer_every_service(site):
    # Issue 14: only a signed-in applicant files; the demo certificate signs in (DEBUG).
    anonymous = site.get("/kk/apply/", allow_redirects=False, status=302)
    site.check(anonymous is None or "/kk/login/" in anonymous.headers["Location"], "/kk/apply/", "no sign-in")
    sign_in_demo(site)
    listing = site.get("/kk/apply/")
    if listing is None:
        site.assert_ok()
    services = re.findall(r'<a href="\?service=(\w+)">([^<]+)</a>', listing.text)
    site.check(bool(services), "/kk/apply/", "no services to choose")
    for code, label in services:
        response = site.get("/kk/apply/", params={"service": code})
        if response is not None:
            form = re.search(r'<form[^>]*method="post"', response.text, re.IGNORECASE)
            site.check(bool(form), f"/kk/apply/?service={code}", "no application form")
            site.check(html.unescape(label) in _text(response.text), f"?service={code}", "no service name")
    russian = site.get("/ru/apply/")
    site.check(russian is None or _is_russian(russian.text), "/ru/apply/", "not in the Russian interface")
    site.assert_ok()


def test_tracker_and_verify_pages_follow_an_issued_application(site, api_token):
    """Staff read an issued application through the API; its holder tracks it, downloads the document and
    verifies it through the address printed under the QR code."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make setup` installs Debian's poppler-utils")
    form = site.get("/kk/track/")
    site.get("/kk/verify/")
    app = _issued_application(site, api_token)
    if form is None or app is None:
        site.assert_ok()
    number, identifier = app["registration_no"], app["applicant"]["identifier"]
    wrong = identifier[:-1] + str((int(identifier[-1]) + 1) % 10)
    site.post_form("/kk/track/", form, {"registration_no": number, "identifier": wrong}, status=404)
    result = site.post_form("/kk/track/", form, {"registration_no": number, "identifier": identifier})
    if result is None:
        site.assert_ok()
    site.check(number in _text(result.text), "POST /kk/track/", f"no application number {number}")
    documents = re.findall(r'<a href="(/kk/track/documents/[^"]+)">([^<]+)</a>', result.text)
    if site.check(bool(documents), "POST /kk/track/", f"no documents of issued application {number}"):
        _verify_document(site, *documents[0])
    site.assert_ok()


def _issued_application(site, api_token: str) -> dict | None:
    headers = {"Authorization": f"Bearer {api_token}"}
    params = {"type": "application", "state": "issued", "per_page": 1}
    found = site.get("/api/v1/search/", params=params, headers=headers)
    results = found.json()["results"] if found else []
    if not site.check(bool(results), "/api/v1/search/?state=issued", "no issued demo application"):
        return None
    response = site.get(f"/api/v1/applications/{results[0]['id'].split(':')[1]}/", headers=headers)
    return response.json() if response else None


def _verify_document(site, download: str, number: str) -> None:
    pdf = site.get(download)
    if pdf is None:
        return
    site.check(pdf.headers.get("Content-Type") == "application/pdf", download, "not a PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True).stdout.decode()
    printed = re.search(r"(https?://\S+/kk/verify/([\w-]+)/)", text)
    if not site.check(bool(printed), download, "no verification address printed"):
        return
    url, code = printed.groups()
    site.check(url.startswith(site.portal.base_url), download, f"verification address {url} is elsewhere")
    page = site.get(f"/kk/verify/{code}/")
    site.check(page is None or number.strip() in _text(page.text), url, f"no document number {number}")
    typed = site.get("/kk/verify/", params={"code": code})  # the code typed from a paper copy
    site.check(typed is None or typed.url.endswith(f"/kk/verify/{code}/"), "/kk/verify/?code=", "no redirect")


def test_archive_as_the_demo_archivist(site, portal):
    login = site.get("/kk/archive/")  # redirected to the login form
    password = portal.logins.get("archivist")
    if login is None or not site.check(bool(password), "seed_demo", f"no archivist login in {portal.logins}"):
        site.assert_ok()
    archive = site.post_form(
        login.url, login, {"username": "archivist", "password": password, "next": "/kk/archive/"}
    )
    if archive is None or not site.check(urlsplit(archive.url).path == "/kk/archive/", login.url, "no login"):
        site.assert_ok()
    total, types = _count(archive.text), _facets(archive.text, "type")
    site.check(bool(total), "/kk/archive/", f"{total} records")
    site.check(sum(n for _, n in types) == total, "/kk/archive/", f"type facets {types} do not add up")
    for link, expected in types:
        _check_record_facet(site, link, expected)
    site.get("/kk/archive/", params={"page": 2})
    _check_archive_text_search(site)
    application = next((link for link in types if "type=application" in link[0]), None)
    if site.check(application is not None, "/kk/archive/", "no application facet"):
        russian = site.get(f"/ru/archive/{application[0]}")
        if russian is not None:
            site.check(_is_russian(russian.text), "/ru/archive/", "not in the Russian interface")
            site.check(_count(russian.text) == application[1], "/ru/archive/", "another count than /kk/")
    site.assert_ok()


def _check_record_facet(site, link: str, expected: int) -> None:
    """One record type: its count, its links, a narrower facet within it, its CSV export, one record page."""
    record_type = link.split("type=", 1)[1]
    where = f"/kk/archive/{link}"
    response = site.get(where)
    if response is None:
        return
    count = _count(response.text)
    site.check(count == expected, where, f"{count} found, the facet said {expected}")
    kinds = {kind for _, kind in RECORD_LINK.findall(response.text)}
    site.check(kinds == {record_type}, where, f"links to records of types {kinds}")
    for narrower, number in (_facets(response.text, "state") + _facets(response.text, "year"))[:1]:
        found = site.get(f"/kk/archive/{narrower}")
        site.check(found is None or _count(found.text) == number, narrower, f"the facet said {number}")
    export = re.search(r'href="(/kk/archive/export\.csv\?[^"]*)"', response.text)
    if site.check(bool(export), where, "no CSV export link"):
        _check_export(site, html.unescape(export.group(1)), record_type, expected)


def _check_export(site, link: str, record_type: str, expected: int) -> None:
    response = site.get(link)
    if response is None:
        return
    site.check(response.headers.get("Content-Type", "").startswith("text/csv"), link, "not CSV")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    site.check(len(rows) == expected, link, f"{len(rows)} rows, {expected} records")
    if rows:
        number, record_url = rows[0][1], rows[0][-1]
        site.check(f"/records/{record_type}/" in record_url, link, f"first row links to {record_url}")
        page = site.get(record_url)
        site.check(page is None or number in _text(page.text), record_url, f"no record number {number}")


def _check_archive_text_search(site) -> None:
    for words in ARCHIVE_WORDS:
        where = f"/kk/archive/?q={words}"
        response = site.get("/kk/archive/", params={"q": words})
        if response is None or not site.check(bool(_count(response.text)), where, "no records found"):
            continue
        for link, expected in _facets(response.text, "type")[:2]:
            found = site.get(f"/kk/archive/{link}")
            site.check(found is None or _count(found.text) == expected, link, f"the facet said {expected}")


def test_json_api_answers_with_a_token(site, api_token):
    headers = {"Authorization": f"Bearer {api_token}"}
    schema = site.get("/api/v1/schema/")
    site.check(schema is None or bool(schema.json().get("paths")), "/api/v1/schema/", "no paths")
    site.get("/api/v1/search/", params={"q": "лицензия"}, status=401)  # no token
    found = site.get("/api/v1/search/", params={"q": SEARCH_WORDS[0]}, headers=headers)
    if found is not None:
        body = found.json()
        types = body["facets"].get("record_type", [])
        where = f"/api/v1/search/?q={SEARCH_WORDS[0]}"
        site.check(body["count"] > 0 and bool(body["results"]), where, f"{body['count']} found")
        site.check(sum(o["count"] for o in types) == body["count"], where, "type facets do not add up")
    listing = site.get("/api/v1/search/", params={"type": "application"}, headers=headers)
    results = listing.json()["results"] if listing else []
    if site.check(bool(results), "/api/v1/search/?type=application", "no applications"):
        first = results[0]
        site.check({r["type"] for r in results} == {"application"}, "?type=application", "other types listed")
        pk = first["id"].split(":")[1]
        app = site.get(f"/api/v1/applications/{pk}/", headers=headers)
        if app is not None:
            same = app.json()["registration_no"] == first["title"]
            site.check(same, f"/api/v1/applications/{pk}/", f"not the number {first['title']} listed")
        moves = site.get(f"/api/v1/applications/{pk}/transitions/", headers=headers)
        if moves is not None and app is not None:
            same = moves.json()["state"] == app.json()["state"]
            site.check(same, f"/api/v1/applications/{pk}/transitions/", "another state")
    site.assert_ok()


def test_queries_typed_as_people_type_them(site, portal):
    """The issue's «done when»: no Kazakh letters, a point reference, a surname in Cyrillic without Kazakh
    letters and in Latin letters."""
    folded = site.get("/kk/search/", params={"q": "кызмет берушi"})
    if folded is not None:
        snippets = re.findall(r'<p class="hit-snippet"[^>]*>(.*?)</p>', folded.text, re.S)
        marked = re.findall(r"<mark>([^<]*)</mark>", snippets[0]) if snippets else []
        site.check(any("қызмет" in m for m in marked), "кызмет берушi", f"«қызмет» not marked: {marked}")
    point = site.get("/kk/search/", params={"q": "12-тармақ"})
    if point is not None:
        hits = HIT_LINK.findall(point.text)
        site.check(bool(hits) and re.search(r"#d\d+-p12$", hits[0]), "12-тармақ", f"first hit {hits[:1]}")
    login = site.get("/kk/archive/")
    password = portal.logins.get("archivist")
    if login is not None and "login" in login.url and password:
        form = {"username": "archivist", "password": password, "next": "/kk/archive/"}
        site.post_form(login.url, login, form)
    for name in ("Касымова", "Kasymova"):
        found = site.get("/kk/archive/", params={"q": name})
        if found is not None:
            useful = bool(_count(found.text)) and "Қасымова" in found.text
            site.check(useful, f"archive {name}", "no Қасымова")
    site.assert_ok()
