"""Kazakh stemming: hunspell-kk's stems first, a suffix-stripping fallback for the words it does not know.

hunspell-kk knows about 54,000 stems (and many inflected forms as entries of their own) but not the
loanwords of the regulations («лицензиялар», «ветеринариялығы»), and it applies one suffix at a time.  The
fallback strips inflections by slot from the end of the word — case, then possessive, then plural — and
prefers a stem that a dictionary knows, so that both paths meet on the same stem.  Derivational suffixes
(-лық, -шы, -у …) are kept: «ветеринариялық» is not «ветеринария».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from . import hunspell
from .normalize import fold, words

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_VOWELS = frozenset("аәеиоөуұүыіэюяё")
MIN_STEM = 3
_VERB_FLAGS = frozenset("MNOPQRSTUVWXYZ")

# Inflectional suffixes by slot, outermost first.
_CASE = """ндағы ндегі дағы дегі тағы тегі менен бенен пенен ның нің дың дің тың тің нан нен дан ден тан тен
    нда нде мен бен пен ға ге қа ке на не ны ні ды ді ты ті да де та те""".split()
# The accusative «-н» follows only a possessive vowel («нысаны|н», «жүйесі|н»).
_ACCUSATIVE_AFTER_POSSESSIVE = ("ын", "ін")
# First person singular («-ым», «-ім») is left out: regulations do not use it, and nouns end in it (шешім).
_POSSESSIVE = "ымыз іміз ыңыз іңіз мыз міз ңыз ңіз сы сі ың ің ы і".split()
_PLURAL = "лар лер дар дер тар тер".split()
_SLOTS = (_CASE, _POSSESSIVE, _PLURAL)
# Voiced before a vowel-initial suffix, voiceless at the end of a stem: «ветеринариялығы» → «…лық».
_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}

# Stems of the regulations' words that hunspell-kk lacks (loanwords), or splits wrongly («маман|ы» is not
# «мама|ны»), as the stemmer leaves them («процесс» keeps one «с», see _tidy).
EXTRA_STEMS = frozenset(
    """процес объект акт субъект лицензия ветеринария стандарт регламент портал сертификат паспорт
    инспектор министр шлюз браузер компьютер логин пароль карта сайт телнұсқа үдеріс маман бөлім шешім
    тұлға адам ұйым жүйе орын сырға""".split()
)
# Roots of hunspell-kk that are not words, or are homonyms that swallow the regulations' nouns
# («жүйес|і», «бере|ді», «ада|м», «тұл|ға»): never taken while another root is possible.
_AVOID_ROOTS = frozenset("жүйес беред телнұс үдер ұйы мама бөл шеш тұл ада сыр".split())


@lru_cache(maxsize=1)
def _table() -> hunspell.HunspellTable:
    base = getattr(settings, "SEARCH_HUNSPELL_PATH", hunspell.DEFAULT_PATH)
    return hunspell.load(base, getattr(settings, "SEARCH_CACHE_DIR", None))


def _hunspell_stem(word: str) -> str | None:
    """The stem hunspell derives ``word`` from, None when it does not know the word.

    Many entries of hunspell-kk are inflected forms listed on their own («құжаттарды»), so the shortest root
    is taken, again and again («құжаттарды» → «құжат»), but never one shorter than MIN_STEM («осы» ≠
    «ос|ы») or one of _AVOID_ROOTS; a root the project's own list knows wins («маманы» → «маман»)."""
    table = _table()
    roots = table.roots(word)
    if not roots:
        return None
    for _ in range(4):
        shorter = [r for r in roots if MIN_STEM <= len(r) < len(word) and r not in _AVOID_ROOTS]
        if not shorter:
            break
        preferred = [r for r in shorter if r in EXTRA_STEMS]
        word = max(preferred, key=len) if preferred else min(shorter, key=lambda r: (len(r), r))
        roots = table.roots(word)
    return word


def _is_entry(word: str) -> bool:
    return word in EXTRA_STEMS or (word in _table() and word not in _AVOID_ROOTS)


@dataclass(frozen=True, slots=True)
class _Cut:
    stem: str
    stripped: int  # letters taken off
    devoiced: bool  # «…ғ|ы» → «…қ»: proof that a suffix was there


def _slot_cuts(cut: _Cut, slot: list[str]) -> list[_Cut]:
    word = cut.stem
    if slot is _CASE and word.endswith(_ACCUSATIVE_AFTER_POSSESSIVE):
        slot = [*slot, "н"]
    found = []
    for suffix in slot:
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= MIN_STEM and any(ch in _VOWELS for ch in rest):
            if _is_entry(rest + "ь"):  # «пароль» → «паролі»: the soft sign goes before a suffix
                rest += "ь"
            devoiced = _devoiced(rest) if suffix[0] in _VOWELS else None
            stripped = cut.stripped + len(suffix)
            found.append(_Cut(devoiced, stripped, True) if devoiced else _Cut(rest, stripped, cut.devoiced))
    return found


def _devoiced(rest: str) -> str | None:
    last = rest[-1]
    if last not in _DEVOICE:
        return None
    candidate = rest[:-1] + _DEVOICE[last]
    return candidate if last == "ғ" or _is_entry(candidate) else None


def _cuts(word: str) -> list[_Cut]:
    """Every stem left by taking at most one suffix from each slot, outermost slot first."""
    cuts = [_Cut(word, 0, False)]
    for slot in _SLOTS:
        cuts += [found for cut in cuts for found in _slot_cuts(cut, slot)]
    # The linking vowel of loanwords ending in two consonants: «объекті|лер», «акті|лер».
    cuts += [
        _Cut(cut.stem[:-1], cut.stripped + 1, cut.devoiced)
        for cut in cuts
        if cut.stripped
        and len(cut.stem) > MIN_STEM
        and cut.stem[-1] in "ыі"
        and cut.stem[-2] not in _VOWELS
        and _is_entry(cut.stem[:-1])
    ]
    return cuts[1:]


@lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """The stem of one normalised word (see normalize.normalize_word)."""
    if len(word) < MIN_STEM or not _CYRILLIC_RE.search(word) or word in EXTRA_STEMS:
        return word
    known = _hunspell_stem(word)
    if known in EXTRA_STEMS:
        return known
    if known is None:
        cuts = _cuts(word)
        landed = [cut for cut in cuts if _is_entry(cut.stem)]
        if landed:
            return stem(max(landed, key=lambda c: (len(c.stem), c.stem)).stem)
        return _tidy(min((cut.stem for cut in cuts), key=lambda s: (len(s), s), default=word))
    # hunspell may know an inflected form only as itself («тәртібін», «процесі»): strip further when it lands
    # on a known word and the cut is good evidence of a suffix (not «жалп|ы», «белг|і»).
    landed = [
        cut
        for cut in _cuts(known)
        if _is_entry(cut.stem)
        and (cut.stem in EXTRA_STEMS or cut.stripped >= 2 or cut.devoiced or _is_verbal_noun(cut.stem))
    ]
    if landed:
        return stem(max(landed, key=lambda c: (len(c.stem), c.stem)).stem)
    return _tidy(known)


def _is_verbal_noun(word: str) -> bool:
    """«сақтау», «тексеру»: hunspell-kk lists verbs by their verbal noun, with the verb flags M–Z."""
    flags = _table().stems.get(word, "")
    return word[-1] in "ую" and any(flag.upper() in _VERB_FLAGS for flag in flags)


def _tidy(word: str) -> str:
    # «процесс» loses one «с» before a suffix («процесі»): both spellings get the short stem.
    return word[:-1] if word.endswith("сс") else word


@dataclass(frozen=True)
class Analysis:
    stems: str  # the stems of the words, space-separated (the full-text field of every backend)
    words: str  # the normalised words, space-separated (exact phrase search)
    folded: str  # the stems without Kazakh letters (a Russian keyboard: «кызмет» finds «қызмет»)


def stems_of(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def analyze(text: str) -> Analysis:
    found = words(text)
    stems = [stem(word) for word in found]
    return Analysis(stems=" ".join(stems), words=" ".join(found), folded=fold(" ".join(stems)))


def query_stems(text: str) -> list[str]:
    """The distinct stems of a query, in order."""
    return list(dict.fromkeys(stems_of(text)))
