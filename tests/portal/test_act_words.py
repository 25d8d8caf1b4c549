"""Issue 17, words and links: the interface language of the page chrome, handbook titles and citations,
cross-references, citations, the official source and repealing act, and what search engines read."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from catalogue import SERVICES
from portal import xrefs
from portal.citations import cite, parse_citation, repealing_act
from portal.models import ActIndexPage, ApprovedDocumentPage, HandbookPage, LegalActPage
from portal.publishing import import_act_file
from portal.text_links import add_cite_links, cite_base

# ------------------------------------------------------------------------------------ pure functions


def _doc_html(*points: tuple[str, str]) -> str:
    return "".join(f'<div class="pt" id="{anchor}"><p>{text}</p></div>' for anchor, text in points)


def test_references_to_this_document_become_links_to_their_points():
    html = _doc_html(
        ("d1-p16", "осы Қағидалардың 19 және 20-тармақтарында көзделген"),
        ("d1-p19", "он тоғыз"),
        ("d1-p20", "жиырма"),
        ("d1-p21", "Осы Қағидалардың 3-тармағында"),
    )
    linked = xrefs.link_references(html, doc_prefix="d1", base_url="/kk/acts/000/rules-1/", appendices={})
    soup = BeautifulSoup(linked, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("#d1-p16 a.xref")}
    assert links == {"19": "/kk/acts/000/rules-1/#d1-p19", "20": "/kk/acts/000/rules-1/#d1-p20"}
    assert soup.select_one("#d1-p16").get_text() == "осы Қағидалардың 19 және 20-тармақтарында көзделген"
    # point 3 does not exist in this document: left as text
    assert soup.select("#d1-p21 a") == []


def test_references_to_an_appendix_link_to_its_page():
    html = _doc_html(("d6-p9", "осы регламенттің 1 - қосымшасында ұсынылады"))
    linked = xrefs.link_references(
        html, doc_prefix="d6", base_url="/kk/r6/", appendices={"1": "/kk/r6/appendix-1/"}
    )
    assert '<a class="xref" href="/kk/r6/appendix-1/">осы регламенттің 1 - қосымшасында</a>' in linked


def test_numbers_with_their_conditions_in_parentheses_each_link():
    text = "осы регламенттің 2 (лицензия беру кезінде), 3 (телнұсқасын беру кезінде) және 4 - қосымшаларына"
    appendices = {n: f"/kk/r6/appendix-{n}/" for n in ("1", "2", "3", "4")}
    linked = xrefs.link_references(
        _doc_html(("d6-p10", text)), doc_prefix="d6", base_url="/kk/r6/", appendices=appendices
    )
    soup = BeautifulSoup(linked, "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.select("a.xref")] == [
        ("2", "/kk/r6/appendix-2/"),
        ("3", "/kk/r6/appendix-3/"),
        ("4", "/kk/r6/appendix-4/"),
    ]
    assert soup.get_text() == text


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("стандарттың 9 тармағында көрсетілген", xrefs.OTHER_ACT),
        ("Заңының 8-бабы 46-31) тармақшасына", None),  # a sub-point of a law: not a point reference at all
        ("5-тармағында", xrefs.UNSCOPED),
        ("осы Қағидалардың 7-тармағында", xrefs.AMBIGUOUS),  # «7.» printed twice: d1-p7 and d1-p7-2
        ("осы Қағидалардың 99-тармағында", xrefs.MISSING),
        ("осы Қағидалардың 3-тармағында", xrefs.CERTAIN),
    ],
)
def test_uncertain_references_stay_text_with_their_reason(text, status):
    anchors = {"d1-p3", "d1-p7", "d1-p7-2"}
    refs = xrefs.find_references(text, doc_prefix="d1", anchors=anchors, appendices={})
    assert [r.status for r in refs] == ([status] if status else [])
    html = _doc_html(*((a, "x") for a in sorted(anchors)), ("d1-p1", text))
    linked = xrefs.link_references(html, doc_prefix="d1", base_url="/kk/d/", appendices={})
    assert ('class="xref"' in linked) == (status == xrefs.CERTAIN)


def test_references_inside_attributes_and_links_are_left_alone():
    words = "осы Қағидалардың 3-тармағы"
    html = f'<div class="pt" id="d1-p3"><p title="{words}"><a href="#x">{words}</a></p></div>'
    assert xrefs.link_references(html, doc_prefix="d1", base_url="/kk/d/", appendices={}) == html


def test_cite_link_after_every_point_not_sub_point():
    html = (
        '<div class="pt" id="d1-p5"><p>5. мәтін <a class="plink" href="#d1-p5">#</a></p>'
        '<div class="sub" id="d1-p5-s1"><p>1) ішкі</p></div></div>'
    )
    base = cite_base("/ru/acts/000/rules-1/")
    out = add_cite_links(html, base, "Цитировать", "ru")
    assert base == "/ru/cite/acts/000/rules-1/"
    soup = BeautifulSoup(out, "html.parser")
    assert [a["href"] for a in soup.select("a.cite")] == ["/ru/cite/acts/000/rules-1/d1-p5/"]
    assert soup.select_one("a.cite")["lang"] == "ru" and soup.select("#d1-p5-s1 a.cite") == []


ACT = SimpleNamespace(
    act_type="order",
    issuing_body="Қазақстан Республикасы Ауыл шаруашылығы министрі",
    act_date=date(2021, 4, 14),
    number="121",
)
RULES = SimpleNamespace(
    document_kind="rules",
    full_title="Мемлекеттік ветеринариялық-санитариялық бақылау мен қадағалауды жүзеге асыру кезінде фото "
    "және бейнетүсірілімдер үшін техникалық құралдарды пайдалану қағидалары",
    title="",
)


def test_citation_of_a_point_in_kazakh_and_russian():
    c = cite(
        ACT, RULES, "d1-p14", "https://x/kk/acts/000/rules-1/#d1-p14", "https://x/ru/acts/000/rules-1/#d1-p14"
    )
    assert c.kk == (
        "Қазақстан Республикасы Ауыл шаруашылығы министрінің 2021 жылғы 14 сәуірдегі № 121 бұйрығымен "
        "бекітілген "
        f"{RULES.full_title.replace('қағидалары', 'қағидаларының')} 14-тармағы, https://x/kk/acts/000/rules-1/#d1-p14"
    )
    assert c.ru.startswith(f"пункт 14 Правил «{RULES.full_title}», утверждённых приказом Министра сельского")
    assert c.ru.endswith("от 14 апреля 2021 года № 121, https://x/ru/acts/000/rules-1/#d1-p14")
    assert '«<span lang="kk">Мемлекеттік' in c.ru_html


def test_citation_of_a_sub_point_and_of_the_acts_own_point():
    sub = cite(ACT, RULES, "d1-p9-a1-s3", "K", "R")
    assert "9-тармағының 3) тармақшасы, K" in sub.kk and sub.ru.startswith("подпункт 3) пункта 9 Правил")
    own = cite(ACT, None, "p2", "K", "R")
    assert own.kk.endswith("№ 121 бұйрығының 2-тармағы, K")
    assert (
        own.ru
        == "пункт 2 приказа Министра сельского хозяйства Республики Казахстан от 14 апреля 2021 года № 121, R"
    )
    assert cite(ACT, None, "preamble", "K", "R") is None


def test_repealing_citation_is_parsed():
    assert parse_citation("Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы") == (
        date(2018, 2, 28),
        "24",
    )
    assert parse_citation("атауы жоқ") is None


# ------------------------------------------------------------------------------------ on the pages


@pytest.fixture(scope="module")
def _imported(django_db_setup, django_db_blocker, act_000_path, act_003_path):
    """Both real acts, imported once for the module inside a transaction rolled back at its end (each
    test's own transaction nests in it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        import_act_file(act_000_path)
        import_act_file(act_003_path)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def acts(_imported, db):
    cache.clear()
    yield {act.code: act for act in LegalActPage.objects.live()}
    cache.clear()


def _soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_notes_follow_the_interface_language_on_act_003(client, acts):
    """The 19 source-defect notes of act 003 said "Note:" in English on both languages."""
    for lang, word in (("kk", "Ескерту:"), ("ru", "Примечание:")):
        soup = _soup(client, f"/{lang}{acts['003'].url[3:]}?full=1")  # the whole act on one page
        notes = soup.select("p.notice[role=note]")
        assert len(notes) == 19 and {n.strong.get_text() for n in notes} == {word}
        assert {n["lang"] for n in notes} == {lang}
        assert "Note:" not in soup.get_text()


def test_russian_acts_list_title_h1_and_breadcrumbs(client, acts):
    soup = _soup(client, "/ru/acts/")
    assert soup.h1.get_text() == "Нормативные правовые акты" and not soup.h1.get("lang")
    assert soup.title.get_text().startswith("Нормативные правовые акты — ")
    crumbs = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
    assert crumbs == ["Главная", "Нормативные правовые акты"]
    act_soup = _soup(client, f"/ru{acts['000'].url[3:]}")
    crumb = act_soup.select("nav.breadcrumbs li")
    assert crumb[1].get_text(strip=True) == "Нормативные правовые акты"
    assert crumb[-1]["lang"] == "kk"  # the act's own title stays Kazakh and says so
    kk = _soup(client, "/kk/acts/")
    assert kk.h1.get_text() == ActIndexPage.objects.get().title


def test_six_handbooks_have_six_titles_in_both_languages(client, acts):
    handbooks = list(HandbookPage.objects.live())
    assert len(handbooks) == 6 and len({h.title for h in handbooks}) == 6
    assert all(len(h.title) <= 255 and "бизнес-процестерінің анықтамалығы" in h.title for h in handbooks)
    ru_titles = {_soup(client, f"/ru{h.url[3:]}").h1.get_text() for h in handbooks}
    assert len(ru_titles) == 6 and all(t.startswith("Справочник бизнес-процессов: ") for t in ru_titles)
    with translation.override("ru"):
        assert {str(s.label) for s in SERVICES.values()} == {t.split(": ", 1)[1] for t in ru_titles}


def _point_texts(parsed) -> dict[str, str]:
    texts: dict[str, str] = {}

    def walk(node, out):
        out.append(node.text)
        for child in node.children:
            walk(child, out)

    for doc in parsed.documents:
        for division in doc.divisions:
            stack = list(division.points)
            while stack:
                node = stack.pop()
                parts: list[str] = []
                walk(node, parts)
                texts[node.anchor] = " ".join(parts)
                stack.extend(node.children)
    return texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(str.maketrans({"i": "і", "c": "с"}))


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_step_cites_the_point_that_prints_its_time_limit(service, act_003_path):
    """The re-registration step of service 3 cited point 6, which prints no time limit."""
    from portal.importer import parse_act

    texts = _point_texts(parse_act(act_003_path))
    for step in SERVICES[service].steps:
        if step.point_anchor:
            assert _squash(step.limit_text) in _squash(texts[step.point_anchor]), (step.subcase, step.code)


def test_reregistration_is_flagged_as_an_interpretation_on_the_page(client, acts):
    doc = ApprovedDocumentPage.objects.live().get(service_code="registration_number")
    handbook = HandbookPage.objects.child_of(doc).get()
    text = _soup(client, handbook.url).get_text(" ")
    with translation.override("kk"):
        note = str(SERVICES["registration_number"].subcase_notes["reregistration"])
    assert " ".join(note.split()) in " ".join(text.split())


def test_cross_reference_links_and_cite_links_on_the_rules_page(client, acts):
    rules = ApprovedDocumentPage.objects.live().get(path__startswith=acts["000"].path)
    soup = _soup(client, rules.url)
    hrefs = [a["href"] for a in soup.select("#d1-p16 a.xref")]
    assert hrefs == [f"{rules.url}#d1-p19", f"{rules.url}#d1-p20"]
    assert all(soup.select_one(h.split("#")[1]) is None or soup.find(id=h.split("#")[1]) for h in hrefs)
    assert soup.find(id="d1-p19") is not None
    cite_links = soup.select("a.cite")
    assert len(cite_links) == len(soup.select("div.pt")) > 20


def test_cite_page_gives_the_point_and_its_sub_points(client, acts):
    doc = ApprovedDocumentPage.objects.live().get(service_code="vet_certificate")
    soup = _soup(client, f"/kk/cite{doc.url[3:]}d2-p5/")
    sections = soup.select("section.citation")
    assert sections[0]["id"] == "cite-d2-p5" and len(sections) > 1
    kk = soup.select_one("#cite-d2-p5-kk").get_text()
    assert kk.startswith("Жамбыл облысы әкімдігінің 2017 жылғы 20 ақпандағы № 19 қаулысымен бекітілген")
    assert kk.endswith(f"регламентінің 5-тармағы, http://testserver{doc.url}#d2-p5")
    ru = soup.select_one("#cite-d2-p5-ru")
    assert ru.get_text().startswith("пункт 5 Регламента «") and ru.span["lang"] == "kk"
    assert f"http://testserver/ru{doc.url[3:]}#d2-p5" in ru.get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert client.get(f"/kk/cite{doc.url[3:]}d9-p99/").status_code == 404


def test_act_page_links_its_repealing_act_when_imported(client, acts):
    act = acts["003"]
    soup = _soup(client, act.url)
    item = soup.select_one(".act-links li")
    assert "№ 24 қаулысы" in item.get_text() and item.a is None  # the repealing act is not imported
    repealing = acts["000"]
    repealing.act_date, repealing.number = date(2018, 2, 28), "24"
    repealing.save_revision().publish()
    assert repealing_act(act).pk == repealing.pk
    cache.clear()
    soup = _soup(client, act.url)
    assert soup.select_one(".act-links li a")["href"] == repealing.url


def test_official_source_is_linked_when_known(client, acts):
    act = acts["000"]
    assert _soup(client, act.url).select_one(".act-links") is None
    act.official_source_url = "https://adilet.zan.kz/kaz/docs/V2100022567"
    act.save_revision().publish()
    cache.clear()
    link = _soup(client, act.url).select_one(".act-links a")
    assert link["href"] == "https://adilet.zan.kz/kaz/docs/V2100022567"


def test_unresolved_references_are_listed_in_the_admin_report(admin_client, acts):
    response = admin_client.get("/admin/reports/cross-references/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    texts = {row[2] for row in rows}
    assert "стандарттың 9 тармағында" in texts  # the service standard: another act
    assert not any("осы Қағидалардың" in t for t in texts)  # all of act 000's are linked
    assert len(rows) == 19  # the service standard, 19 times; everything else is linked


# ------------------------------------------------------------------------------------ discovery


def test_head_has_description_canonical_and_alternates(client, acts):
    pages = {
        "/ru/": None,
        "/ru/acts/": None,
        f"/ru{acts['003'].url[3:]}": "Утратил силу",
        acts["000"].url: "Күшінде",
        HandbookPage.objects.live().first().url: None,
        "/ru/search/": "Поиск по правовым актам",
        "/kk/track/": None,
        "/kk/verify/": None,
    }
    for url, words in pages.items():
        soup = _soup(client, url)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert len(description) > 20, url
        if words:
            assert words in description, (url, description)
        assert soup.find("link", rel="canonical")["href"] == f"http://testserver{url}"
        alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
        rest = url.split("/", 2)[2]
        assert alternates == {
            "kk": f"http://testserver/kk/{rest}",
            "ru": f"http://testserver/ru/{rest}",
            "x-default": f"http://testserver/{rest}",
        }, url


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/kk/cabinet/", "/ru/cabinet/", "/kk/archive/", "/api/v1/applications/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /kk/" not in lines and "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_public_page_with_its_last_publication(client, acts):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entries = {u.find("s:loc", NS).text: u for u in root.findall("s:url", NS)}
    for path in ("/search/", "/track/", "/apply/", "/verify/"):
        for lang in ("kk", "ru"):
            assert f"http://testserver/{lang}{path}" in entries
    act = acts["003"]
    entry = entries[f"http://testserver{act.url}"]
    newest = max(p.last_published_at for p in act.get_descendants(inclusive=True).live())
    assert entry.find("s:lastmod", NS).text == newest.astimezone().isoformat()
    hreflangs = {link.get("hreflang") for link in entry.findall("x:link", NS)}
    assert hreflangs == {"kk", "ru", "x-default"}
    live_pages = LegalActPage.objects.live().count() + ApprovedDocumentPage.objects.live().count()
    assert sum("/acts/" in loc for loc in entries) >= 2 * live_pages
