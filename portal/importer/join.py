"""Joining the source lines of one paragraph into its published text (rules B, C, D, E, G, K)."""

from __future__ import annotations

import re

from .tree import Repair

_HYPHEN_END = re.compile(r"\w-$")
# «"⏎e-Agriculture" …»: the quoted phrase closes inside the first word of the next line.
_CLOSES_AT_ONCE = re.compile(r'^[^\s"]+"')
_SPACES = re.compile(r" {2,}")


def _separator(acc: str, line: str, cell: bool) -> tuple[str, str]:
    """The text to put between the paragraph so far and the next line, and the rule that decided it."""
    open_quote = acc.count('"') % 2 == 1
    if line.startswith('"'):
        return ("", "B") if open_quote else (" ", "")  # a leading quote closes an open one, else opens
    if line[0] in ",.;:)":
        return "", "B"
    if acc.endswith("("):
        return "", "C"
    if acc.endswith('"') and (open_quote or _CLOSES_AT_ONCE.match(line)):
        return "", "C"
    if _HYPHEN_END.search(acc):
        return "", "D"
    if cell and acc.endswith("/"):
        return "", "G"  # «Р/⏎с⏎№» is the table cell «Р/с №»
    return " ", ""


_DETAILS = {
    "B": "L{n}: leading «{ch}» attached to the previous line without a space",
    "C": "L{p}: line ends with an opening «{ch}»; next line joined without a space",
    "D": "L{p}–{n}: compound split at its hyphen rejoined without a space",
    "G": "L{p}–{n}: table cell lines joined",
}


def _join_repair(rule: str, prev: int, number: int, acc: str, line: str) -> Repair:
    char = line[0] if rule == "B" else acc[-1]
    return Repair(rule, _DETAILS[rule].format(n=number, p=prev, ch=char))


def _blank_repair(prev: int, number: int) -> Repair:
    count = number - prev - 1
    if count == 3:
        return Repair("E", f"L{prev + 1}–{number - 1}: page break (three blank lines) removed")
    span = f"L{prev + 1}" if count == 1 else f"L{prev + 1}–{number - 1}"
    return Repair("E", f"{span}: {count} blank line(s) inside the paragraph removed")


def join_lines(items: list[tuple[int, str]], cell: bool = False) -> tuple[str, list[Repair]]:
    """Join `(line number, text)` pairs (blank lines included) into one paragraph."""
    acc = ""
    prev = 0
    repairs: list[Repair] = []
    for number, text in items:
        line = text.strip()  # indentation, gap spaces and trailing spaces (rule K)
        if not line:
            continue
        if not acc:
            acc, prev = line, number
            continue
        if number - prev > 1:
            repairs.append(_blank_repair(prev, number))
        sep, rule = _separator(acc, line, cell)
        if rule:
            repairs.append(_join_repair(rule, prev, number, acc, line))
        acc, prev = acc + sep + line, number
    collapsed = _SPACES.sub(" ", acc)
    if collapsed != acc:
        repairs.append(Repair("K", "runs of spaces collapsed to one"))
    return collapsed, repairs
