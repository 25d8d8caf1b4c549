"""Turning fragments into tree nodes, and remembering which node owns which source text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ImportActError
from .join import join_lines
from .source import Source
from .tree import Node, NodeKind, Repair
from .units import Frag

POINT_MARKER = re.compile(r"^\s*\d+\.\s*")
SUBPOINT_MARKER = re.compile(r"^\s*\d+\s?\)\s*")


def _stamp_repairs(parts: list[Frag], repairs: list[Repair]) -> list[Repair]:
    """Rule H: a stamp is short lines with random blank lines; report the joining once, not per blank."""
    filled = sum(1 for part in parts if part.text.strip())
    if filled < 2:
        return repairs
    kept = [repair for repair in repairs if repair.rule != "E"]
    span = f"L{parts[0].line}–{parts[-1].line}"
    joined = Repair("H", f"{span}: stamp block of {filled} short lines joined into one")
    return [joined, *kept]


@dataclass
class Builder:
    """Creates nodes and keeps the ownership record that the no-loss check reads."""

    source: Source
    owned: list[tuple[Node, list[Frag]]] = field(default_factory=list)

    def error(self, line: int, reason: str) -> ImportActError:
        return self.source.error(line, reason)

    def text(
        self,
        parts: list[Frag],
        marker: re.Pattern[str] | None = None,
        cell: bool = False,
        breaks: tuple[int, ...] = (),
    ) -> tuple[str, list[Repair]]:
        """Repaired text of `parts`; `breaks` are indexes where a new paragraph starts ("\\n")."""
        items = [(part.line, part.text) for part in parts]
        if marker is not None and items:
            items[0] = (items[0][0], marker.sub("", items[0][1], count=1))
        bounds = [0, *breaks, len(items)]
        texts: list[str] = []
        repairs: list[Repair] = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            joined, found = join_lines(items[start:end], cell=cell)
            texts.append(joined)
            repairs.extend(found)
        return "\n".join(texts), repairs

    def node(
        self,
        kind: NodeKind,
        parts: list[Frag],
        anchor: str = "",
        number: str = "",
        marker: re.Pattern[str] | None = None,
        cell: bool = False,
        breaks: tuple[int, ...] = (),
        extra: list[Repair] | None = None,
    ) -> Node:
        text, join_repairs = self.text(parts, marker, cell, breaks)
        if kind == "stamp":
            join_repairs = _stamp_repairs(parts, join_repairs)
        repairs = [r for part in parts if part.head for r in self.source.repairs.get(part.line, [])]
        node = Node(
            kind=kind,
            text=text,
            raw="\n".join(part.raw for part in parts),
            lines=(parts[0].line, parts[-1].line),
            number=number,
            anchor=anchor,
            repairs=repairs + join_repairs + (extra or []),
        )
        self.owned.append((node, parts))
        return node
