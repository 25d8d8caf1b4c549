"""Checks after parsing: nothing lost (every source character in exactly one node), known or generic shape."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .expected import ExpectedAct, ExpectedDocument
from .nodes import Builder
from .tree import Appendix, ApprovedDocument, Node, ParsedAct


def check_coverage(builder: Builder) -> None:
    """Every non-blank source line is covered, exactly once, by the fragments of the nodes (no loss)."""
    source = builder.source
    pieces: dict[int, list[tuple[int, str]]] = {}
    for _node, parts in builder.owned:
        for part in parts:
            if part.raw.strip() or not part.head:
                pieces.setdefault(part.line, []).append((part.col, part.raw))
    for number, raw in enumerate(source.raw, start=1):
        found = sorted(pieces.get(number, []))
        if not raw.strip():
            continue
        if not found:
            raise source.error(number, _("this text was not placed anywhere in the act's structure"))
        if "".join(text for _col, text in found) != raw:
            raise source.error(number, _("this line was placed in more than one element of the act"))


def _points(nodes: list[Node]) -> list[str]:
    return [node.number for node in nodes]


def _appendix_state(appendix: Appendix) -> str:
    if appendix.stamp is None:
        return "missing"
    return "stamp_only" if appendix.title is None else "present"


def _check_document(builder: Builder, doc: ApprovedDocument, expected: ExpectedDocument) -> None:
    line = doc.stamp.lines[0]
    found = tuple((division.number, tuple(_points(division.points))) for division in doc.divisions)
    if doc.kind != expected.kind or found != expected.divisions:
        raise builder.error(
            line,
            _(
                "approved document %(seq)d has the divisions and points %(found)s; the "
                "known act has %(expected)s"
            )
            % {"seq": doc.seq, "found": found, "expected": expected.divisions},
        )
    appendices = tuple((appendix.number, _appendix_state(appendix)) for appendix in doc.appendices)
    if appendices != expected.appendices:
        reason = _("approved document %(seq)d has the appendices %(found)s; the known act has %(expected)s")
        reason %= {"seq": doc.seq, "found": appendices, "expected": expected.appendices}
        raise builder.error(line, reason)
    columns = sum(len(appendix.columns) for appendix in doc.appendices)
    if columns != expected.columns:
        raise builder.error(
            line,
            _("the journal form has %(found)d columns; the known act has %(expected)d")
            % {"found": columns, "expected": expected.columns},
        )


def check_known(builder: Builder, parsed: ParsedAct, expected: ExpectedAct) -> None:
    found = tuple((point.number, tuple(_points(point.children))) for point in parsed.points)
    if found != expected.points:
        reason = _("the operative points are %(found)s; the known act has %(expected)s") % {
            "found": found,
            "expected": expected.points,
        }
        raise builder.error(parsed.preamble.lines[1], reason)
    if len(parsed.documents) != len(expected.documents):
        raise builder.error(
            parsed.signature.lines[1],
            _("the act approves %(found)d documents; the known act approves %(expected)d")
            % {"found": len(parsed.documents), "expected": len(expected.documents)},
        )
    for doc, expected_doc in zip(parsed.documents, expected.documents, strict=True):
        _check_document(builder, doc, expected_doc)


def _check_sequence(builder: Builder, nodes: list[Node], restart_allowed: set[int]) -> None:
    """Points count up by one; a number printed twice in a row is kept (003 has «7.» twice)."""
    previous = 0
    for index, node in enumerate(nodes):
        number = int(node.number)
        if number in (previous, previous + 1) or (index in restart_allowed and number == 1):
            previous = number
            continue
        raise builder.error(
            node.lines[0],
            _("point %(number)d. follows point %(previous)d.") % {"number": number, "previous": previous},
        )


def check_generic(builder: Builder, parsed: ParsedAct) -> None:
    if not parsed.points:
        raise builder.error(parsed.preamble.lines[1], _("the act has no operative points"))
    _check_sequence(builder, parsed.points, set())
    if not parsed.documents:
        raise builder.error(parsed.signature.lines[1], _("the act approves no document"))
    for doc in parsed.documents:
        points: list[Node] = []
        restarts: set[int] = set()
        for division in doc.divisions:
            restarts.add(len(points))  # an unseen act may number the points of each chapter anew
            points.extend(division.points)
        _check_sequence(builder, points, restarts)
