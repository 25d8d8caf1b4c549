"""Source fragments and paragraph units: the raw material every node is built from.

A `Frag` is one source line, or part of one when a line holds two nodes (an inline sub-point, a form
field after a title).  A `Unit` is a run of fragments that starts a structural element (an indented
paragraph, a heading) and takes in its continuation lines (DOMAIN §5.1 items 11–14, rule E).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .source import Source

INDENTED = re.compile(r"^ {6,}\S")
POINT = re.compile(r"^\s*(\d+)\.\s")
SUBPOINT = re.compile(r"^\s*(\d+)\s?\)\s")
HEADING = re.compile(r"^(?:(?P<chapter>\d+)-тарау\.\s+\S|(?P<section>\d+)\.\s+\S|Жалпы ережелер\s*$)")


@dataclass
class Frag:
    line: int
    raw: str  # the source text of this fragment, untouched
    text: str  # the same text after the line repairs (J, F, A, H)
    head: bool = True  # the fragment holds the start of its line (line-level repairs belong here)
    col: int = 0  # where the fragment starts in the raw line


@dataclass
class Unit:
    kind: str  # "point", "subpoint", "para", "heading"
    frags: list[Frag]
    number: str = ""

    @property
    def first(self) -> int:
        return self.frags[0].line

    @property
    def last(self) -> int:
        return self.frags[-1].line


def frag(source: Source, line: int) -> Frag:
    return Frag(line, source.raw[line - 1], source.text[line - 1])


def frags(source: Source, first: int, last: int) -> list[Frag]:
    return [frag(source, line) for line in range(first, last + 1)]


def is_blank(source: Source, line: int) -> bool:
    return not source.text[line - 1].strip()


def heading_number(text: str) -> str:
    match = HEADING.match(text)
    return (match.group("chapter") or match.group("section") or "") if match else ""


def _start(text: str, headings: bool) -> Unit | None:
    if INDENTED.match(text):
        for kind, pattern in (("point", POINT), ("subpoint", SUBPOINT)):
            match = pattern.match(text)
            if match:
                return Unit(kind, [], match.group(1))
        return Unit("para", [])
    if headings and HEADING.match(text):
        return Unit("heading", [], heading_number(text))
    return None


def split_units(source: Source, first: int, last: int, headings: bool) -> list[Unit]:
    """Cut lines first..last into units; a continuation line with nothing to continue is an error."""
    units: list[Unit] = []
    blanks: list[int] = []
    for line in range(first, last + 1):
        text = source.text[line - 1]
        if not text.strip():
            blanks.append(line)
            continue
        unit = _start(text, headings)
        if unit is not None:
            unit.frags.append(frag(source, line))
            units.append(unit)
        elif not units or (units[-1].kind == "heading" and blanks):
            raise source.error(
                line,
                _(
                    "this text belongs to no paragraph: it is neither a heading, nor a "
                    "point or paragraph, nor the continuation of one"
                ),
            )
        else:
            units[-1].frags.extend(frag(source, number) for number in [*blanks, line])
        blanks = []
    return units


def split_unit(
    unit: Unit, index: int, text_col: int, raw_col: int, kind: str, number: str
) -> tuple[Unit, Unit]:
    """Cut `unit` inside its fragment `index`: the tail becomes a new unit of `kind`."""
    cut = unit.frags[index]
    head = Frag(cut.line, cut.raw[:raw_col], cut.text[:text_col], cut.head, cut.col)
    tail = Frag(cut.line, cut.raw[raw_col:], cut.text[text_col:], head=False, col=cut.col + raw_col)
    return (
        Unit(unit.kind, [*unit.frags[:index], head], unit.number),
        Unit(kind, [tail, *unit.frags[index + 1 :]], number),
    )


@dataclass
class Block:
    """Lines between two separator lines (DOMAIN §5.1 item 8), classified."""

    kind: str  # "act", "document", "appendix"
    first: int
    last: int
    stamp_end: int = 0  # the last line of the stamp (documents and appendices)
