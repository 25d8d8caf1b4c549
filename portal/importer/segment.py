"""Cutting the file into blocks at separator lines and telling acts, documents and appendices apart."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .source import Source
from .tree import Repair
from .units import HEADING, INDENTED, Block

SEPARATOR = " "  # a line holding exactly one space (DOMAIN §5.1 item 8)
APPENDIX_STAMP_END = re.compile(r"(?:^|\s)(?:(?P<number>\d+)\s*-?\s*)?қосымша\s*$")
APPROVAL_STAMP_END = re.compile(r"бекітілген\s*$")
# Rule I: the tail of an approval stamp that ended up inside the previous appendix block.
STAMP_TAIL = re.compile(r"^\s*№\s?\d+\s+(?:қаулысымен|бұйрығымен)\s+бекітілген\s*$")


def _check_complete(source: Source) -> None:
    """Every act file ends with a separator line; a file that does not was cut short."""
    filled = [n for n, raw in enumerate(source.raw, start=1) if raw.strip(" ") or raw == SEPARATOR]
    if not filled:
        raise source.error(0, _("the file holds no text"))
    if source.raw[filled[-1] - 1] != SEPARATOR:
        raise source.error(
            filled[-1],
            _(
                "the file ends here without the closing separator line (a line with one space): "
                "the text seems truncated"
            ),
        )


def _spans(source: Source) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 1
    for number, raw in enumerate(source.raw, start=1):
        if raw == SEPARATOR:
            spans.append((start, number - 1))
            start = number + 1
    spans.append((start, len(source)))
    return [(a, b) for a, b in spans if any(source.text[n - 1].strip() for n in range(a, b + 1))]


def _first(source: Source, first: int, last: int, pattern: re.Pattern[str]) -> int:
    return next((n for n in range(first, last + 1) if pattern.search(source.text[n - 1])), 0)


def _body_start(source: Source, first: int, last: int) -> int:
    for number in range(first, last + 1):
        text = source.text[number - 1]
        if INDENTED.match(text) or HEADING.match(text):
            return number
    return last + 1


def _classify(source: Source, first: int, last: int) -> list[Block]:
    body = _body_start(source, first, last)
    appendix_end = _first(source, first, last, APPENDIX_STAMP_END)
    if appendix_end and appendix_end < body:
        tail = _first(source, appendix_end + 1, last, STAMP_TAIL)
        if not tail:
            return [Block("appendix", first, last, appendix_end)]
        source.add_repair(
            appendix_end,
            Repair(
                "I",
                f"L{appendix_end + 1}: the appendix block runs into the approval stamp of the next "
                "document; split there (the appendix title and body are missing in the source)",
            ),
        )
        source.add_repair(
            tail,
            Repair("I", f"L{tail}: approval stamp truncated in the source (only its last line survives)"),
        )
        return [Block("appendix", first, tail - 1, appendix_end), *_classify(source, tail, last)]
    approval_end = _first(source, first, last, APPROVAL_STAMP_END)
    if approval_end and approval_end < body:
        return [Block("document", first, last, approval_end)]
    start = next(n for n in range(first, last + 1) if source.text[n - 1].strip())
    raise source.error(
        start,
        _(
            "this block starts with neither an approval stamp («… бекітілген») nor an appendix stamp "
            "(«… қосымша»)"
        ),
    )


def segment(source: Source) -> list[Block]:
    """The act block first, then documents and appendices in file order (rule I applied)."""
    _check_complete(source)
    spans = _spans(source)
    if not spans:
        raise source.error(0, _("the file holds no text"))
    blocks = [Block("act", *spans[0])]
    for first, last in spans[1:]:
        blocks.extend(_classify(source, first, last))
    return blocks
