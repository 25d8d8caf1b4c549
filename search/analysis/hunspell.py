"""Suffix rules and stems of a hunspell dictionary (Debian's hunspell-kk), read in Python.

Only what stemming needs is read: the stems with their flags (.dic) and the SFX rules (.aff); the Kazakh
dictionary has no prefixes and no continuation classes.  The parsed table is cached with ``marshal`` in
SEARCH_CACHE_DIR (keyed by the dictionary files' size and time): loading it takes a tenth of parsing.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path("/usr/share/hunspell/kk_KZ")
_CACHE_VERSION = 1


@dataclass
class Rule:
    flag: str
    strip: str
    condition: re.Pattern


@dataclass
class HunspellTable:
    stems: dict[str, str] = field(default_factory=dict)  # stem -> its flags
    rules: dict[str, list[Rule]] = field(default_factory=dict)  # added ending -> the rules adding it
    max_ending: int = 0

    def __contains__(self, word: str) -> bool:
        return word in self.stems

    def roots(self, word: str) -> set[str]:
        """Every dictionary stem that produces ``word`` by at most one suffix rule (itself included)."""
        found = {word} if word in self.stems else set()
        for length in range(0, min(self.max_ending, len(word) - 1) + 1):
            ending = word[len(word) - length :] if length else ""
            for rule in self.rules.get(ending, ()):
                base = word[: len(word) - length] + rule.strip
                flags = self.stems.get(base)
                if flags is not None and rule.flag in flags and rule.condition.search(base):
                    found.add(base)
        return found


def _condition(text: str) -> str:
    return "(?:" + ("" if text == "." else text) + ")$"


def _build(stems: dict[str, str], rules: list[tuple[str, str, str, str]]) -> HunspellTable:
    table = HunspellTable(stems=stems)
    compiled: dict[str, re.Pattern] = {}
    for ending, flag, strip, condition in rules:
        pattern = compiled.get(condition) or compiled.setdefault(condition, re.compile(condition))
        table.rules.setdefault(ending, []).append(Rule(flag, strip, pattern))
        table.max_ending = max(table.max_ending, len(ending))
    return table


def read(dic_path: Path, aff_path: Path) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """(stem -> flags, [(ending, flag, strip, condition regex)]) of a .dic/.aff pair."""
    rules = []
    with aff_path.open(encoding="utf-8-sig") as aff:
        for line in aff:
            parts = line.split()
            if len(parts) >= 5 and parts[0] == "SFX":
                flag, strip, ending, condition = parts[1], parts[2], parts[3], parts[4]
                strip = "" if strip == "0" else strip
                ending = "" if ending == "0" else ending.split("/")[0]
                rules.append((ending, flag, strip, _condition(condition)))
    stems: dict[str, str] = {}
    with dic_path.open(encoding="utf-8-sig") as dic:
        next(dic, None)  # the entry count
        for line in dic:
            word, _, flags = line.strip().partition("/")
            if word:
                stems[word.lower()] = stems.get(word.lower(), "") + flags
    return stems, rules


def parse(dic_path: Path, aff_path: Path) -> HunspellTable:
    return _build(*read(dic_path, aff_path))


def _cache_file(cache_dir: Path, dic: Path, aff: Path) -> Path:
    stamp = "-".join(f"{p.stat().st_size}.{int(p.stat().st_mtime)}" for p in (dic, aff))
    return cache_dir / f"hunspell-{dic.stem}-{_CACHE_VERSION}-{stamp}.marshal"


def load(base: Path = DEFAULT_PATH, cache_dir: Path | None = None) -> HunspellTable:
    """The table of ``base``.dic/.aff, from the cache when it is there; an empty table (with a warning) when
    the dictionary is not installed, so that search still works with the fallback stemmer alone — unless
    SEARCH_REQUIRE_HUNSPELL (production), where that raises: gunicorn runs no system checks."""
    # Django only here: the rest of the module is a plain reader of the dictionary files.
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    base = Path(base)
    dic, aff = base.with_suffix(".dic"), base.with_suffix(".aff")
    if not (dic.exists() and aff.exists()):
        if getattr(settings, "SEARCH_REQUIRE_HUNSPELL", False):
            raise ImproperlyConfigured(
                f"hunspell dictionary {base}.dic/.aff is missing and SEARCH_REQUIRE_HUNSPELL is set: "
                "apt-get install hunspell-kk"
            )
        logger.warning(
            "hunspell dictionary %s.dic/.aff is missing: Kazakh stemming uses suffix rules only", base
        )
        return HunspellTable()
    cache = _cache_file(Path(cache_dir), dic, aff) if cache_dir else None
    if cache is not None and cache.exists():
        try:
            return _build(*marshal.loads(cache.read_bytes()))
        except (OSError, ValueError, EOFError, TypeError):
            logger.warning("unreadable stem cache %s: parsing the dictionary again", cache)
    stems, rules = read(dic, aff)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps((stems, rules)))
            partial.replace(cache)  # atomic: a concurrent reader sees the whole file or none
        except OSError as error:
            logger.warning("cannot write the stem cache %s: %s", cache, error)
    return _build(stems, rules)
