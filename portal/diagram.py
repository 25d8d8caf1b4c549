"""Swimlane diagrams of a regulation's procedure, generated as SVG from the procedure steps.

The act's own diagrams were images and are lost («Шартты белгілер:» is all that is left), so the portal
draws them from the structured procedure instead.

Layout: one horizontal lane per actor (in order of first appearance, labelled with the act's Kazakh name
of the structural unit); the steps are boxes left to right in the order given, each showing its number,
the start of the act's text and its time limit; arrows join consecutive steps of one sub-case.

Sub-cases: every sub-case passed in is drawn as its own segment (a run of columns with a heading).  A
refusal branch (sub-case ``incomplete``) is drawn as a branch: a dashed arrow from the step that precedes
it (the step whose ``order`` is one less, in the first segment) over the lanes to the refusal step.
`render_procedure_diagrams` draws a service's full sub-case lists as *separate* diagrams (one SVG each) and
attaches the refusal branch to the main one, which keeps every diagram narrow enough to read.

The output is deterministic: the same steps, title and active language give the same bytes, so it can be
cached (key it by language).  All text is ``<text>`` (no outlined glyphs, no external fonts or images) and
is XML-escaped; the ``<svg>`` carries ``role="img"``, ``lang="kk"`` and ``aria-labelledby`` pointing at
its ``<title>`` and ``<desc>``, and the description lists every step in words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from catalogue import SUBCASE_LABELS, ProcedureStep, group_by_subcase

BRANCH = "incomplete"

# Geometry (px).  Box text is wrapped by character count, a fair estimate for a 12 px sans-serif font.
MARGIN = 16
LANE_HEADER_W = 190
BOX_W = 190
GAP = 40
COL_W = BOX_W + GAP
PAD = 10
LINE_H = 15
FONT = 12
CHARS = 23  # per box line
LIMIT_CHARS = 21  # bold text is wider
LANE_CHARS = 22
ACTION_LINES = 4
SEGMENT_HEAD_H = 40
RAIL_STEP = 10
LEGEND_H = 28

# Colours chosen for contrast ≥ 7:1 against their backgrounds.
INK = "#1a1a1a"
LIMIT_INK = "#7a2e00"
BOX_STROKE = "#1f4e79"
LANE_FILLS = ("#eef2f6", "#ffffff")
LANE_STROKE = "#8a99a8"
BRANCH_FILL = "#fff4ec"
ARROW = "#333333"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; over-long words break after a hyphen, or hard at `width`."""
    words: list[str] = []
    for word in text.split():
        while len(word) > width:
            cut = word.rfind("-", 0, width) + 1 or width
            words.append(word[:cut])
            word = word[cut:]
        if word:
            words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _clip(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    kept[-1] = kept[-1][: CHARS - 1].rstrip() + "…"
    return kept


@dataclass
class _Box:
    step: ProcedureStep
    segment: int
    column: int
    lane: int
    action_lines: list[str]
    limit_lines: list[str]
    branch: bool
    x: int = 0
    y: int = 0

    @property
    def height(self) -> int:
        return PAD * 2 + LINE_H * (len(self.action_lines) + len(self.limit_lines)) + 4

    def label(self) -> str:
        return f"{self.step.order}. {self.step.actor_label}: {self.step.action} — {self.step.limit_text}"


def _subcase_label(subcase: str) -> str:
    return str(SUBCASE_LABELS.get(subcase, subcase))


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _text_lines(x: int, y: int, lines: list[str], *, fill: str = INK, weight: str = "normal") -> str:
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else LINE_H}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" fill="{fill}" font-weight="{weight}">{spans}</text>'


def _without_actor(step: ProcedureStep) -> str:
    """The action without the actor's name it usually starts with: the lane already names the actor."""
    action, actor = step.action.strip(), step.actor_label.strip()
    if actor and action.lower().startswith(actor.lower()):
        rest = action[len(actor) :].lstrip(" ,–-")
        if rest:
            return rest
    return action


def _layout(steps: list[ProcedureStep]):
    groups = group_by_subcase(steps)
    actors: list[str] = []
    actor_labels: dict[str, str] = {}
    for step in steps:
        if step.actor not in actor_labels:
            actors.append(step.actor)
            actor_labels[step.actor] = step.actor_label
    boxes: list[_Box] = []
    segments: list[tuple[str, int, int]] = []  # (sub-case, first column, number of columns)
    column = 0
    for seg_index, (subcase, group) in enumerate(groups):
        segments.append((subcase, column, len(group)))
        for step in group:
            action = _clip(wrap(f"{step.order}. {_without_actor(step)}", CHARS), ACTION_LINES)
            boxes.append(
                _Box(
                    step,
                    seg_index,
                    column,
                    actors.index(step.actor),
                    action,
                    wrap(step.limit_text, LIMIT_CHARS),
                    step.subcase == BRANCH and seg_index > 0,
                )
            )
            column += 1
    return groups, actors, actor_labels, boxes, segments, column


def _branch_sources(boxes: list[_Box]) -> list[tuple[_Box, _Box]]:
    """(source, target) pairs: a refusal branch hangs off the first segment's step ordered just before it."""
    first_segment = [b for b in boxes if b.segment == 0]
    pairs = []
    for segment in sorted({b.segment for b in boxes if b.branch}):
        head = next(b for b in boxes if b.segment == segment)
        source = next((b for b in first_segment if b.step.order == head.step.order - 1), None)
        if source is not None:
            pairs.append((source, head))
    return pairs


def render_process_svg(steps: list[ProcedureStep], *, title: str, id_prefix: str | None = None) -> str:
    """One accessible SVG swimlane diagram of `steps` (see the module docstring for the layout)."""
    if not steps:
        raise ValueError("A process diagram needs at least one step")
    groups, actors, actor_labels, boxes, segments, columns = _layout(steps)
    branches = _branch_sources(boxes)
    uid = (
        id_prefix
        or "pd-"
        + hashlib.sha256(repr((title, [s.as_block_value() for s in steps])).encode()).hexdigest()[:10]
    )

    lane_label_lines = {a: wrap(actor_labels[a], LANE_CHARS) for a in actors}
    lane_heights = []
    for lane, actor in enumerate(actors):
        tallest = max([b.height for b in boxes if b.lane == lane], default=0)
        lane_heights.append(max(tallest, LINE_H * len(lane_label_lines[actor]) + PAD) + PAD * 2)
    head_h = SEGMENT_HEAD_H + RAIL_STEP * (len(branches) + 1)
    top = MARGIN + head_h
    lane_tops = [top + sum(lane_heights[:i]) for i in range(len(actors))]
    lanes_bottom = top + sum(lane_heights)
    left = MARGIN + LANE_HEADER_W
    width = left + columns * COL_W + MARGIN
    legend = bool(branches)
    height = lanes_bottom + (LEGEND_H if legend else 0) + MARGIN

    for box in boxes:
        box.x = left + box.column * COL_W + GAP // 2
        box.y = lane_tops[box.lane] + (lane_heights[box.lane] - box.height) // 2

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" lang="kk" class="process-diagram" '
        f'aria-labelledby="{uid}-title {uid}-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_attr(FONT_FAMILY)}" font-size="{FONT}">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(_description(groups))}</desc>',
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ARROW}"/>'
        f"</marker></defs>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    out += _lanes(actors, lane_label_lines, lane_tops, lane_heights, width)
    out += _segment_heads(segments, groups, left)
    out += _arrows(boxes, uid)
    out += _branch_arrows(branches, uid)
    out += [_box(box) for box in boxes]
    if legend:
        out.append(_text_lines(MARGIN, lanes_bottom + 20, [_("Dashed box and arrow: the refusal branch.")]))
    out.append("</svg>")
    return "\n".join(out)


def _description(groups) -> str:
    parts = []
    for subcase, group in groups:
        items = "; ".join(f"{s.order}) {s.actor_label}: {s.limit_text}" for s in group)
        parts.append(f"{_subcase_label(subcase)}: {items}.")
    return " ".join(parts)


def _lanes(actors, label_lines, tops, heights, width) -> list[str]:
    out = []
    for lane, actor in enumerate(actors):
        y, h = tops[lane], heights[lane]
        out.append(
            f'<g class="lane"><rect x="{MARGIN}" y="{y}" width="{width - 2 * MARGIN}" height="{h}" '
            f'fill="{LANE_FILLS[lane % 2]}" stroke="{LANE_STROKE}"/>'
        )
        out.append(
            f'<line x1="{MARGIN + LANE_HEADER_W}" y1="{y}" x2="{MARGIN + LANE_HEADER_W}" '
            f'y2="{y + h}" stroke="{LANE_STROKE}"/>'
        )
        lines = label_lines[actor]
        text_y = y + (h - LINE_H * len(lines)) // 2 + FONT
        out.append(_text_lines(MARGIN + PAD, text_y, lines, weight="bold") + "</g>")
    return out


def _segment_heads(segments, groups, left) -> list[str]:
    out = []
    for subcase, first, count in segments:
        x = left + first * COL_W + GAP // 2
        label = _subcase_label(subcase)
        out.append(
            _text_lines(x, MARGIN + FONT, wrap(label, CHARS * count + 4 * (count - 1))[:2], weight="bold")
        )
        if first:
            sep = left + first * COL_W
            out.append(
                f'<line x1="{sep}" y1="{MARGIN}" x2="{sep}" y2="{MARGIN + SEGMENT_HEAD_H}" '
                f'stroke="{LANE_STROKE}"/>'
            )
    return out


def _arrows(boxes: list[_Box], uid: str) -> list[str]:
    out = []
    for a, b in zip(boxes, boxes[1:], strict=False):
        if a.segment != b.segment:
            continue
        x1, y1 = a.x + BOX_W, a.y + a.height // 2
        x2, y2 = b.x, b.y + b.height // 2
        mid = x1 + GAP // 2
        points = f"{x1},{y1} {mid},{y1} {mid},{y2} {x2 - 1},{y2}" if y1 != y2 else f"{x1},{y1} {x2 - 1},{y2}"
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{ARROW}" stroke-width="1.5" '
            f'marker-end="url(#{uid}-arrow)"/>'
        )
    return out


def _branch_arrows(pairs: list[tuple[_Box, _Box]], uid: str) -> list[str]:
    out = []
    for level, (source, target) in enumerate(pairs, start=1):
        rail = MARGIN + SEGMENT_HEAD_H + RAIL_STEP * level
        x1, x2 = source.x + BOX_W // 2, target.x + BOX_W // 2
        out.append(
            f'<polyline points="{x1},{source.y} {x1},{rail} {x2},{rail} {x2},{target.y - 1}" '
            f'fill="none" stroke="{ARROW}" stroke-width="1.5" stroke-dasharray="6 4" '
            f'marker-end="url(#{uid}-arrow)"/>'
        )
    return out


def _box(box: _Box) -> str:
    dash = ' stroke-dasharray="6 4"' if box.step.subcase == BRANCH else ""
    fill = BRANCH_FILL if box.step.subcase == BRANCH else "#ffffff"
    text_x = box.x + PAD
    first_y = box.y + PAD + FONT
    limit_y = first_y + LINE_H * len(box.action_lines) + 4
    return (
        f'<g class="step" data-code="{_attr(box.step.code)}" data-subcase="{_attr(box.step.subcase)}">'
        f"<title>{escape(box.label())}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{box.height}" rx="6" fill="{fill}" '
        f'stroke="{BOX_STROKE}" stroke-width="1.5"{dash}/>'
        + _text_lines(text_x, first_y, box.action_lines)
        + _text_lines(text_x, limit_y, box.limit_lines, fill=LIMIT_INK, weight="bold")
        + "</g>"
    )


def diagram_groups(steps: list[ProcedureStep]) -> list[list[ProcedureStep]]:
    """Split a service's steps into diagrams: the main list with its refusal branch, then each other
    sub-case on its own (a refusal branch of a service without a main list stays on its own)."""
    groups = group_by_subcase(steps)
    main = [g for sc, g in groups if sc == ""]
    branch = [g for sc, g in groups if sc == BRANCH]
    if main:
        result = [main[0] + (branch[0] if branch else [])]
        rest = [g for sc, g in groups if sc not in ("", BRANCH)]
    else:
        result = []
        rest = [g for sc, g in groups if sc != ""]
    return result + rest


def render_procedure_diagrams(steps: list[ProcedureStep], *, title: str) -> str:
    """All diagrams of a service, concatenated (see `diagram_groups`); each is titled with its sub-case."""
    svgs = []
    for index, group in enumerate(diagram_groups(steps), start=1):
        subcase = group[0].subcase
        sub_title = title if subcase == "" else f"{title} — {_subcase_label(subcase)}"
        digest = hashlib.sha256(repr((title, index)).encode()).hexdigest()[:8]
        svgs.append(render_process_svg(group, title=sub_title, id_prefix=f"pd-{digest}-{index}"))
    return "\n".join(svgs)
