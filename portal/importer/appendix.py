"""Appendix blocks: stamp, optional «Нысан», title and body; placeholders for appendices the source lost."""

from __future__ import annotations

import re

from .journal import build_journal, is_journal
from .nodes import Builder
from .segment import APPENDIX_STAMP_END
from .source import Source
from .tree import Appendix, ApprovedDocument, Node
from .units import Block, frags, is_blank

FORM_LABEL = re.compile(r"^\s*Нысан\s*$")
LEGEND = re.compile(r"^\s*Шартты белгілер:?\s*$")
# A referenced appendix of the document itself: «осы регламенттің 3-қосымшасына», «4 - қосымшаларына».
APPENDIX_REFERENCE = re.compile(r"(\d+)\s*[-–]\s*қосымша")
OWN_DOCUMENT = re.compile(r"регламент|Қағида")


def _next_filled(source: Source, line: int, last: int) -> int:
    while line <= last and is_blank(source, line):
        line += 1
    return line


def _continues_title(source: Source, line: int, blanks: int) -> bool:
    """After a blank run the title goes on for a page break or a lower-case / bracketed line (003 L1903)."""
    text = source.text[line - 1].strip()
    if LEGEND.match(text):
        return False
    return blanks == 3 or blanks == 0 or text[:1] == "(" or text[:1].islower()


def _title_end(source: Source, first: int, last: int) -> int:
    end = first
    line = first + 1
    while line <= last:
        nxt = _next_filled(source, line, last)
        if nxt > last or not _continues_title(source, nxt, nxt - line):
            break
        end = line = nxt
        line += 1
    return end


def _body(builder: Builder, first: int, last: int, anchor: str) -> list[Node]:
    """Legends and any other text blocks (blank-separated); image-marker lines hold only spaces."""
    source = builder.source
    body: list[Node] = []
    line = _next_filled(source, first, last)
    while line <= last:
        end = line
        while end + 1 <= last and not is_blank(source, end + 1):
            end += 1
        kind = "legend" if LEGEND.match(source.text[line - 1]) and end == line else "text"
        body.append(builder.node(kind, frags(source, line, end), anchor=f"{anchor}-b{len(body) + 1}"))
        line = _next_filled(source, end + 1, last)
    return body


def build_appendix(builder: Builder, block: Block, doc_seq: int, seq: int) -> Appendix:
    source = builder.source
    anchor = f"d{doc_seq}-app{seq}"
    first = _next_filled(source, block.first, block.stamp_end)
    stamp = builder.node("stamp", frags(source, first, block.stamp_end), anchor=f"{anchor}-stamp")
    number = APPENDIX_STAMP_END.search(source.text[block.stamp_end - 1]).group("number") or ""
    appendix = Appendix(seq=seq, number=number, anchor=anchor, stamp=stamp, title=None)
    line = _next_filled(source, block.stamp_end + 1, block.last)
    if line <= block.last and FORM_LABEL.match(source.text[line - 1]):
        appendix.form_label = source.text[line - 1].strip()
        appendix.form_label_node = builder.node("heading", frags(source, line, line), anchor=f"{anchor}-form")
        line = _next_filled(source, line + 1, block.last)
    if line > block.last:
        appendix.missing_in_source = True  # only the stamp survived (003 L1247–1254)
        return appendix
    if appendix.form_label and is_journal(source, line, block.last):
        build_journal(builder, appendix, line, block.last)
        return appendix
    t_last = _title_end(source, line, block.last)
    appendix.title = builder.node("appendix_title", frags(source, line, t_last), anchor=f"{anchor}-title")
    appendix.body = _body(builder, t_last + 1, block.last, anchor)
    # Diagrams and handbooks: only the legend (or nothing) is left where the graphics were.
    appendix.graphics_missing = all(node.kind == "legend" for node in appendix.body)
    return appendix


def referenced_appendices(doc: ApprovedDocument) -> int:
    """The highest appendix number the document's own text refers to («осы регламенттің 3-қосымшасына»)."""
    highest = 0
    texts = [point.text for division in doc.divisions for point in _walk(division.points)]
    for text in texts:
        for match in APPENDIX_REFERENCE.finditer(text):
            window = re.split(r"[.;:]", text[: match.start()])[-1]
            if OWN_DOCUMENT.search(window):
                highest = max(highest, int(match.group(1)))
    return highest


def _walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def add_placeholders(doc: ApprovedDocument) -> None:
    """Appendices the document refers to but the source lost become placeholders (rule I)."""
    present = {appendix.number for appendix in doc.appendices}
    for number in range(1, referenced_appendices(doc) + 1):
        if str(number) not in present and not (number == 1 and "" in present):
            doc.appendices.append(
                Appendix(seq=0, number=str(number), anchor="", stamp=None, title=None, missing_in_source=True)
            )
    doc.appendices.sort(key=lambda appendix: int(appendix.number or 0))
    used = {appendix.anchor for appendix in doc.appendices}
    for seq, appendix in enumerate(doc.appendices, start=1):
        appendix.seq = seq
        if not appendix.anchor:
            anchor = f"d{doc.seq}-app{seq}"
            appendix.anchor = anchor if anchor not in used else f"{anchor}-missing"
