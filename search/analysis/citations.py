"""Numbers and citations as people type them and as the acts print them, reduced to one token each, the same
at index time and at query time (the ``refs`` field of every index):

    «12-тармақ», «12 тармақ», «п. 12», «пункт 12»       → pt12   (the point's own number, see points source)
    «19 және 20-тармақтар»                                → pt19, pt20 (one citation: either point)
    «№ 24», «№24», «19/20» (the header and stamp numbers) → no24, no19, no20
    «20.02.2017», «2017 жылғы 20 ақпан(дағы)», «20 февраля 2017» → d20170220

Tokens are letters and digits only, so every full-text engine keeps each one whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_KK_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
_RU_MONTHS = "январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр".split()


def _month(word: str) -> int | None:
    word = word.lower()
    for number, stem in enumerate(_KK_MONTHS, 1):
        if word.startswith(stem):
            return number
    for number, stem in enumerate(_RU_MONTHS, 1):
        if word.startswith(stem) and (stem != "ма" or word in ("мая", "май")):
            return number
    return None


_POINT_WORD = r"(?:тармақ\w*|тармағ\w*|пункт\w*|п\.?)"
_PATTERNS = [
    ("date", re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")),
    (
        "kk_date",
        re.compile(r"(?<!\d)(\d{4})\s*ж(?:ылғы|ылдың|ыл|\.)?\s+(\d{1,2})\s+([^\W\d_]+)", re.IGNORECASE),
    ),
    ("ru_date", re.compile(r"(?<!\d)(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})(?!\d)", re.IGNORECASE)),
    ("number", re.compile(r"№\s*(\d+)(?:\s*/\s*(\d+))?")),
    ("pair", re.compile(r"(?<![\w.\-/])(\d{1,4})\s*/\s*(\d{1,4})(?![\w./])")),
    # «12-тармақ», and lists: «19 және 20-тармақтар», «5, 6 и 7 пункты»
    (
        "point",
        re.compile(
            rf"(?<![\d.])(\d{{1,3}}(?:\s*(?:,|және|мен|и)\s*\d{{1,3}})*)\s*-?\s*{_POINT_WORD}(?!\w)", re.I
        ),
    ),
    ("point_before", re.compile(rf"(?<!\w){_POINT_WORD}\s*(\d{{1,3}})(?![\d.])", re.IGNORECASE)),
]


@dataclass(frozen=True)
class Citation:
    token: str
    start: int
    end: int  # the tokens of one citation (a list of points, «19/20») share their span: any of them


def date_token(year: int, month: int, day: int) -> str:
    return f"d{year:04d}{month:02d}{day:02d}"


def point_token(number: str) -> str:
    return f"pt{number}"


def number_token(number: str) -> str:
    return f"no{number}"


def citations(text: str, *, points: bool = True) -> list[Citation]:
    """Every citation in ``text``, in order, none overlapping.  ``points``: point references count (a
    query); the text of an act cites other points, which are not its own number (see ``point_token``)."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if kind.startswith("point") and not points:
            continue
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            tokens = _tokens(kind, match)
            if tokens:
                taken.append((match.start(), match.end()))
                found += [Citation(token, match.start(), match.end()) for token in tokens]
    return sorted(found, key=lambda c: (c.start, c.token))


def _tokens(kind: str, match: re.Match) -> list[str]:
    groups = match.groups()
    if kind == "date":
        return _valid_date(int(groups[2]), int(groups[1]), int(groups[0]))
    if kind == "kk_date":
        month = _month(groups[2])
        return _valid_date(int(groups[0]), month, int(groups[1])) if month else []
    if kind == "ru_date":
        month = _month(groups[1])
        return _valid_date(int(groups[2]), month, int(groups[0])) if month else []
    if kind in ("number", "pair"):
        return [number_token(str(int(value))) for value in groups if value]
    return [point_token(str(int(number))) for number in re.findall(r"\d+", groups[0])]


def _valid_date(year: int, month: int | None, day: int) -> list[str]:
    try:
        date(year, month or 0, day)
    except ValueError:
        return []
    return [date_token(year, month, day)] if 1900 <= year <= 2100 else []


def citation_tokens(text: str) -> list[str]:
    """The tokens of the dates and numbers cited in an act's text (its own point numbers come separately)."""
    return list(dict.fromkeys(c.token for c in citations(text, points=False)))
