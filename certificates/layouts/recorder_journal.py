"""The accounting journal of act 000 (appendix «Нысан»), landscape: the front cover (the unit's name, started
and finished dates), the inside-cover table with its 8 numbered columns and their exact Kazakh headings
repeated on every page, struck-through corrections with their «Түзетілді» notes, and the page-count
certification of point 10 on the last page.

Payload: ``rows`` (a list of 8 cells; a cell is a text or a list of ``{"text", "struck"}`` segments),
``started`` / ``finished`` (ISO dates or empty), ``responsible`` (who certifies).  The unit's name is the
document's ``issuer``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from catalogue.journal import COLUMN_HEADINGS
from certificates.layouts import DocumentType
from certificates.pdf.base import INK, LEFT, MUTED, Context, Sheet, wrap
from certificates.text import MONTHS, as_date_or_datetime

TITLE = (
    "Бейнетіркегішті (жад картасын) беруді, өткізуді және фото және бейнежазбаларды түсіруді "
    "есепке алу журналы"
)
UNIT_CAPTION = "(ветеринария саласындағы уәкілетті орган ведомствосы аумақтық бөлімшесінің атауы)"
# The widths of the appendix's columns (catalogue.journal.COLUMN_HEADINGS) in mm, 262 in all.
WIDTHS_MM = (10, 32, 53, 27, 27, 25, 38, 50)
CERTIFICATION = "Осы журналда {pages} парақ нөмірленді, тігілді және мөрмен бекемделді"
SIZE = 8.0
HEAD_SIZE = 7.6
PAD = 1.4 * mm

Segment = tuple[str, bool]


def draw(sheet: Sheet, ctx: Context) -> None:
    _cover(sheet, ctx)
    sheet.new_page()
    _table(sheet, ctx.get("rows", []))
    _certification(sheet, ctx.get("responsible", ""))


def _cover(sheet: Sheet, ctx: Context) -> None:
    sheet.spacer(38)
    sheet.text(TITLE, size=16, bold=True, align="centre", leading=21)
    sheet.spacer(14)
    sheet.text(ctx.issuer or "_" * 60, size=13, bold=True, align="centre")
    sheet.c.setStrokeColorRGB(*INK)
    sheet.c.setLineWidth(0.6)
    sheet.c.line(LEFT + 25 * mm, sheet.y - 2.5, sheet.right - 25 * mm, sheet.y - 2.5)
    sheet.spacer(1)
    sheet.text(UNIT_CAPTION, size=8, align="centre", color=MUTED)
    sheet.spacer(16)
    sheet.y -= 14
    sheet.c.setFont(sheet.f.regular, 12)
    sheet.c.setFillColorRGB(*INK)
    quarter = sheet.width / 4
    sheet.c.drawCentredString(LEFT + quarter, sheet.y, f"{_form_date(ctx.get('started'))} басталды")
    sheet.c.drawCentredString(LEFT + 3 * quarter, sheet.y, f"{_form_date(ctx.get('finished'))} аяқталды")


def _form_date(value: object) -> str:
    """The cover's «20__ жылғы "___" ______» filled in, or left blank."""
    day = as_date_or_datetime(value)
    if day is None:
        return '20__ жылғы "___" __________'
    return f'{day.year} жылғы "{day.day}" {MONTHS[day.month - 1]}'


def _cells(row: Sequence[Any]) -> list[list[Segment]]:
    cells = []
    for cell in row:
        if isinstance(cell, list | tuple):
            cells.append([(str(s.get("text", "")), bool(s.get("struck"))) for s in cell])
        else:
            cells.append([(str(cell if cell is not None else ""), False)])
    return cells


def _table(sheet: Sheet, rows: Sequence[Sequence[Any]]) -> None:
    widths = [w * mm for w in WIDTHS_MM]
    scale = sheet.width / sum(widths)  # exactly the text width of the page
    widths = [w * scale for w in widths]

    def header() -> None:
        _row(sheet, widths, [[(h, False)] for h in COLUMN_HEADINGS], sheet.f.bold, HEAD_SIZE, shade=True)
        numbers = [[(str(n), False)] for n in range(1, 9)]
        _row(sheet, widths, numbers, sheet.f.bold, HEAD_SIZE, shade=True, centred=True)

    header()
    sheet.on_new_page = header
    try:
        for row in rows:
            _row(sheet, widths, _cells(row), sheet.f.regular, SIZE)
    finally:
        sheet.on_new_page = None


def _row(
    sheet: Sheet,
    widths: list[float],
    cells: list[list[Segment]],
    font: str,
    size: float,
    *,
    shade: bool = False,
    centred: bool = False,
) -> None:
    leading = size * 1.28
    lines = [
        [(line, struck) for text, struck in segments for line in wrap(text, font, size, w - 2 * PAD)]
        for segments, w in zip(cells, widths, strict=True)
    ]
    height = max(len(cell) for cell in lines) * leading + 2 * PAD
    sheet.ensure(height)
    c, top, x = sheet.c, sheet.y, LEFT
    if shade:
        c.setFillColorRGB(0.93, 0.94, 0.96)
        c.rect(LEFT, top - height, sum(widths), height, stroke=0, fill=1)
    c.setStrokeColorRGB(*MUTED)
    c.setLineWidth(0.4)
    for cell, w in zip(lines, widths, strict=True):
        c.setStrokeColorRGB(*MUTED)
        c.rect(x, top - height, w, height, stroke=1, fill=0)
        c.setFillColorRGB(*INK)
        c.setStrokeColorRGB(*INK)
        c.setFont(font, size)
        for i, (line, struck) in enumerate(cell):
            baseline = top - PAD - (i + 1) * leading + 2
            width = stringWidth(line, font, size)
            left = x + (w - width) / 2 if centred else x + PAD
            c.drawString(left, baseline, line)
            if struck:  # point 10: the wrong entry stays readable, struck through
                c.setLineWidth(0.7)
                c.line(left, baseline + size * 0.3, left + width, baseline + size * 0.3)
                c.setLineWidth(0.4)
        x += w
    sheet.y = top - height


def _certification(sheet: Sheet, responsible: str) -> None:
    # Room for the whole block first: the page it lands on is the last one, so its number is the count.
    sheet.ensure(60 * mm)
    sheet.spacer(8)
    sheet.text(CERTIFICATION.format(pages=sheet.page), size=11, bold=True)
    sheet.signatures([("Жауапты адам", responsible)], seal=True)


def check(payload: Mapping[str, Any]) -> list[str]:
    rows = payload.get("rows", [])
    if not isinstance(rows, list) or any(not isinstance(r, list | tuple) or len(r) != 8 for r in rows):
        return [gettext("The journal needs a list of rows of 8 cells.")]
    return []


DOCUMENT = DocumentType(
    code="recorder_journal",
    prefix="БЖ",
    title=TITLE,
    label=_("Recorder accounting journal"),
    draw=draw,
    holder_label="",
    check=check,
    landscape=True,
    statutory_form=True,
)
