"""The PDF of a published act, typeset with ReportLab from portal.act_tree on the certificates' PDF base.

A title page (issuing body, type, date and number, registration, status), a table of contents with page
numbers and links, then the act, its approved documents and their appendices.  Every page carries the act's
status in its header (a repealed act says so, with the repealing act, on every page), «N / M» in its footer.
The PDF outline (bookmarks) follows the table of contents, and every point is a named destination with its
permalink anchor: ``act-003.pdf#nameddest=d1-p14`` opens at point 14 of the first regulation.

One pass: the page numbers of the contents and the total «M» are form XObjects filled in at the end (as the
certificates' page count is, certificates.pdf.base).  Like the certificates, the document is Kazakh whatever
the interface language: the act is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from certificates.pdf.base import (
    ACCENT,
    INK,
    LEFT,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    STAMP_RED,
    WIDTH,
    wrap,
)
from certificates.pdf.fonts import FontSet, fonts
from certificates.text import kk_date
from portal.act_tree import ActTree, Appendix, Division, Document, Item

TOP = PAGE_HEIGHT - 22 * mm  # the text starts under the running header
BOTTOM = 20 * mm  # and ends above the footer
SIZE = 10.5
LEADING = SIZE * 1.38
GUTTER = 9 * mm  # the printed number hangs in the gutter; the text is indented past it
STEP = 7 * mm  # indentation per level of sub-points
CREATOR = "Ветеринариялық қызмет порталы"
ACT_TYPES = {
    "order": "бұйрық",
    "resolution": "қаулы",
    "decree": "жарлық",
    "law": "заң",
    "other": "құқықтық акт",
}
IN_FORCE = "Күшінде"
REPEALED = "Күшін жойған"


@dataclass
class TocEntry:
    key: str
    label: str
    level: int
    children: list[TocEntry] = field(default_factory=list)


def status_line(tree: ActTree) -> str:
    if not tree.is_repealed:
        return IN_FORCE
    parts = [REPEALED]
    if tree.repealed_by:
        parts.append(tree.repealed_by)
    if tree.repealed_date:
        parts.append(kk_date(tree.repealed_date))
    return " — ".join(parts)


class ActSheet:
    """A cursor over the pages of the act's PDF."""

    def __init__(self, canvas: Canvas, tree: ActTree, faces: FontSet) -> None:
        self.c = canvas
        self.tree = tree
        self.f = faces
        self.page = 0
        self.y = TOP
        self.toc_forms: list[tuple[str, str]] = []
        self.placed: dict[str, int] = {}  # toc key → page
        self._define_header()
        self._start_page()

    # --- page furniture ---------------------------------------------------------------------------

    def _define_header(self) -> None:
        """The running header, the same on every page: drawn once as a form."""
        c = self.c
        c.beginForm("running-header")
        title = wrap(self.tree.title.replace("\n", " "), self.f.regular, 7.5, WIDTH * 0.55)
        c.setFont(self.f.regular, 7.5)
        c.setFillColorRGB(*MUTED)
        c.drawString(LEFT, PAGE_HEIGHT - 12 * mm, title[0] + (" …" if len(title) > 1 else ""))
        c.setFillColorRGB(*(STAMP_RED if self.tree.is_repealed else ACCENT))
        status = REPEALED + (f" — {self.tree.repealed_by}" if self.tree.repealed_by else "")
        status = wrap(status if self.tree.is_repealed else IN_FORCE, self.f.bold, 7.5, WIDTH * 0.45)
        for k, line in enumerate(status[:2]):
            c.setFont(self.f.bold, 7.5)
            c.drawRightString(RIGHT, PAGE_HEIGHT - 12 * mm - k * 9, line)
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(0.5)
        c.line(LEFT, PAGE_HEIGHT - 16 * mm, RIGHT, PAGE_HEIGHT - 16 * mm)
        c.endForm()

    def _start_page(self) -> None:
        self.page += 1
        self.c.doForm("running-header")
        self.y = TOP

    def _finish_page(self) -> None:
        c = self.c
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(0.4)
        c.line(LEFT, 14 * mm, RIGHT, 14 * mm)
        c.setFont(self.f.regular, 8)
        c.setFillColorRGB(*MUTED)
        label = f"{self.page} / "
        x = PAGE_WIDTH / 2 - stringWidth(label, self.f.regular, 8)
        c.drawString(x, 9 * mm, label)
        c.saveState()
        c.translate(PAGE_WIDTH / 2, 9 * mm)
        c.doForm("page-count")
        c.restoreState()
        c.drawString(LEFT, 9 * mm, f"№ {self.tree.number}" if self.tree.number else self.tree.code)
        c.setFillColorRGB(*(STAMP_RED if self.tree.is_repealed else ACCENT))
        c.setFont(self.f.bold, 8)
        c.drawRightString(RIGHT, 9 * mm, REPEALED if self.tree.is_repealed else IN_FORCE)
        c.showPage()

    def new_page(self) -> None:
        self._finish_page()
        self._start_page()

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def finish(self) -> None:
        self._finish_page()
        c = self.c
        c.beginForm("page-count", lowerx=0, lowery=-5, upperx=60, uppery=20)
        c.setFont(self.f.regular, 8)
        c.setFillColorRGB(*MUTED)
        c.drawString(0, 0, str(self.page))
        c.endForm()
        for name, key in self.toc_forms:
            c.beginForm(name, lowerx=-60, lowery=-5, upperx=0, uppery=20)
            c.setFont(self.f.regular, SIZE - 1)
            c.setFillColorRGB(*INK)
            c.drawRightString(0, 0, str(self.placed.get(key, "")))
            c.endForm()

    # --- text -------------------------------------------------------------------------------------

    def lines(
        self,
        text: str,
        *,
        size: float = SIZE,
        bold: bool = False,
        indent: float = 0,
        color=INK,
        align: str = "left",
        leading: float | None = None,
    ) -> None:
        font = self.f.bold if bold else self.f.regular
        leading = leading or size * 1.38
        width = WIDTH - indent
        for line in wrap(text, font, size, width):
            self.ensure(leading)
            self.y -= leading
            self.c.setFont(font, size)
            self.c.setFillColorRGB(*color)
            if align == "centre":
                self.c.drawCentredString(LEFT + indent + width / 2, self.y, line)
            else:
                self.c.drawString(LEFT + indent, self.y, line)

    def anchor(self, key: str) -> None:
        """A named destination here (the permalink anchor), for the outline and links."""
        if key:
            self.c.bookmarkHorizontal(key, 0, self.y + LEADING)
            self.placed.setdefault(key, self.page)

    def heading(self, text: str, key: str, *, size: float = 12.5, level: int = 0) -> None:
        self.ensure(size * 1.4 * 2 + LEADING * 2)  # never alone at the foot of a page
        self.y -= 3 * mm
        self.anchor(key)
        self.lines(text, size=size, bold=True, color=ACCENT, align="centre")
        self.c.addOutlineEntry(text.replace("\n", " ")[:120], key, level=level, closed=level > 0)
        self.y -= 2 * mm

    def item(self, item: Item, depth: int) -> None:
        indent = depth * STEP
        marker = item.marker if not (item.text or "").lstrip().startswith(item.marker or "\0") else ""
        if not item.marker and depth:  # an unnumbered paragraph lines up with the text of its point
            indent -= STEP
        text_lines = wrap(item.text or "", self.f.regular, SIZE, WIDTH - indent - GUTTER)
        self.ensure(LEADING * min(2, len(text_lines)))
        self.anchor(item.anchor)
        if marker:
            self.c.setFont(self.f.bold, SIZE)
            self.c.setFillColorRGB(*INK)
            self.c.drawString(LEFT + indent, self.y - LEADING, marker)
        for line in text_lines:
            self.ensure(LEADING)
            self.y -= LEADING
            self.c.setFont(self.f.regular, SIZE)
            self.c.setFillColorRGB(*INK)
            self.c.drawString(LEFT + indent + GUTTER, self.y, line)
        self.y -= 1.2
        for child in item.children:
            self.item(child, depth + 1)


# ----------------------------------------------------------------------------------------- sections


def _title_page(sheet: ActSheet, tree: ActTree, source_url: str) -> None:
    sheet.y -= 12 * mm
    sheet.lines("ҚАЗАҚСТАН РЕСПУБЛИКАСЫ", size=9, color=MUTED, align="centre")
    sheet.lines(tree.issuing_body, size=13, bold=True, align="centre")
    sheet.y -= 4 * mm
    kind = ACT_TYPES.get(tree.act_type, ACT_TYPES["other"]).upper()
    sheet.lines(kind, size=15, bold=True, color=ACCENT, align="centre")
    when = kk_date(tree.act_date) if tree.act_date else ""
    sheet.lines(
        " ".join(p for p in (when, f"№ {tree.number}" if tree.number else "") if p), size=11, align="centre"
    )
    sheet.y -= 8 * mm
    sheet.anchor("title")
    sheet.lines(tree.title, size=16, bold=True, align="centre", leading=21)
    sheet.y -= 8 * mm
    facts = []
    if tree.registering_body or tree.registration_number:
        registered = ", ".join(
            p
            for p in (
                tree.registering_body,
                kk_date(tree.registration_date) if tree.registration_date else "",
                f"№ {tree.registration_number}" if tree.registration_number else "",
            )
            if p
        )
        facts.append(("Мемлекеттік тіркеу", registered))
    facts.append(("Мәртебесі", status_line(tree)))
    if source_url:
        facts.append(("Порталдағы мәтіні", source_url))
    for label, value in facts:
        sheet.lines(label, size=9, bold=True, color=MUTED)
        color = STAMP_RED if label == "Мәртебесі" and tree.is_repealed else INK
        sheet.lines(value, size=10.5, bold=label == "Мәртебесі", color=color)
        sheet.y -= 2 * mm
    sheet.y -= 4 * mm
    for text in tree.intro:
        if text.kind != "status_badge":
            sheet.lines(text.text, size=9, color=MUTED)
            sheet.y -= 1.5 * mm


def _toc(tree: ActTree) -> list[TocEntry]:
    entries = [TocEntry("act-text", "Актінің мәтіні", 0)]
    for document in tree.documents:
        entry = TocEntry(document.anchor, document.title.replace("\n", " "), 0)
        for part in document.parts:
            if isinstance(part, Division):
                entry.children.append(TocEntry(part.anchor, part.title.replace("\n", " "), 1))
        for appendix in document.appendices:
            label = appendix.title.replace("\n", " ")
            entry.children.append(TocEntry(appendix.anchor, f"{appendix.number}-қосымша. {label}".strip(), 1))
        entries.append(entry)
    return entries


def _draw_toc(sheet: ActSheet, entries: list[TocEntry]) -> None:
    sheet.new_page()
    sheet.c.bookmarkHorizontal("contents", 0, sheet.y)
    sheet.c.addOutlineEntry("Мазмұны", "contents", level=0)
    sheet.lines("МАЗМҰНЫ", size=13, bold=True, color=ACCENT, align="centre")
    sheet.y -= 3 * mm

    def draw(entry: TocEntry) -> None:
        indent = entry.level * 8 * mm
        size = SIZE - 1 if entry.level else SIZE - 0.5
        font = sheet.f.regular if entry.level else sheet.f.bold
        lines = wrap(entry.label, font, size, WIDTH - indent - 14 * mm)
        sheet.ensure(size * 1.35 * len(lines))
        top = sheet.y
        for line in lines:
            sheet.y -= size * 1.35
            sheet.c.setFont(font, size)
            sheet.c.setFillColorRGB(*INK)
            sheet.c.drawString(LEFT + indent, sheet.y, line)
        name = f"toc-{len(sheet.toc_forms)}"
        sheet.toc_forms.append((name, entry.key))
        sheet.c.saveState()
        sheet.c.translate(RIGHT, sheet.y)
        sheet.c.doForm(name)
        sheet.c.restoreState()
        sheet.c.linkAbsolute(
            entry.label, entry.key, Rect=(LEFT + indent, sheet.y - 3, RIGHT, top), thickness=0
        )
        sheet.y -= 1.5
        for child in entry.children:
            draw(child)

    for entry in entries:
        draw(entry)


def _act_text(sheet: ActSheet, tree: ActTree) -> None:
    sheet.new_page()
    sheet.heading(tree.title, "act-text")
    if tree.preamble is not None:
        sheet.anchor(tree.preamble.anchor)
        sheet.lines(tree.preamble.text)
        sheet.y -= 2 * mm
    for item in tree.items:
        sheet.item(item, 0)
    if tree.signature is not None:
        sheet.y -= 4 * mm
        sheet.lines(tree.signature.text, bold=True)


def _document(sheet: ActSheet, document: Document) -> None:
    sheet.new_page()
    if document.stamp:
        sheet.lines(document.stamp, size=9, indent=WIDTH * 0.5, color=MUTED)
        sheet.y -= 3 * mm
    sheet.heading(document.title, document.anchor)
    for part in document.parts:
        if isinstance(part, Division):
            sheet.heading(part.title, part.anchor, size=11, level=1)
            for item in part.items:
                sheet.item(item, 0)
        else:
            sheet.item(part, 0)
    for appendix in document.appendices:
        _appendix(sheet, appendix)


def _appendix(sheet: ActSheet, appendix: Appendix) -> None:
    sheet.new_page()
    if appendix.stamp:
        sheet.lines(appendix.stamp, size=9, indent=WIDTH * 0.5, color=MUTED)
        sheet.y -= 3 * mm
    if appendix.form_label:
        sheet.lines(appendix.form_label, size=9, indent=WIDTH * 0.5)
    sheet.heading(appendix.title, appendix.anchor, size=11, level=1)
    if appendix.missing_in_source:
        sheet.lines("Бұл қосымша жарияланған бастапқы мәтінде жоқ.", color=STAMP_RED)
    if appendix.graphics_missing:
        sheet.lines("Бұл қосымшаның графикасы жарияланған бастапқы мәтінде жоғалған.", color=STAMP_RED)
    for text in appendix.texts:
        sheet.anchor(text.anchor)
        sheet.lines(text.text, bold=text.kind == "heading")
    if appendix.columns:
        _columns(sheet, appendix.columns)


def _columns(sheet: ActSheet, columns: list[tuple[str, str]], blank_rows: int = 4) -> None:
    """The journal's table: its headings, the row of column numbers and a few rows to fill in."""
    size = 7.5
    width = WIDTH / len(columns)
    cells = [wrap(heading, sheet.f.regular, size, width - 3 * mm) for _n, heading in columns]
    head = max(len(c) for c in cells) * size * 1.3 + 3 * mm
    row = 7 * mm
    sheet.ensure(head + row * (1 + blank_rows) + 4 * mm)
    sheet.y -= 3 * mm
    top = sheet.y
    c = sheet.c
    c.setStrokeColorRGB(*INK)
    c.setLineWidth(0.5)
    c.setFillColorRGB(*INK)
    for k, lines in enumerate(cells):
        x = LEFT + k * width
        c.rect(x, top - head, width, head)
        for j, line in enumerate(lines):
            c.setFont(sheet.f.regular, size)
            c.drawString(x + 1.5 * mm, top - 1.5 * mm - (j + 1) * size * 1.3, line)
        for r in range(1 + blank_rows):
            c.rect(x, top - head - (r + 1) * row, width, row)
        c.drawCentredString(x + width / 2, top - head - row + 2.3 * mm, columns[k][0])
    sheet.y = top - head - row * (1 + blank_rows)


def _name_destinations(canvas: Canvas) -> None:
    """Every bookmark as a named destination in the catalogue's /Dests, so that ``#nameddest=d1-p14`` works.
    ReportLab binds its bookmarks to the outline and links by object only; it has no public call for this."""
    canvas._doc.Catalog.Dests = PDFDictionary(dict(canvas._destinations))


def render_act_pdf(tree: ActTree, source_url: str = "") -> bytes:
    """The PDF bytes of the act ``tree`` (built from the live pages or from a revision's objects)."""
    faces = fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, lang="kk", initialFontName=faces.regular, pageCompression=1)
    title = tree.title.replace("\n", " ")
    canvas.setTitle(title)
    canvas.setAuthor(tree.issuing_body)
    canvas.setSubject(status_line(tree))
    canvas.setKeywords(" ".join(p for p in (tree.code, tree.number) if p))
    canvas.setCreator(CREATOR)
    canvas.showOutline()
    sheet = ActSheet(canvas, tree, faces)
    sheet.c.bookmarkHorizontal("cover", 0, PAGE_HEIGHT)
    sheet.c.addOutlineEntry(title[:120], "cover", level=0)
    _title_page(sheet, tree, source_url)
    _draw_toc(sheet, _toc(tree))
    _act_text(sheet, tree)
    for document in tree.documents:
        _document(sheet, document)
    sheet.finish()
    _name_destinations(canvas)
    canvas.save()
    return buffer.getvalue()
