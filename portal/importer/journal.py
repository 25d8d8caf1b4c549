"""The journal form of act 000 (DOMAIN §1.6, rule G): cover texts and the 8-column table.

The table is not parsed generically: the flattened cells are read in order and each must equal the known
column heading; any difference stops the import.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from catalogue.journal import COLUMN_HEADINGS

from .nodes import Builder
from .source import Source
from .tree import Appendix, JournalColumn
from .units import Unit, frags, is_blank, split_unit

JOURNAL_TITLE = "есепке алу журналы"
COVER_FRONT = re.compile(r"^\s*Мұқабаның беткі жағы\s*$")
COVER_INSIDE = re.compile(r"^\s*Мұқабаның ішкі жағы\s*$")
FIELD = re.compile(r"_{3,}")


def _blocks(source: Source, first: int, last: int) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    line = first
    while line <= last:
        if is_blank(source, line):
            line += 1
            continue
        end = line
        while end + 1 <= last and not is_blank(source, end + 1):
            end += 1
        blocks.append((line, end))
        line = end + 1
    return blocks


def is_journal(source: Source, first: int, last: int) -> bool:
    text = " ".join(source.text[n - 1] for n in range(first, last + 1))
    return bool(COVER_FRONT.match(source.text[first - 1])) and JOURNAL_TITLE in text


def _cover(builder: Builder, appendix: Appendix, first: int, last: int) -> None:
    """Cover texts: the journal title (cut before its blank field), the field caption, the dates line."""
    anchor = appendix.anchor
    blocks = _blocks(builder.source, first, last)
    if not blocks:
        raise builder.error(first, _("the journal cover has no title"))
    title = Unit("para", frags(builder.source, *blocks[0]))
    for index, part in enumerate(title.frags):
        in_text, in_raw = FIELD.search(part.text), FIELD.search(part.raw)
        if in_text and in_raw and part.text[: in_text.start()].strip():
            title, rest = split_unit(title, index, in_text.start(), in_raw.start(), "para", "")
            field_anchor = f"{anchor}-b{len(appendix.body) + 1}"
            appendix.body.append(builder.node("text", rest.frags, anchor=field_anchor))
            break
    appendix.title = builder.node("appendix_title", title.frags, anchor=f"{anchor}-title")
    if JOURNAL_TITLE not in appendix.title.text:
        raise builder.error(blocks[0][0], _("the journal form has no title «… есепке алу журналы»"))
    for start, end in blocks[1:]:
        appendix.body.append(
            builder.node(
                "text", frags(builder.source, start, end), anchor=f"{anchor}-b{len(appendix.body) + 1}"
            )
        )


def _table(builder: Builder, appendix: Appendix, first: int, last: int) -> None:
    source = builder.source
    blocks = _blocks(source, first, last)
    if len(blocks) != len(COLUMN_HEADINGS) + 1:
        reason = _(
            "the journal table should have %(count)d header cells and a column-number row, but "
            "%(found)d blocks were found"
        ) % {"count": len(COLUMN_HEADINGS), "found": len(blocks)}
        raise builder.error(first, reason)
    for number, ((start, end), heading) in enumerate(zip(blocks, COLUMN_HEADINGS, strict=False), start=1):
        anchor = f"{appendix.anchor}-col{number}"
        cell = builder.node("text", frags(source, start, end), anchor=anchor, cell=True)
        if cell.text != heading:
            reason = _("journal column %(number)d reads «%(found)s», not «%(expected)s» as in the known form")
            reason %= {"number": number, "found": cell.text, "expected": heading}
            raise builder.error(start, reason)
        appendix.columns.append(JournalColumn(number, heading, cell))
    start, end = blocks[-1]
    row = builder.node("text", frags(source, start, end), anchor=f"{appendix.anchor}-colnums")
    if row.text.split() != [str(n) for n in range(1, len(COLUMN_HEADINGS) + 1)]:
        raise builder.error(start, _("the column-number row should read «1 2 3 4 5 6 7 8»"))
    appendix.column_numbers = row


def build_journal(builder: Builder, appendix: Appendix, first: int, last: int) -> None:
    source = builder.source
    inside = next((n for n in range(first, last + 1) if COVER_INSIDE.match(source.text[n - 1])), 0)
    if not inside:
        raise builder.error(first, _("the journal form has no inside cover («Мұқабаның ішкі жағы»)"))
    anchor = appendix.anchor
    appendix.body.append(builder.node("heading", frags(source, first, first), anchor=f"{anchor}-b1"))
    _cover(builder, appendix, first + 1, inside - 1)
    appendix.body.append(
        builder.node("heading", frags(source, inside, inside), anchor=f"{anchor}-b{len(appendix.body) + 1}")
    )
    _table(builder, appendix, inside + 1, last)
