"""The act block: title, status badge, header, editorial notes, preamble, operative points, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .nodes import Builder
from .outline import Outline
from .tree import Node
from .units import INDENTED, Block, Frag, Unit, frags, is_blank, split_units

BADGE = re.compile(r"^\s*(Күшін жойған|Күші жойылған|Қолданыстағы|Қолданысқа енгізілмеген)\s*$")
FORMULA = re.compile(r"(БҰЙЫРАМЫН|ҚАУЛЫ\s+ЕТЕДІ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШЕДІ)\s*:")
NOTE_START = re.compile(r"^(Ескерту\b|РҚАО)")
SIGNATURE_END = re.compile(r"[А-ЯӘҒҚҢӨҰҮҺІЁ]\.\s?[А-ЯӘҒҚҢӨҰҮҺІЁ][а-яәғқңөұүһіё]+$")


@dataclass
class ActParts:
    title: Node
    status_badge: Node | None
    header: Node
    notes: list[Node]
    preamble: Node
    points: list[Node]
    signature: Node


def _run(builder: Builder, start: int, last: int, stop) -> tuple[int, int]:
    """First and last line of the non-blank run from `start` that ends before a blank line or `stop`."""
    source = builder.source
    while start <= last and is_blank(source, start):
        start += 1
    end = start
    while end + 1 <= last and not is_blank(source, end + 1) and not stop(source.text[end]):
        end += 1
    if start > last:
        raise builder.error(last, _("the act ends before its title and header"))
    return start, end


def _starts_note(builder: Builder, unit: Unit) -> bool:
    return bool(NOTE_START.match(builder.text(unit.frags)[0]))


def _joined(units: list[Unit]) -> tuple[list[Frag], tuple[int, ...]]:
    """The fragments of several paragraphs as one node, with the paragraph starts as breaks."""
    parts = [part for unit in units for part in unit.frags]
    breaks, total = [], 0
    for unit in units[:-1]:
        total += len(unit.frags)
        breaks.append(total)
    return parts, tuple(breaks)


def _notes(builder: Builder, units: list[Unit]) -> list[list[Unit]]:
    """A note starts with «Ескерту» / «РҚАО…»; the paragraphs after it belong to it (DOMAIN §5.1 item 4)."""
    groups: list[list[Unit]] = []
    for unit in units:
        if _starts_note(builder, unit) or not groups:
            groups.append([unit])
        else:
            groups[-1].append(unit)
    return groups


def _split_front(builder: Builder, units: list[Unit], last: int) -> tuple[list[Unit], list[Unit], int]:
    """Notes, the preamble (ending with the operative formula), and the index of the first unit after it."""
    for index, unit in enumerate(units):
        if unit.kind != "para":
            raise builder.error(unit.first, _("a numbered point comes before the preamble"))
        if FORMULA.search(builder.text(unit.frags)[0]):
            front = units[:index]
            if front and _starts_note(builder, front[0]):
                return front, [unit], index + 1
            return [], [*front, unit], index + 1
    reason = _("the operative formula («БҰЙЫРАМЫН:», «ҚАУЛЫ ЕТЕДІ:») was not found")
    raise builder.error(units[0].first if units else last, reason)


def build_act(builder: Builder, block: Block) -> ActParts:
    source = builder.source
    t_first, t_last = _run(builder, block.first, block.last, lambda text: False)
    title = builder.node("title", frags(source, t_first, t_last), anchor="title")
    line = t_last + 1
    while line <= block.last and is_blank(source, line):
        line += 1
    badge = None
    if line <= block.last and BADGE.match(source.text[line - 1]):
        badge = builder.node("status", frags(source, line, line), anchor="status")
        line += 1
    h_first, h_last = _run(builder, line, block.last, lambda text: bool(INDENTED.match(text)))
    header = builder.node("header", frags(source, h_first, h_last), anchor="header")
    units = split_units(source, h_last + 1, block.last, headings=False)
    note_units, preamble_units, after = _split_front(builder, units, block.last)
    notes = []
    for k, group in enumerate(_notes(builder, note_units), start=1):
        parts, breaks = _joined(group)
        notes.append(builder.node("note", parts, anchor=f"n{k}", breaks=breaks))
    parts, breaks = _joined(preamble_units)
    preamble = builder.node("preamble", parts, anchor="preamble", breaks=breaks)
    body = units[after:]
    if not body or body[-1].kind != "para" or not SIGNATURE_END.search(builder.text(body[-1].frags)[0]):
        line = body[-1].first if body else block.last
        raise builder.error(
            line,
            _("the signature (position and name, e.g. «… С. Омаров») was not found at the end of the act"),
        )
    outline = Outline(builder)
    points = outline.nodes(outline.items(body[:-1]), "")
    signature = builder.node("signature", body[-1].frags, anchor="signature")
    return ActParts(title, badge, header, notes, preamble, points, signature)
