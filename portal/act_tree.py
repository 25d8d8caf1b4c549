"""One plain tree of an act — its text, its approved documents and their appendices — read from page objects.

The open formats (Akoma Ntoso in portal.akn, the JSON acts API in portal.acts_api, the PDF in
certificates.acts_pdf) are all written from this tree, so that they say the same thing with the same anchors
(the permalinks of the act pages).  The builder takes page *objects*: the live pages, or the objects of a
revision (``revision.as_object()``) for an act as it stood on a date — pass those documents and appendices in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

# Block type of the StreamField → kind in the tree: a sub-point keeps its own kind at every depth.
POINT, SUBPOINT, PARAGRAPH = "point", "subpoint", "paragraph"


@dataclass
class Item:
    """A point, a sub-point or an unnumbered (or deeper numbered) paragraph, with its permalink anchor."""

    kind: str
    number: str
    anchor: str
    text: str
    children: list[Item] = field(default_factory=list)

    @property
    def marker(self) -> str:
        """The printed number with its punctuation: «7.» for a point, «3)» below it."""
        if not self.number:
            return ""
        return f"{self.number}." if self.kind == POINT else f"{self.number})"


@dataclass
class Division:
    """A chapter or section of an approved document."""

    anchor: str
    number: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Text:
    kind: str
    anchor: str
    text: str


@dataclass
class Appendix:
    seq: int
    number: str
    anchor: str
    title: str
    stamp: str
    form_label: str
    texts: list[Text]
    columns: list[tuple[str, str]]
    missing_in_source: bool
    graphics_missing: bool
    url: str = ""


@dataclass
class Document:
    """Rules or a regulation approved by the act: divisions, or points straight under the document."""

    seq: int
    anchor: str
    kind: str
    title: str
    stamp: str
    parts: list[Division | Item]
    appendices: list[Appendix]
    url: str = ""


@dataclass
class ActTree:
    code: str
    title: str
    act_type: str
    issuing_body: str
    act_date: date | None
    number: str
    registering_body: str
    registration_date: date | None
    registration_number: str
    status: str
    repealed_by: str
    repealed_date: date | None
    intro: list[Text]  # header, the source's status line, editorial notes (in the printed order)
    preamble: Text | None
    items: list[Item]
    signature: Text | None
    documents: list[Document]
    url: str = ""
    page: object = None  # the LegalActPage the tree was read from

    @property
    def is_repealed(self) -> bool:
        return self.status == "repealed"


# ---------------------------------------------------------------------------------------- reading


def _item(block: dict, depth: int) -> Item:
    kind = block.get("type")
    value = block.get("value") or {}
    if kind != PARAGRAPH:
        kind = POINT if depth == 0 else SUBPOINT
    return Item(
        kind=kind,
        number=str(value.get("number") or ""),
        anchor=value.get("anchor") or "",
        text=value.get("text") or "",
        children=[_item(child, depth + 1) for child in value.get("children") or ()],
    )


def _parts(raw: Iterable[dict]) -> list[Division | Item]:
    parts: list[Division | Item] = []
    for block in raw:
        if block.get("type") == "division":
            value = block.get("value") or {}
            parts.append(
                Division(
                    anchor=value.get("anchor") or "",
                    number=str(value.get("number") or ""),
                    title=value.get("title") or "",
                    items=[_item(child, 0) for child in value.get("content") or ()],
                )
            )
        else:
            parts.append(_item(block, 0))
    return parts


def appendix_of(page) -> Appendix:
    texts = [
        Text(
            kind=b.get("type", ""), anchor=(b.get("value") or {}).get("anchor") or "", text=b["value"]["text"]
        )
        for b in page.body.raw_data
        if (b.get("value") or {}).get("text")
    ]
    columns = [
        (str((c.get("value") or {}).get("number", "")), (c.get("value") or {}).get("heading", ""))
        for c in page.columns.raw_data
    ]
    return Appendix(
        seq=page.seq,
        number=page.number,
        anchor=page.anchor or f"appendix-{page.pk}",
        title=page.appendix_title or page.title,
        stamp=page.stamp,
        form_label=page.form_label,
        texts=texts,
        columns=columns,
        missing_in_source=page.missing_in_source,
        graphics_missing=page.graphics_missing,
        url=_url(page),
    )


def document_of(page, appendices: Iterable = ()) -> Document:
    return Document(
        seq=page.seq,
        anchor=page.anchor or f"d{page.seq}",
        kind=page.document_kind,
        title=page.full_title or page.title,
        stamp=page.stamp,
        parts=_parts(page.body.raw_data),
        appendices=[appendix_of(a) for a in appendices],
        url=_url(page),
    )


def _url(page) -> str:
    try:
        return page.get_url() or ""
    except Exception:  # noqa: BLE001 — an unsaved revision object may have no route; a URL is optional
        return ""


def live_children(act) -> list[tuple[object, list]]:
    """The live public documents of the act, each with its live public appendices, in page order."""
    from portal.models import AppendixPage, ApprovedDocumentPage

    documents = ApprovedDocumentPage.objects.child_of(act).live().public().order_by("path")
    appendices = AppendixPage.objects.descendant_of(act).live().public().order_by("path")
    grouped: dict[str, list] = {}
    for appendix in appendices:
        grouped.setdefault(appendix.path[: -act.steplen], []).append(appendix)
    return [(doc, grouped.get(doc.path, [])) for doc in documents]


def act_tree(act, children: Iterable[tuple[object, Iterable]] | None = None) -> ActTree:
    """The tree of ``act`` (a LegalActPage object) with ``children``: (document page, its appendix pages)
    pairs, by default the live ones."""
    intro: list[Text] = []
    items: list[Item] = []
    title_parts: list[str] = []
    preamble = signature = None
    for block in act.body.raw_data:
        kind = block.get("type")
        value = block.get("value") or {}
        text = Text(kind=kind, anchor=value.get("anchor") or "", text=value.get("text") or "")
        if kind == "title":
            title_parts.append(text.text)
        elif kind in ("header", "status_badge", "note"):
            intro.append(text)
        elif kind == "preamble":
            preamble = text
        elif kind == "signature":
            signature = text
        else:
            items.append(_item(block, 0))
    if children is None:
        children = live_children(act)
    return ActTree(
        code=act.code,
        title="\n".join(title_parts) or act.title,
        act_type=act.act_type,
        issuing_body=act.issuing_body,
        act_date=act.act_date,
        number=act.number,
        registering_body=act.registering_body,
        registration_date=act.registration_date,
        registration_number=act.registration_number,
        status=act.status,
        repealed_by=act.repealed_by,
        repealed_date=act.repealed_date,
        intro=intro,
        preamble=preamble,
        items=items,
        signature=signature,
        documents=[document_of(doc, appendices) for doc, appendices in children],
        url=_url(act),
        page=act,
    )


# ---------------------------------------------------------------------------------------- walking


def walk(items: Iterable[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from walk(item.children)


def document_items(document: Document) -> Iterator[Item]:
    for part in document.parts:
        if isinstance(part, Division):
            yield from walk(part.items)
        else:
            yield from walk([part])


def all_items(tree: ActTree) -> Iterator[tuple[Document | None, Item]]:
    """Every point, sub-point and paragraph of the act and of its documents, in reading order."""
    for item in walk(tree.items):
        yield None, item
    for document in tree.documents:
        for item in document_items(document):
            yield document, item
