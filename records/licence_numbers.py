"""The one licence number (issue 14): «ЛЦ-2026-000008», an annex «ЛЦ-2026-000008/01».

The same text is the licence record's number, the application's result number, the number heading the
licence PDF and printed in its body, the number on the verify page and in search.  It has the form of the
certificates registry's numbers (``certificates.numbering.format_number`` with the licence type's prefix)
and comes from the records counter ``licence`` (one national series: service 6 has one provider).

``parse`` reads what people type: spaces, any dash, «№», lower case, Latin look-alikes of the Cyrillic
letters, a short serial («ЛЦ 2026 8»), and the numbers of before issue 14 («L-2026-00008», which migration
0009 turned into «ЛЦ-2026-000008»).
"""

from __future__ import annotations

import re

from certificates.layouts.licence import DOCUMENT as LICENCE_DOCUMENT
from certificates.numbering import format_number

PREFIX = LICENCE_DOCUMENT.prefix  # «ЛЦ»
LEGACY_PREFIX = "L"

# Latin letters people type for the Cyrillic ones they look like (and the transliteration «LC»/«LTS»).
_LOOK_ALIKES = str.maketrans({"A": "А", "C": "С", "E": "Е", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т"})
_DASHES = re.compile(r"[\s\u2010-\u2015\u2212_.]+")
_TYPED = re.compile(
    r"(?:№|N[O°º]?)?-?(?P<prefix>ЛЦ|ЛС|LC|LTS|L)-?(?P<year>\d{4})-?(?P<serial>\d{1,6})"
    r"(?:/(?P<annex>\d{1,2}))?",
)


def licence_number(year: int, serial: int) -> str:
    """The number of the ``serial``-th licence of ``year``."""
    return format_number(PREFIX, year, serial)


def annex_number(licence: str, seq: int) -> str:
    return f"{licence}/{seq:02d}"


def parse(typed: str) -> str | None:
    """The licence (or annex) number meant by ``typed``, in its one form; None when it is not one."""
    text = _DASHES.sub("-", str(typed or "").strip().upper()).strip("-")
    text = text.replace("-/", "/").replace("/-", "/")
    match = _TYPED.fullmatch(text) or _TYPED.fullmatch(text.translate(_LOOK_ALIKES))
    if match is None:
        return None
    serial = int(match["serial"])
    if serial == 0:
        return None
    number = licence_number(int(match["year"]), serial)
    return annex_number(number, int(match["annex"])) if match["annex"] else number


def canonical(typed: str) -> str:
    """``parse(typed)``, or the text as typed (stripped) when it is no licence number: the caller then says
    that no such licence is held."""
    return parse(typed) or str(typed or "").strip()


def from_legacy(number: str) -> str:
    """«L-2026-00008/01» → «ЛЦ-2026-000008/01» (migration 0009); other text unchanged."""
    if not number.startswith(f"{LEGACY_PREFIX}-"):
        return number
    return parse(number) or number


def to_legacy(number: str) -> str:
    """The reverse of ``from_legacy`` for the numbers it made (serials up to 99999)."""
    match = re.fullmatch(rf"{PREFIX}-(\d{{4}})-(\d{{6}})(/\d{{2}})?", number)
    if match is None or int(match[2]) > 99999:
        return number
    return f"{LEGACY_PREFIX}-{match[1]}-{int(match[2]):05d}{match[3] or ''}"
