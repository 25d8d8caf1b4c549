"""Helpers for the importer tests: walking a ParsedAct without knowing its internals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from portal.importer.tree import Node, ParsedAct


def walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def all_nodes(parsed: ParsedAct) -> list[Node]:
    """Every node of the act, appendix cells and labels included, in reading order."""
    nodes = [parsed.title]
    if parsed.status_badge is not None:
        nodes.append(parsed.status_badge)
    nodes += [parsed.header, *walk(parsed.notes), parsed.preamble, *walk(parsed.points), parsed.signature]
    for doc in parsed.documents:
        nodes += [doc.stamp, doc.title]
        for division in doc.divisions:
            nodes += [division.title, *walk(division.points)]
        for appendix in doc.appendices:
            extra = [appendix.stamp, appendix.form_label_node, appendix.title, appendix.column_numbers]
            nodes += [node for node in extra if node is not None]
            nodes += list(walk(appendix.body))
            nodes += [column.cell for column in appendix.columns if column.cell is not None]
    return nodes


def by_anchor(parsed: ParsedAct) -> dict[str, Node]:
    return {node.anchor: node for node in all_nodes(parsed)}


def source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def covering(parsed: ParsedAct, first: int, last: int) -> list[Node]:
    """The nodes whose own line range holds lines first..last."""
    return [node for node in all_nodes(parsed) if node.lines[0] <= first and last <= node.lines[1]]
