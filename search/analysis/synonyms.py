"""The reviewed synonym list (search/synonyms.txt), applied at query time: what people type (Russian words,
abbreviations, colloquial forms) → what the acts say, as Kazakh stems."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from .kazakh import stems_of
from .normalize import words

LIST = Path(__file__).resolve().parents[1] / "synonyms.txt"
_KAZAKH_LETTERS = re.compile(r"[әіңғүұқөһ]")
_russian = snowballstemmer.stemmer("russian")
MAX_KEY = 3  # words in the longest key

Expansion = tuple[str, ...]  # Kazakh stems, all required


def russian_stem(word: str) -> str:
    """The Russian stem of a normalised Cyrillic word without Kazakh letters (else the word itself)."""
    if _KAZAKH_LETTERS.search(word) or not re.search(r"[а-яё]", word):
        return word
    return _russian.stemWord(word.replace("ё", "е"))


@lru_cache(maxsize=1)
def table(path: Path = LIST) -> dict[tuple[str, ...], list[Expansion]]:
    """key (normalised words, and the same keys by Russian stems) → its expansions."""
    found: dict[tuple[str, ...], list[Expansion]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        both = "<=>" in line
        left, sep, right = line.partition("<=>" if both else "=>")
        if not sep or not left.strip() or not right.strip():
            raise ValueError(f"{path}:{number}: expected «words => words | words»: {line!r}")
        targets = [part.strip() for part in right.split("|") if part.strip()]
        _add(found, left, targets)
        if both:
            _add(found, targets[0], [left])
    return found


def _add(found: dict, key_text: str, targets: list[str]) -> None:
    key = tuple(words(key_text))
    expansions = [tuple(stems_of(target)) for target in targets]
    for variant in {key, tuple(russian_stem(w) for w in key)}:
        known = found.setdefault(variant, [])
        known += [e for e in expansions if e and e not in known]


def expansions(query_words: list[str], start: int) -> tuple[int, list[Expansion]]:
    """(words used, expansions) of the longest key at ``query_words[start]``; (1, []) when none."""
    entries = table()
    for size in range(min(MAX_KEY, len(query_words) - start), 0, -1):
        part = query_words[start : start + size]
        for key in (tuple(part), tuple(russian_stem(w) for w in part)):
            if key in entries:
                return size, entries[key]
    return 1, []
