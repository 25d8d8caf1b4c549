"""The page every document shares: header with the issuing body, title block, holder, footer with the
number, the page count and the QR code.  A layout (certificates/layouts/<type>.py) only draws its body
with the primitives of ``Sheet``.

Static parts are drawn once per PDF as form XObjects (the header, the QR code and the total page count,
which is filled in when the last page is known); wrapped header lines are cached across documents.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from certificates.pdf.fonts import FontSet, fonts
from certificates.pdf.qr import draw_qr
from certificates.text import kk_date, kk_datetime

if TYPE_CHECKING:
    from certificates.layouts import DocumentType

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 20 * mm
RIGHT = PAGE_WIDTH - 15 * mm
WIDTH = RIGHT - LEFT
HEADER_TOP = PAGE_HEIGHT - 12 * mm
FOOTER_TOP = 36 * mm  # the body never goes below this line
QR_SIDE = 24 * mm
INK = (0.08, 0.09, 0.12)
ACCENT = (0.12, 0.23, 0.37)
MUTED = (0.35, 0.37, 0.4)
STAMP_RED = (0.72, 0.07, 0.07)

# Binary streams, not ASCII85 text: ReportLab's default (from 7-bit mail transport) costs a pure-Python
# encoding pass per stream, about a tenth of the render time.  A process-wide setting; we are its only user.
rl_config.useA85 = 0

COUNTRY = "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ"
RELATION_MARKS = {"duplicate": "ТЕЛНҰСҚА", "reissue": "ҚАЙТА РЕСІМДЕЛГЕН"}


@dataclass(frozen=True)
class SignatureBlock:
    """The visible part of the electronic signature (certificates.signing): who signs with which certificate.
    Drawn in the page; the signature field is laid over it."""

    signer_name: str
    signer_position: str
    signed_at: datetime
    serial: str  # of the signing certificate, hexadecimal
    issuer: str  # the certification authority that issued it
    test_pki: bool = False  # a throwaway key (demo, tests): the block says so


@dataclass(frozen=True)
class Context:
    """Everything a layout may print.  Plain data: rendering never reads the database."""

    number: str = ""
    holder_name: str = ""
    holder_id: str = ""
    issuer: str = ""
    issued_at: datetime | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    verify_url: str = ""
    relation: str = ""
    original_number: str = ""
    original_issued_at: datetime | None = None
    issued_by_name: str = ""
    reprint_at: datetime | None = None
    esign: SignatureBlock | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | Context) -> Context:
        if isinstance(data, Context):
            return data
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown context keys: {', '.join(unknown)}")
        return cls(**data)

    def get(self, key: str, default: Any = "") -> Any:
        value = self.payload.get(key, default)
        return default if value is None else value


@lru_cache(maxsize=512)
def _wrapped(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            lines.extend(_break_long_word(line, font, size, width))
    return tuple(lines)


def _break_long_word(line: str, font: str, size: float, width: float) -> list[str]:
    # simpleSplit never breaks inside a word: a word wider than a narrow table column is cut here.
    if stringWidth(line, font, size) <= width:
        return [line]
    pieces, current = [], ""
    for char in line:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char.lstrip()
        else:
            current += char
    return [*pieces, current]


def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    # Short labels repeat across documents and pages; long free text is not worth caching.
    if len(text) <= 200:
        return _wrapped(text, font, size, width)
    return _wrapped.__wrapped__(text, font, size, width)


class Sheet:
    """A cursor over the pages of one document, with the drawing primitives the layouts use."""

    def __init__(self, canvas: Canvas, dtype: DocumentType, ctx: Context, faces: FontSet) -> None:
        self.c = canvas
        self.dtype = dtype
        self.ctx = ctx
        self.f = faces
        # Landscape documents (the recorder journal) are wider; the margins stay those of the portrait page.
        self.page_width, self.page_height = page_size(dtype)
        self.right = self.page_width - (PAGE_WIDTH - RIGHT)
        self.width = self.right - LEFT
        self.header_top = self.page_height - (PAGE_HEIGHT - HEADER_TOP)
        # A statutory form (its layout fixed by an act) has no issuing-body header and no title block.
        self.statutory = bool(getattr(dtype, "statutory_form", False))
        self.page = 0
        self.y = 0.0
        self.on_new_page: Callable[[], None] | None = None  # e.g. a table repeats its header row
        self._define_forms()
        self._start_page()

    # --- page furniture ---------------------------------------------------------------------------

    def _define_forms(self) -> None:
        c = self.c
        c.beginForm("header")
        self._header_height = 4 * mm if self.statutory else self._draw_header()
        c.endForm()
        if self.ctx.verify_url:
            c.beginForm("qr")
            draw_qr(c, self.ctx.verify_url, self.right - QR_SIDE, 8 * mm, QR_SIDE)
            c.endForm()

    def _draw_header(self) -> float:
        c = self.c
        y = self.header_top
        c.setFillColorRGB(*MUTED)
        c.setFont(self.f.regular, 8)
        c.drawCentredString(self.page_width / 2, y, COUNTRY)
        c.setFillColorRGB(*INK)
        c.setFont(self.f.bold, 11)
        for line in wrap(self.ctx.issuer, self.f.bold, 11, self.width):
            y -= 14
            c.drawCentredString(self.page_width / 2, y, line)
        y -= 7
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(1.2)
        c.line(LEFT, y, self.right, y)
        c.setLineWidth(0.4)
        c.line(LEFT, y - 2, self.right, y - 2)
        return self.header_top - y + 10 * mm

    def _start_page(self) -> None:
        self.page += 1
        self.c.doForm("header")
        self.y = self.header_top - self._header_height
        if self.on_new_page:
            self.on_new_page()

    def _finish_page(self) -> None:
        c = self.c
        ctx = self.ctx
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(0.5)
        c.line(LEFT, FOOTER_TOP - 3 * mm, self.right, FOOTER_TOP - 3 * mm)
        text_width = self.width - QR_SIDE - 6 * mm
        y = FOOTER_TOP - 7 * mm
        lines: list[tuple[str, str]] = []
        if ctx.number:
            lines.append((self.f.bold, f"Құжат № {ctx.number}"))
            lines.append((self.f.regular, f"Берілген күні: {kk_date(ctx.issued_at)}"))
        elif not self.statutory:  # a statutory form (the journal) is printed for the binder, not issued
            lines.append((self.f.bold, "Тіркелмеген үлгі: нөмірі мен QR-коды жоқ, күші жоқ"))
        if ctx.verify_url:
            lines.extend(
                (self.f.regular, part)
                for part in wrap(f"Тексеру: {ctx.verify_url}", self.f.regular, 7.5, text_width)
            )
            lines.append(
                (self.f.regular, "Құжаттың түпнұсқалығы мен жарамдылығын QR-код бойынша тексеріңіз.")
            )
        if ctx.reprint_at:
            lines.append((self.f.bold, f"Қайта басылған көшірме ({kk_datetime(ctx.reprint_at)})"))
        c.setFillColorRGB(*INK)
        for font, line in lines:
            c.setFont(font, 7.5)
            c.drawString(LEFT, y, line)
            y -= 9.5
        c.setFont(self.f.regular, 7.5)
        c.setFillColorRGB(*MUTED)
        label = f"Парақ {self.page} / "
        c.drawString(LEFT, 9 * mm, label)
        # The total is a form drawn at the end, placed right after the label on every page.
        c.saveState()
        c.translate(LEFT + stringWidth(label, self.f.regular, 7.5), 9 * mm)
        c.doForm("pagecount")
        c.restoreState()
        if ctx.verify_url:
            c.doForm("qr")
        c.showPage()

    def finish(self) -> None:
        self._finish_page()
        self.c.beginForm("pagecount")
        self.c.setFont(self.f.regular, 7.5)
        self.c.setFillColorRGB(*MUTED)
        self.c.drawString(0, 0, str(self.page))
        self.c.endForm()

    def new_page(self) -> None:
        self._finish_page()
        self._start_page()

    def ensure(self, height: float) -> None:
        if self.y - height < FOOTER_TOP:
            self.new_page()

    # --- body primitives --------------------------------------------------------------------------

    def spacer(self, height_mm: float = 3) -> None:
        self.y -= height_mm * mm

    def text(
        self,
        text: str,
        *,
        size: float = 10.5,
        bold: bool = False,
        align: str = "left",
        indent: float = 0,
        color: tuple[float, float, float] = INK,
        leading: float | None = None,
    ) -> None:
        """A wrapped paragraph; ``align`` is left, centre or right."""
        font = self.f.bold if bold else self.f.regular
        leading = leading or size * 1.35
        x = LEFT + indent
        width = self.width - indent
        self.c.setFillColorRGB(*color)
        for line in wrap(text, font, size, width):
            self.ensure(leading)
            self.y -= leading
            self.c.setFont(font, size)
            if align == "centre":
                self.c.drawCentredString(x + width / 2, self.y, line)
            elif align == "right":
                self.c.drawRightString(self.right, self.y, line)
            else:
                self.c.drawString(x, self.y, line)

    def section(self, text: str) -> None:
        self.spacer(2)
        self.ensure(30)
        self.text(text, size=11, bold=True, color=ACCENT)
        self.spacer(1)

    def field(self, label: str, value: object, *, label_width: float = 62 * mm, size: float = 10) -> None:
        """A label in the left column and its value wrapped in the right one (a blank value prints «—»)."""
        value_text = str(value).strip() if value not in (None, "") else "—"
        labels = wrap(label, self.f.bold, size - 0.5, label_width - 4 * mm)
        values = wrap(value_text, self.f.regular, size, self.width - label_width)
        leading = size * 1.35
        rows = max(len(labels), len(values))
        self.ensure(rows * leading)
        self.c.setFillColorRGB(*INK)
        top = self.y
        for i, line in enumerate(labels):
            self.c.setFont(self.f.bold, size - 0.5)
            self.c.drawString(LEFT, top - (i + 1) * leading, line)
        for i, line in enumerate(values):
            self.c.setFont(self.f.regular, size)
            self.c.drawString(LEFT + label_width, top - (i + 1) * leading, line)
        self.y = top - rows * leading - 1.5 * mm

    def fields(self, pairs: Iterable[tuple[str, object]]) -> None:
        for label, value in pairs:
            self.field(label, value)

    def bullets(self, items: Iterable[str], *, size: float = 10.5, numbered: bool = False) -> None:
        for n, item in enumerate(items, start=1):
            marker = f"{n}." if numbered else "•"
            self.ensure(size * 1.4)
            self.c.setFont(self.f.regular, size)
            self.c.setFillColorRGB(*INK)
            self.c.drawString(LEFT + 3 * mm, self.y - size * 1.35, marker)
            self.text(str(item), size=size, indent=9 * mm)

    def choices(self, options: Sequence[tuple[str, str]], chosen: str, *, size: float = 10.5) -> None:
        """A form's list of variants with the chosen one ticked (☒) and the others empty (☐)."""
        for code, label in options:
            mark = "☒" if code == chosen else "☐"
            self.text(f"{mark}  {label}", size=size, bold=code == chosen, indent=3 * mm)

    def box(self, title: str, pairs: Sequence[tuple[str, object]], *, size: float = 9.5) -> None:
        """A framed block, e.g. the registration mark on an application's copy."""
        leading = size * 1.4
        label_width = 58 * mm
        inner = self.width - 8 * mm
        rows = [
            (
                wrap(label, self.f.bold, size, label_width - 3 * mm),
                wrap(str(value or "—"), self.f.regular, size, inner - label_width),
            )
            for label, value in pairs
        ]
        height = leading * (1.6 + sum(max(len(a), len(b)) for a, b in rows)) + 4 * mm
        self.ensure(height + 2 * mm)
        top = self.y - 1 * mm
        self.c.setStrokeColorRGB(*ACCENT)
        self.c.setLineWidth(1)
        self.c.rect(LEFT, top - height, self.width, height, stroke=1, fill=0)
        y = top - leading - 1 * mm
        self.c.setFillColorRGB(*ACCENT)
        self.c.setFont(self.f.bold, size + 0.5)
        self.c.drawString(LEFT + 4 * mm, y, title)
        self.c.setFillColorRGB(*INK)
        y -= leading * 0.6
        for labels, values in rows:
            for i in range(max(len(labels), len(values))):
                y -= leading
                if i < len(labels):
                    self.c.setFont(self.f.bold, size)
                    self.c.drawString(LEFT + 4 * mm, y, labels[i])
                if i < len(values):
                    self.c.setFont(self.f.regular, size)
                    self.c.drawString(LEFT + 4 * mm + label_width, y, values[i])
        self.y = top - height - 2 * mm

    def signatures(self, rows: Sequence[tuple[str, str]], *, seal: bool = False) -> None:
        """Signature lines: role on the left, a line to sign on, the name on the right."""
        size = 10
        self.spacer(4)
        self.ensure(len(rows) * 12 * mm + (18 * mm if seal else 0))
        for role, name in rows:
            roles = wrap(role, self.f.bold, size, 70 * mm)
            self.c.setFillColorRGB(*INK)
            top = self.y
            for i, line in enumerate(roles):
                self.c.setFont(self.f.bold, size)
                self.c.drawString(LEFT, top - (i + 1) * 13, line)
            base = top - 13
            self.c.setStrokeColorRGB(*INK)
            self.c.setLineWidth(0.5)
            self.c.line(LEFT + 74 * mm, base - 2, LEFT + 114 * mm, base - 2)
            self.c.setFont(self.f.regular, 7)
            self.c.setFillColorRGB(*MUTED)
            self.c.drawCentredString(LEFT + 94 * mm, base - 10, "(қолы)")
            self.c.setFillColorRGB(*INK)
            for i, line in enumerate(wrap(name or "", self.f.regular, size, self.width - 118 * mm)):
                self.c.setFont(self.f.regular, size)
                self.c.drawString(LEFT + 118 * mm, base - i * 13, line)
            self.y = top - max(len(roles) * 13, 13) - 7 * mm
        if seal:
            self.c.setStrokeColorRGB(*MUTED)
            self.c.setDash(2, 2)
            self.c.circle(LEFT + 14 * mm, self.y - 8 * mm, 9 * mm, stroke=1, fill=0)
            self.c.setDash()
            self.c.setFont(self.f.regular, 9)
            self.c.setFillColorRGB(*MUTED)
            self.c.drawCentredString(LEFT + 14 * mm, self.y - 9 * mm, "М.О.")
            self.y -= 20 * mm

    def stamp(self, text: str) -> None:
        """A red framed mark at the top right of the body (ТЕЛНҰСҚА, ҚАЙТА РЕСІМДЕЛГЕН)."""
        size = 12
        width = stringWidth(text, self.f.bold, size) + 8 * mm
        top = self.y - 1 * mm
        self.c.setStrokeColorRGB(*STAMP_RED)
        self.c.setFillColorRGB(*STAMP_RED)
        self.c.setLineWidth(1.6)
        self.c.rect(self.right - width, top - 9 * mm, width, 9 * mm, stroke=1, fill=0)
        self.c.setFont(self.f.bold, size)
        self.c.drawCentredString(self.right - width / 2, top - 6.2 * mm, text)
        self.c.setFillColorRGB(*INK)

    def table(
        self,
        columns: Sequence[tuple[str, float]],
        rows: Iterable[Sequence[object]],
        *,
        size: float = 8.5,
    ) -> None:
        """A ruled table whose header row repeats on every page it runs onto; widths are in mm."""
        widths = [w * mm for _, w in columns]
        leading = size * 1.3
        pad = 1.4 * mm

        def cells(values: Sequence[object], font: str) -> list[tuple[str, ...]]:
            return [
                wrap(str(v if v is not None else ""), font, size, w - 2 * pad)
                for v, w in zip(values, widths, strict=True)
            ]

        def draw_row(wrapped: list[tuple[str, ...]], font: str, shade: bool) -> None:
            height = max(len(c) for c in wrapped) * leading + 2 * pad
            self.ensure(height)
            top = self.y
            if shade:
                self.c.setFillColorRGB(0.92, 0.94, 0.97)
                self.c.rect(LEFT, top - height, sum(widths), height, stroke=0, fill=1)
            self.c.setStrokeColorRGB(*MUTED)
            self.c.setLineWidth(0.4)
            self.c.setFillColorRGB(*INK)
            self.c.setFont(font, size)
            x = LEFT
            for lines, w in zip(wrapped, widths, strict=True):
                self.c.rect(x, top - height, w, height, stroke=1, fill=0)
                for i, line in enumerate(lines):
                    self.c.drawString(x + pad, top - pad - (i + 1) * leading + 2, line)
                x += w
            self.y = top - height

        header = cells([title for title, _ in columns], self.f.bold)
        self.ensure(len(header) * leading * 3)
        draw_row(header, self.f.bold, True)
        self.on_new_page = lambda: draw_row(header, self.f.bold, True)
        try:
            for row in rows:
                draw_row(cells(row, self.f.regular), self.f.regular, False)
        finally:
            self.on_new_page = None
        self.spacer(2)

    def esign_block(self, block: SignatureBlock) -> tuple[int, tuple[float, float, float, float]]:
        """The framed electronic-signature block after the body; returns its page (0-based) and rectangle
        (x1, y1, x2, y2 in points), where the signature field goes."""
        size, leading = 8.5, 11.0
        title = "Электрондық цифрлық қолтаңбамен қол қойылды"
        if self.ctx.reprint_at:
            title = "Көшірмеге электрондық цифрлық қолтаңбамен қайта қол қойылды"
        lines: list[tuple[str, str]] = [
            (self.f.regular, f"Қол қойған: {block.signer_name}"),
            (self.f.regular, f"Лауазымы: {block.signer_position}"),
            (self.f.regular, f"Қол қойылған уақыты: {kk_datetime(block.signed_at)} (Алматы уақыты)"),
            (self.f.regular, f"Сертификаттың сериялық нөмірі: {block.serial}"),
            (self.f.regular, f"Куәландырушы орталық: {block.issuer}"),
        ]
        inner = self.width - 8 * mm
        wrapped = [(font, part) for font, text in lines for part in wrap(text, font, size, inner)]
        height = leading * (len(wrapped) + 1 + (1 if block.test_pki else 0)) + 5 * mm
        self.spacer(3)
        self.ensure(height + 2 * mm)
        top = self.y
        c = self.c
        c.setStrokeColorRGB(*ACCENT)
        c.setLineWidth(1)
        c.roundRect(LEFT, top - height, self.width, height, 2 * mm, stroke=1, fill=0)
        y = top - leading - 1 * mm
        c.setFillColorRGB(*ACCENT)
        c.setFont(self.f.bold, size + 0.5)
        c.drawString(LEFT + 4 * mm, y, title)
        c.setFillColorRGB(*INK)
        for font, line in wrapped:
            y -= leading
            c.setFont(font, size)
            c.drawString(LEFT + 4 * mm, y, line)
        if block.test_pki:
            y -= leading
            c.setFillColorRGB(*STAMP_RED)
            c.setFont(self.f.bold, size)
            c.drawString(LEFT + 4 * mm, y, "TEST PKI — СЫНАҚ КІЛТІ: қолтаңбаның заңды күші жоқ")
            c.setFillColorRGB(*INK)
        self.y = top - height - 2 * mm
        return self.page - 1, (LEFT, top - height, self.right, top)

    # --- the title block every document starts with ------------------------------------------------

    def title_block(self) -> None:
        ctx = self.ctx
        mark = RELATION_MARKS.get(ctx.relation)
        if mark:
            self.stamp(mark)
            self.spacer(11)
        self.text(self.dtype.title.upper(), size=14, bold=True, align="centre", leading=19)
        self.spacer(2)
        self.c.setFont(self.f.regular, 10)
        self.c.setFillColorRGB(*INK)
        self.y -= 14
        self.c.drawString(LEFT, self.y, f"№ {ctx.number}" if ctx.number else "№ —")
        self.c.drawRightString(self.right, self.y, kk_date(ctx.issued_at) if ctx.issued_at else "")
        self.spacer(3)
        if ctx.relation and ctx.original_number:
            prefix = (
                "Телнұсқа. Бастапқы құжат"
                if ctx.relation == "duplicate"
                else "Бастапқы құжаттың орнына берілді"
            )
            original = f"{prefix}: № {ctx.original_number}"
            if ctx.original_issued_at:
                original += f", {kk_date(ctx.original_issued_at)}"
            self.text(original, size=9.5, color=MUTED)
            self.spacer(2)
        if self.dtype.holder_label:  # a register has no single holder
            self.field(self.dtype.holder_label, ctx.holder_name)
            self.field("ЖСН/БСН", ctx.holder_id)
            self.spacer(2)
        # A document issued on an application names it; the layouts that need the number print it themselves.
        if ctx.get("application_no") and "application_no" not in self.dtype.required:
            self.field("Өтініштің тіркеу нөмірі", ctx.get("application_no"))
            self.spacer(2)


def page_size(dtype: DocumentType) -> tuple[float, float]:
    """A4, turned to landscape for the types that ask for it."""
    return landscape(A4) if getattr(dtype, "landscape", False) else A4


def render(dtype: DocumentType, ctx: Context) -> bytes:
    """Draw one document on the shared base and return the PDF bytes."""
    return draw(dtype, ctx)[0]


def draw(dtype: DocumentType, ctx: Context) -> tuple[bytes, tuple[int, tuple[float, ...]] | None]:
    """The PDF bytes and, when ``ctx.esign`` is set, where its signature block is (page, rectangle)."""
    faces = fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=page_size(dtype), lang="kk", initialFontName=faces.regular, pageCompression=1
    )
    title = f"{dtype.title} № {ctx.number}" if ctx.number else dtype.title
    canvas.setTitle(title)
    canvas.setAuthor(ctx.issuer)
    canvas.setSubject(f"{dtype.title}: {ctx.holder_name}")
    canvas.setKeywords(ctx.number)
    canvas.setCreator("Ветеринариялық қызмет порталы")
    sheet = Sheet(canvas, dtype, ctx, faces)
    if not sheet.statutory:  # a statutory form draws its own cover
        sheet.title_block()
    dtype.draw(sheet, ctx)
    place = sheet.esign_block(ctx.esign) if ctx.esign else None
    sheet.finish()
    canvas.save()
    return buffer.getvalue(), place
