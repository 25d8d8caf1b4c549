"""Points → sub-points (nested) → unnumbered paragraphs, from a run of units (DOMAIN §5.1 items 12–14).

Placement rules, in the words of the source layout:
- a sub-point continues the innermost list that expects its number; a list that restarts at 1) nests under
  the element just before it (a sub-point: 003 L1471–1476; an introducing paragraph: the provider-side list
  of point 9, «…2-қосымшасында келтірілген:»);
- a sub-point 2) whose 1) sits inline in the preceding text («…тапсырған кезде: 1) …», 003 L745) splits
  that text;
- an unnumbered paragraph after a sub-point belongs to it when the sub-point ends with «:» or when the next
  sub-point continues its numbering (003 L138–148, L1088); otherwise it belongs to the enclosing element.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .nodes import POINT_MARKER, SUBPOINT_MARKER, Builder
from .tree import Node
from .units import Unit, split_unit

_INLINE_FIRST = re.compile(r"[:;]\s+(1\)\s)")


@dataclass
class Item:
    unit: Unit
    kind: str  # "point", "subpoint", "paragraph"
    children: list[Item] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.unit.number


def _expected(container: Item) -> int:
    subs = [child for child in container.children if child.kind == "subpoint"]
    return int(subs[-1].number) + 1 if subs else 1


def _next_sub(units: list[Unit], index: int) -> int | None:
    for unit in units[index + 1 :]:
        if unit.kind == "subpoint":
            return int(unit.number)
        if unit.kind != "para":
            return None
    return None


class Outline:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder

    def items(self, units: list[Unit]) -> list[Item]:
        points: list[Item] = []
        stack: list[Item] = []
        for index, unit in enumerate(units):
            if unit.kind == "point":
                points.append(Item(unit, "point"))
                stack = [points[-1]]
            elif not stack:
                raise self.builder.error(unit.first, _("this paragraph comes before the first point"))
            elif unit.kind == "subpoint":
                self._place_subpoint(stack, Item(unit, "subpoint"))
            elif unit.kind == "para":
                self._place_paragraph(stack, Item(unit, "paragraph"), _next_sub(units, index))
            else:
                raise self.builder.error(unit.first, _("a heading cannot stand inside a list of points"))
        return points

    def _place_subpoint(self, stack: list[Item], item: Item) -> None:
        number = int(item.number)
        for depth in range(len(stack) - 1, -1, -1):
            if number == _expected(stack[depth]):
                del stack[depth + 1 :]
                stack[depth].children.append(item)
                return
        container = stack[-1]
        if number == 1 and container.children:
            stack.append(container.children[-1])
            stack[-1].children.append(item)
            return
        if number == 2 and _expected(container) == 1 and self._split_inline_first(container):
            container.children.append(item)
            return
        raise self.builder.error(
            item.unit.first,
            _("sub-point %(number)s) does not continue any open list (expected %(expected)s))")
            % {"number": number, "expected": _expected(container)},
        )

    def _split_inline_first(self, container: Item) -> bool:
        """Find «…: 1) …» inside the last paragraph (or the container's own text) and cut it out."""
        holder = container.children[-1] if container.children else container
        for index in range(len(holder.unit.frags) - 1, -1, -1):
            part = holder.unit.frags[index]
            in_text, in_raw = _INLINE_FIRST.search(part.text), _INLINE_FIRST.search(part.raw)
            if in_text and in_raw:
                cols = in_text.start(1), in_raw.start(1)
                head, tail = split_unit(holder.unit, index, *cols, "subpoint", "1")
                holder.unit = head
                container.children.append(Item(tail, "subpoint"))
                return True
        return False

    def _place_paragraph(self, stack: list[Item], item: Item, next_sub: int | None) -> None:
        while True:
            container = stack[-1]
            last = container.children[-1] if container.children else None
            if last is not None and last.kind == "subpoint":
                if self._ends_with_colon(last) or next_sub == int(last.number) + 1:
                    last.children.append(item)
                    return
                if len(stack) > 1:
                    stack.pop()
                    continue
            container.children.append(item)
            return

    def _ends_with_colon(self, item: Item) -> bool:
        text, _repairs = self.builder.text(item.unit.frags, SUBPOINT_MARKER)
        return text.endswith(":")

    # ------------------------------------------------------------------------------------------ nodes

    def nodes(self, points: list[Item], prefix: str) -> list[Node]:
        """Build the nodes; anchors are unique: a repeated number gets «-2», «-3» by occurrence."""
        return self._nodes(points, prefix, "p")

    def _nodes(self, items: list[Item], prefix: str, letter: str) -> list[Node]:
        seen: Counter[str] = Counter()
        paragraphs = 0
        nodes: list[Node] = []
        for item in items:
            if item.kind == "paragraph":
                paragraphs += 1
                anchor = f"{prefix}-a{paragraphs}"
                marker = None
            else:
                seen[item.number] += 1
                anchor = f"{prefix}-{letter}{item.number}".lstrip("-")
                if seen[item.number] > 1:
                    anchor += f"-{seen[item.number]}"
                marker = POINT_MARKER if item.kind == "point" else SUBPOINT_MARKER
            node = self.builder.node(
                item.kind,
                item.unit.frags,
                anchor=anchor,  # type: ignore[arg-type]
                number="" if item.kind == "paragraph" else item.number,
                marker=marker,
            )
            node.children = self._nodes(item.children, anchor, "s")
            nodes.append(node)
        return nodes
