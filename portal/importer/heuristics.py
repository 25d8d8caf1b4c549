"""Rule-A heuristics for unseen acts (DOMAIN §5.3 A, "Heuristics for new documents").

Everything here is a guess: each change is recorded as a repair with `needs_review=True`, and the act
becomes a draft.  Gap markers that no candidate used are recorded too, so an editor looks at them.
"""

from __future__ import annotations

import re

from .fixtable import GLUED_WORDS
from .source import Source
from .tree import Repair
from .units import HEADING, INDENTED

_CYR = "а-яәғқңөұүһіА-ЯӘҒҚҢӨҰҮҺІ"
GAP = re.compile(r"(?<=\S)  (?=\S)")
LEADING_GAP = re.compile(r"^ (?=\S)")
PUNCT_GLUED = re.compile(rf"(?P<p>[.;:])(?P<a>\d+\s*[-–]\s*қосымша\w*|[^\s.;:]*[{_CYR}][^\s.;:]*)$")
WORD_GLUED = re.compile(r"(?<=[а-яәғқңөұүһі])(?P<a>\d+[-\S]*)$")
REFERENCE = re.compile(
    r"(?:(?<=\s)|^)(?P<a>№\s?\d[\d\-/]*|/\d+|\d+\s*[-–]?\s*қосымша\w*|тармақшасына|тармағында|бұйрығына|"
    r"Заңына|қаулысының|қағидалары|регламенті)$"
)
INITIAL = re.compile(rf"(?:^|\s)[{_CYR}]$")  # «С.Омаров»: an initial, not a glued anchor
SPLIT_HEAD = re.compile(r"(?:\d-|№\s?\d+-\d+)$")
SPLIT_TAIL = re.compile(r"(?:(?<=[:;.])|(?<=\s))(?P<a>қосымша\w*|/\d+)$")
LOOKAHEAD = 4


def _review(source: Source, line: int, detail: str) -> None:
    source.add_repair(line, Repair("A?", detail, needs_review=True))


def _continues(text: str) -> bool:
    return bool(text.strip()) and not INDENTED.match(text) and not HEADING.match(text)


def _glued_words(source: Source) -> None:
    for index, text in enumerate(source.text):
        for glued, split in GLUED_WORDS:
            if glued in text:
                text = text.replace(glued, split)
                detail = f"L{index + 1}: «{glued}» split as «{split}»"
                source.add_repair(index + 1, Repair("H?", detail, needs_review=True))
        source.text[index] = text


def _split_anchors(source: Source, touched: set[int]) -> None:
    """«2-» … «келтірілген:қосымшасында»: the tail of a split anchor goes back to its head."""
    for index, text in enumerate(source.text):
        if not SPLIT_HEAD.search(text.rstrip()):
            continue
        for later in range(index + 1, min(index + 1 + LOOKAHEAD, len(source.text))):
            candidate = source.text[later].rstrip()
            if INDENTED.match(candidate):
                break
            tail = SPLIT_TAIL.search(candidate)
            if tail:
                source.text[index] = text.rstrip() + tail.group("a")
                source.text[later] = LEADING_GAP.sub("", candidate[: tail.start("a")].rstrip())
                touched.update({index, later})
                _review(
                    source,
                    index + 1,
                    f"L{index + 1}–{later + 1}: split anchor rejoined as «…{source.text[index].split()[-1]}»",
                )
                break


def _insert(text: str, anchor: str) -> str | None:
    """Put `anchor` into the right-most gap of `text`; None when there is no gap."""
    gaps = list(GAP.finditer(text))
    if gaps:
        gap = gaps[-1]
        return f"{text[: gap.start()]} {anchor} {text[gap.end() :]}"
    if LEADING_GAP.match(text):
        return f"{anchor} {text[1:]}"
    return None


def _candidate(text: str) -> tuple[re.Match[str], str] | None:
    match = PUNCT_GLUED.search(text)
    if match and not INITIAL.search(text[: match.start("p")]):
        return match, "punct"
    for pattern, kind in ((WORD_GLUED, "word"), (REFERENCE, "reference")):
        match = pattern.search(text)
        if match:
            return match, kind
    return None


def _move(source: Source, index: int, touched: set[int]) -> None:
    text = source.text[index].rstrip()
    found = _candidate(text)
    if found is None:
        return
    match, kind = found
    anchor = match.group("a")
    punct = match.group("p") if kind == "punct" else ""
    body = text[: match.start("p") if punct else match.start("a")]
    moved = _insert(body.rstrip() if not punct else body, anchor)
    if moved is not None:
        source.text[index] = moved.rstrip() + punct
    elif punct and (not body.strip() or body.endswith(" ")):
        source.text[index] = f"{body.rstrip()} {anchor}{punct}".lstrip()  # «X ;A» → «X A;»
    else:
        previous = index - 1
        while previous >= 0 and not source.text[previous].strip():
            previous -= 1
        into = _insert(source.text[previous].rstrip(), anchor) if previous >= 0 and _continues(text) else None
        if into is None:
            if kind != "reference":
                _review(
                    source,
                    index + 1,
                    f"L{index + 1}: «{anchor}» looks like a displaced anchor, but there is no gap for it",
                )
            return
        source.text[previous] = into
        source.text[index] = body.rstrip() + punct
        touched.add(previous)
    touched.add(index)
    _review(
        source,
        index + 1,
        f"L{index + 1}: «{anchor}» looks like a displaced anchor; moved back into the "
        f"gap: «{source.text[index].strip()}»",
    )


def apply_heuristics(source: Source) -> None:
    touched: set[int] = set()
    _glued_words(source)
    _split_anchors(source, touched)
    for index in range(len(source.text)):
        if index not in touched and source.text[index].strip():
            _move(source, index, touched)
    for index, text in enumerate(source.text):
        if text.strip() and (GAP.search(text) or LEADING_GAP.match(text)):
            _review(
                source,
                index + 1,
                f"L{index + 1}: a gap (two spaces or a leading space) that no displaced anchor fills",
            )
