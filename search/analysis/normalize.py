"""Normalisation and tokenisation: the same on the indexed text and on the query.

Tokens keep their offsets in the original text, so that snippets are highlighted on the text as published
(the displayed text is never normalised).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A token: letters and digits, with combining marks kept inside the word (a decomposed «й» stays one word).
_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")

# Latin letters that extraction put inside Cyrillic words (DOMAIN §5.3 J), mapped by case before lower-casing
# because upper «H» looks like «Н» while lower «h» looks like «һ».
_HOMOGLYPHS = str.maketrans(
    {
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "I": "І",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
        "Y": "У",
        "a": "а",
        "c": "с",
        "e": "е",
        "h": "һ",
        "i": "і",
        "k": "к",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
    }
)

# Spellings of the source kept on the page (DOMAIN §5.3 L) but matched as the standard word.
_VARIANTS = (
    ("регламет", "регламент"),
    ("мемлектт", "мемлекетт"),
    ("атестатта", "аттестатта"),
    ("бірынғай", "бірыңғай"),
    ("ресімде", "рәсімде"),
    ("цифлық", "цифрлық"),
    ("диограмма", "диаграмма"),
)


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # normalised
    start: int  # offsets in the original text
    end: int


@lru_cache(maxsize=262_144)  # words repeat: a million records hold a few thousand distinct ones
def normalize_word(word: str) -> str:
    """One word as it is matched: NFC, Latin homoglyphs inside Cyrillic words mapped, lower case."""
    word = unicodedata.normalize("NFC", word)
    if _CYRILLIC_RE.search(word):
        word = word.translate(_HOMOGLYPHS).lower()
        for variant, standard in _VARIANTS:
            if word.startswith(variant):
                word = standard + word[len(variant) :]
                break
        return word
    return word.lower()


def tokens(text: str) -> list[Token]:
    return [Token(normalize_word(m.group()), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def words(text: str) -> list[str]:
    """The normalised words of ``text`` (``tokens`` without the offsets, for indexing)."""
    return [normalize_word(word) for word in _TOKEN_RE.findall(text)]


def normalize(text: str) -> str:
    """The normalised words of ``text`` joined by single spaces."""
    return " ".join(words(text))


# A Russian keyboard has no Kazakh letters: people type «кызмет берушi» for «қызмет беруші».  Folding maps
# both to one form; it is indexed as an extra field and applied to the query (ranked below exact forms).
_FOLD = str.maketrans("қңғүұөһіә", "кнгууохиа")


def fold(word: str) -> str:
    """A normalised word without its Kazakh letters: «қызмет» → «кызмет», «берушi» → «беруши»."""
    return word.translate(_FOLD)
