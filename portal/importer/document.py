"""An approved document (Rules / Regulation): approval stamp, title, divisions with their points."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .nodes import Builder
from .outline import Item, Outline
from .tree import ApprovedDocument, Division
from .units import HEADING, INDENTED, Block, Unit, frags, is_blank, split_units


def _title_end(builder: Builder, first: int, last: int) -> int:
    """The title runs until a blank line, a heading or an indented line (003 L393→L394 has no blank)."""
    source = builder.source
    end = first
    while end + 1 <= last:
        nxt = source.text[end]
        if not nxt.strip() or HEADING.match(nxt) or INDENTED.match(nxt):
            break
        end += 1
    return end


def _divisions(builder: Builder, units: list[Unit]) -> list[tuple[Unit, list[Unit]]]:
    if units and units[0].kind != "heading":
        raise builder.error(units[0].first, _("this text comes before the first chapter or section heading"))
    groups: list[tuple[Unit, list[Unit]]] = []
    for unit in units:
        if unit.kind == "heading":
            groups.append((unit, []))
        else:
            groups[-1][1].append(unit)
    for heading, body in groups:
        if not body:
            raise builder.error(heading.first, _("this heading has no points under it"))
    return groups


def build_document(builder: Builder, block: Block, seq: int) -> ApprovedDocument:
    source = builder.source
    first = next(n for n in range(block.first, block.stamp_end + 1) if not is_blank(source, n))
    stamp = builder.node("stamp", frags(source, first, block.stamp_end), anchor=f"d{seq}-stamp")
    t_first = block.stamp_end + 1
    while t_first <= block.last and is_blank(source, t_first):
        t_first += 1
    first_text = source.text[t_first - 1] if t_first <= block.last else ""
    if not first_text or HEADING.match(first_text) or INDENTED.match(first_text):
        raise builder.error(min(t_first, block.last), _("the approved document has no title after its stamp"))
    t_last = _title_end(builder, t_first, block.last)
    title = builder.node("title", frags(source, t_first, t_last), anchor=f"d{seq}-title")
    units = split_units(source, t_last + 1, block.last, headings=True)
    if not units:
        raise builder.error(t_last, _("the approved document has no chapters or points"))
    outline = Outline(builder)
    groups = [(heading, outline.items(body)) for heading, body in _divisions(builder, units)]
    # Anchors run over the whole document: «7.» printed twice in regulation 3 gives d3-p7 and d3-p7-2.
    all_points: list[Item] = [item for _heading, items in groups for item in items]
    nodes = iter(outline.nodes(all_points, f"d{seq}"))
    divisions = []
    for ordinal, (heading, items) in enumerate(groups, start=1):
        anchor = f"d{seq}-ch{ordinal}"
        heading_node = builder.node("heading", heading.frags, anchor=f"{anchor}-title", number=heading.number)
        divisions.append(Division(heading.number, heading_node, anchor, [next(nodes) for _item in items]))
    kind = "regulation" if "регламент" in title.text.lower() else "rules"
    return ApprovedDocument(seq, kind, f"d{seq}", stamp, title, divisions)  # type: ignore[arg-type]
