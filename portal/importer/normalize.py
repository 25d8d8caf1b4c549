"""Line-level repairs that need no context: homoglyphs (rule J) and spaced-out letters (rule F)."""

from __future__ import annotations

import re

from .tree import Repair

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Latin letters that look like Cyrillic ones (DOMAIN §5.3 J); only `i` and `c` occur in the two acts.
HOMOGLYPHS = {"i": "і", "c": "с", "a": "а", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "I": "І"}
_LATIN_LOOKALIKE = re.compile("[" + "".join(HOMOGLYPHS) + "]")
_TOKEN = re.compile(r"[^\s\-]+")  # hyphen-separated parts: «e-Agriculture» stays Latin as a whole
# Runs of >= 3 single characters separated by one or two spaces (rule F).
_SPACED_RUN = re.compile(r"(?<!\S)(?:\S {1,2}){2,}\S(?!\S)")
_SINGLE_LETTERS = re.compile(r"(?<!\S)\S \S \S(?!\S)")  # a quick test before the full search


def fix_homoglyphs(line: str, number: int) -> tuple[str, list[Repair]]:
    """Map Latin look-alikes to Cyrillic inside tokens that contain Cyrillic letters (rule J)."""
    if not _LATIN_LOOKALIKE.search(line) or not CYRILLIC.search(line):
        return line, []
    changed: list[str] = []

    def repl(match: re.Match[str]) -> str:
        token = match.group()
        if not CYRILLIC.search(token) or not _LATIN_LOOKALIKE.search(token):
            return token
        fixed = _LATIN_LOOKALIKE.sub(lambda m: HOMOGLYPHS[m.group()], token)
        changed.append(f"{token} → {fixed}")
        return fixed

    fixed_line = _TOKEN.sub(repl, line)
    if not changed:
        return line, []
    detail = f"L{number}: Latin look-alike letters replaced by Cyrillic ones: " + ", ".join(changed)
    return fixed_line, [Repair("J", detail)]


def _is_spaced_word(run: str) -> bool:
    # Guards: the column-number row «1 2 3 4 5 6 7 8» and markers like «6 ) 4 –» have (almost) no letters.
    return sum(ch.isalpha() for ch in run) >= 3


def fix_spaced_letters(line: str, number: int) -> tuple[str, list[Repair]]:
    """Close up letter-spaced words: one space is inside a word, two spaces separate words (rule F)."""
    repairs: list[Repair] = []
    if "  " not in line and not _SINGLE_LETTERS.search(line):
        return line, repairs

    def repl(match: re.Match[str]) -> str:
        run = match.group()
        if not _is_spaced_word(run):
            return run
        fixed = " ".join(word.replace(" ", "") for word in run.split("  "))
        repairs.append(Repair("F", f"L{number}: spaced-out letters «{run}» → «{fixed}»"))
        return fixed

    return _SPACED_RUN.sub(repl, line), repairs
