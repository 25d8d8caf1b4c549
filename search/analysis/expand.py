"""A query's words as groups of alternatives, the same for every backend (search.query.parse_text):

    «кызмет»   → text_stems:кызмет (1.0) | text_folded:кызмет (0.8) | text_stems:кызмет~ (0.5, typos)
    «справки»  → text_stems:справки (1.0) | … | text_stems:анықтама (0.9, synonym)
    «Kasymova» → text_stems:kasymova (1.0) | text_folded:касымова (0.8, transliterated)

A group matches a document when one of its alternatives does (all the terms of that alternative); the score
of a group is COORD plus its best alternative's, weighted (Elasticsearch's dis_max).  Exact forms weigh
most, then synonyms, then forms without Kazakh letters, then typos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citations import number_token
from .kazakh import _SLOTS, stem
from .normalize import fold
from .synonyms import expansions
from .translit import is_latin, to_cyrillic

EXACT, SYNONYM, FOLDED, FUZZY = 1.0, 0.9, 0.8, 0.5
# Each group a document matches adds COORD to its score: documents with more of the words come first, then
# BM25 orders those with as many (no group's BM25 comes near it).
COORD = 1000.0
FUZZY_MIN = 5  # letters: Elasticsearch's fuzziness «AUTO:5,6» — 1 edit from 5 letters, 2 from 6
_KAZAKH_LETTERS = re.compile(r"[әіңғүұқөһ]")
_FOLDED_SLOTS = [sorted({fold(suffix) for suffix in slot}, key=len, reverse=True) for slot in _SLOTS]
_VOWELS = frozenset("аеиоуыэюяё")
# Words that carry no subject: conjunctions, postpositions and question words (Kazakh and Russian).
STOP_WORDS = frozenset(
    """және мен бен пен үшін бойынша туралы осы немесе да де та те ма ме ба бе па пе қандай қанша қалай
    қашан қайда қай қайсы кім не неше ғой керек ше ал бірақ бола болу
    в во на и по для с со за о об от до из при к у не или а как что какой какие где когда нужно ли""".split()
)


@dataclass(frozen=True)
class Alternative:
    field: str  # text_stems, text_folded, refs
    terms: tuple[str, ...]  # every one must be in the field
    weight: float
    fuzzy: bool = False  # the one term, or a term within the allowed edits of it (the backend expands it)


@dataclass
class Group:
    word: str  # as typed (normalised)
    alternatives: list[Alternative] = field(default_factory=list)


def _is_stop_word(word: str) -> bool:
    """«кімге», «болады»: a question word or auxiliary in any of its forms."""
    return word in STOP_WORDS or stem(word) in STOP_WORDS


def max_edits(term: str) -> int:
    return 0 if len(term) < FUZZY_MIN else 1 if len(term) == FUZZY_MIN else 2


def groups(words: list[str]) -> list[Group]:
    """The groups of ``words`` (stop words dropped unless nothing else is left)."""
    kept = [w for w in words if not _is_stop_word(w)] or words
    found, position = [], 0
    while position < len(kept):
        used, synonyms = expansions(kept, position)
        if used > 1:  # a key of several words («карта памяти»): one group for them
            phrase = kept[position : position + used]
            alternatives = [Alternative("text_stems", tuple(stem(w) for w in phrase), EXACT)]
        else:
            alternatives = word_alternatives(kept[position])
        alternatives += [Alternative("text_stems", terms, SYNONYM) for terms in synonyms]
        found.append(Group(" ".join(kept[position : position + used]), _distinct(alternatives)))
        position += used
    return found


def word_alternatives(word: str) -> list[Alternative]:
    exact = stem(word)
    found = [Alternative("text_stems", (exact,), EXACT)]
    if is_latin(word):
        found += [
            Alternative("text_folded", (term,), FOLDED) for cyr in to_cyrillic(word) for term in _folded(cyr)
        ]
    elif _KAZAKH_LETTERS.search(word):
        found.append(Alternative("text_folded", (fold(exact),), FOLDED))
    else:  # typed without Kazakh letters, or a word that has none
        found += [Alternative("text_folded", (term,), FOLDED) for term in _folded(word)]
    if word.isdecimal():  # a bare number may be an act's or its registration's number ("¹" is no number)
        found.append(Alternative("refs", (number_token(str(int(word))),), EXACT))
    # Typos, of the stem and of the word as typed (a typo can make the stemmer cut the word elsewhere).
    found += [
        Alternative("text_stems", (t,), FUZZY, fuzzy=True)
        for t in {exact, word}
        if max_edits(t) and t.isalpha()
    ]
    return found


def _folded(word: str) -> list[str]:
    """The folded stems a folded word may have: the word, its stem, and the word without each combination
    of a case, possessive and plural ending (folded like the word).  Only those an index holds match."""
    candidates = {word, fold(stem(word))}
    cuts = [word]
    for slot in _FOLDED_SLOTS:
        cuts += [
            cut[: -len(suffix)]
            for cut in cuts
            for suffix in slot
            if cut.endswith(suffix) and len(cut) - len(suffix) >= 3 and _VOWELS & set(cut[: -len(suffix)])
        ]
    candidates.update(cuts)
    return sorted(candidates, key=lambda term: (-len(term), term))[:12]


def _distinct(alternatives: list[Alternative]) -> list[Alternative]:
    """Each (field, terms, fuzzy) once, with its highest weight."""
    best: dict[tuple, Alternative] = {}
    for alt in alternatives:
        key = (alt.field, alt.terms, alt.fuzzy)
        if key not in best or best[key].weight < alt.weight:
            best[key] = alt
    return list(best.values())


def minimum_should_match(group_count: int, *, relaxed: bool = False) -> int:
    """Elasticsearch's «2<75%»: up to two words, all of them; then three of four, three of five, four of
    six (a word no document has, or a typo beyond two edits, no longer hides the rest).  ``relaxed`` (asked
    when two words found nothing together): one of two."""
    if group_count <= 2 and not relaxed:
        return group_count
    return max(1, group_count * 3 // 4)
