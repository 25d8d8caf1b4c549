"""Cross-references inside the text of a document: «осы Қағидалардың 19 және 20-тармақтарында»,
«осы регламенттің 2-қосымшасында», «стандарттың 9 тармағында».

A reference becomes a link only when its target is certain: it names this document («осы Қағидалардың»,
«осы регламенттің») and the point or appendix it names exists exactly once.  Every other reference (another
act such as the service standard or a law, an unscoped number, a printed number used twice, a missing
target) stays plain text and is listed for review (portal.xref_admin).

`link_references` is pure: escaped HTML of one document in, the same HTML with links out.  It runs after the
point HTML is built (portal.rendering calls `link_document_html`), so it sees the anchors that really exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.html import escape

# «осы Қағидалардың», «осы Қағидаларға», «осы регламенттің», «осы Регламентке» …: this document.
_THIS_DOCUMENT = r"осы\s+(?:Қағидалар|регламент|Регламент)\w*"
# Another act: the service standard, a law, an article («8-бабы»).
_OTHER_ACT = r"(?:стандарт\w*|Заң\w*|Кодекс\w*)"
# «19 және 20», «2, 3 және 4», «2 (лицензия беру кезінде), 3 (…) және 4»: numbers, each with an optional
# parenthetical saying when it applies.
_ONE = r"\d+(?:\s*\([^()]*\))?"
_NUMBERS = rf"{_ONE}(?:\s*,\s*{_ONE})*(?:\s+және\s+{_ONE})?"
_OUTSIDE_PARENS = re.compile(r"\d+(?![^()]*\))")
REFERENCE_RE = re.compile(
    rf"(?:(?P<this>{_THIS_DOCUMENT})\s+|(?P<other>{_OTHER_ACT})\s+)?"
    rf"(?P<numbers>{_NUMBERS})\s*-?\s*(?P<kind>тарма[қғ](?!ша)\w*|қосымша\w*)",
    re.IGNORECASE,
)
_ID_RE = re.compile(r'\sid="([^"]+)"')
_POINT_ID_RE = re.compile(r"^(?P<doc>d\d+)-p(?P<number>\d+)(?P<dup>-\d+)?$")
# Text between tags: references are looked for in text only, never inside attributes or existing links.
_TEXT_RE = re.compile(r"(<a\b[^>]*>.*?</a>|<[^>]+>)|([^<]+)", re.DOTALL)

CERTAIN = "linked"
OTHER_ACT = "other_act"
UNSCOPED = "unscoped"
AMBIGUOUS = "ambiguous"
MISSING = "missing"


@dataclass(frozen=True)
class Reference:
    text: str  # the words of the reference as printed
    kind: str  # "point" or "appendix"
    numbers: tuple[str, ...]
    status: str  # CERTAIN or the reason it is not linked
    targets: tuple[str, ...] = ()  # hrefs, when CERTAIN


def _numbers(printed: str) -> tuple[str, ...]:
    return tuple(_OUTSIDE_PARENS.findall(printed))


def _point_targets(html_ids: set[str], doc_prefix: str) -> dict[str, list[str]]:
    """Printed point number → the anchors printed with it («7.» twice in regulation 3: d3-p7, d3-p7-2)."""
    targets: dict[str, list[str]] = {}
    for anchor in html_ids:
        match = _POINT_ID_RE.match(anchor)
        if match and match["doc"] == doc_prefix:
            targets.setdefault(match["number"], []).append(anchor)
    return targets


def classify(
    match: re.Match[str],
    *,
    doc_prefix: str,
    points: Mapping[str, list[str]],
    appendices: Mapping[str, str],
) -> Reference:
    """What one reference points to, and whether that is certain."""
    kind = "appendix" if match["kind"].lower().startswith("қосымша") else "point"
    numbers = _numbers(match["numbers"])
    text = match.group(0)
    if match["other"]:
        return Reference(text, kind, numbers, OTHER_ACT)
    if not match["this"]:
        return Reference(text, kind, numbers, UNSCOPED)
    hrefs: list[str] = []
    for number in numbers:
        if kind == "appendix":
            found = [appendices[number]] if number in appendices else []
        else:
            found = [f"#{anchor}" for anchor in points.get(number, [])]
        if len(found) != 1:
            return Reference(text, kind, numbers, AMBIGUOUS if found else MISSING)
        hrefs.append(found[0])
    return Reference(text, kind, numbers, CERTAIN, tuple(hrefs))


def find_references(
    text: str, *, doc_prefix: str, anchors: set[str], appendices: Mapping[str, str]
) -> list[Reference]:
    """Every reference in a plain text, classified (for the review report and the tests)."""
    points = _point_targets(anchors, doc_prefix)
    return [
        classify(m, doc_prefix=doc_prefix, points=points, appendices=appendices)
        for m in REFERENCE_RE.finditer(text)
    ]


def _linked(match: re.Match[str], ref: Reference, base_url: str) -> str:
    """The reference with each number a link: «19 және 20-тармақтарында» → two links in the same words."""
    words = match.group(0)
    if len(ref.targets) == 1:
        return f'<a class="xref" href="{escape(_href(ref.targets[0], base_url))}">{words}</a>'
    numbers_start = match.start("numbers") - match.start()
    head, tail = words[:numbers_start], words[numbers_start:]
    pieces = iter(ref.targets)
    tail = _OUTSIDE_PARENS.sub(
        lambda m: f'<a class="xref" href="{escape(_href(next(pieces), base_url))}">{m.group(0)}</a>',
        tail,
        count=len(ref.targets),
    )
    return head + tail


def _href(target: str, base_url: str) -> str:
    return f"{base_url}{target}" if target.startswith("#") else target


def link_references(html: str, *, doc_prefix: str, base_url: str, appendices: Mapping[str, str]) -> str:
    """The document's HTML with every certain reference a link to its point (on the document's own page)
    or its appendix page; uncertain ones unchanged."""
    if not doc_prefix:
        return html
    points = _point_targets(set(_ID_RE.findall(html)), doc_prefix)

    def text_part(part: re.Match[str]) -> str:
        if part.group(1) is not None:
            return part.group(1)

        def one(match: re.Match[str]) -> str:
            ref = classify(match, doc_prefix=doc_prefix, points=points, appendices=appendices)
            return _linked(match, ref, base_url) if ref.status == CERTAIN else match.group(0)

        return REFERENCE_RE.sub(one, part.group(2))

    return _TEXT_RE.sub(text_part, html)
