"""The known structure of the two acts (DOMAIN §5.2): what validation compares a parse against."""

from __future__ import annotations

from dataclasses import dataclass

from .fixtable import SHA_000, SHA_003


@dataclass(frozen=True)
class ExpectedDocument:
    kind: str
    divisions: tuple[tuple[str, tuple[str, ...]], ...]  # (printed number, point numbers in order)
    appendices: tuple[tuple[str, str], ...]  # (number, "present" | "stamp_only" | "missing")
    columns: int = 0


@dataclass(frozen=True)
class ExpectedAct:
    code: str
    points: tuple[tuple[str, tuple[str, ...]], ...]  # operative points with their sub-points
    documents: tuple[ExpectedDocument, ...]


def _numbers(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(n) for n in range(first, last + 1))


def _regulation(
    section_1: str, sections: tuple[tuple[str, ...], ...], appendices: int, lost: tuple[str, ...] = ()
) -> ExpectedDocument:
    labels = (section_1, "2", "3", "4")
    states = {number: "missing" for number in lost}
    if lost:
        states["1"] = "stamp_only"
    return ExpectedDocument(
        "regulation",
        tuple(zip(labels, sections, strict=True)),
        tuple((str(n), states.get(str(n), "present")) for n in range(1, appendices + 1)),
    )


_USUAL = (_numbers(1, 3), _numbers(4, 6), _numbers(7, 8), _numbers(9, 10))

EXPECTED = {
    SHA_000: ExpectedAct(
        code="000",
        points=(("1", ()), ("2", _numbers(1, 2)), ("3", ()), ("4", ())),
        documents=(
            ExpectedDocument(
                "rules",
                (("1", _numbers(1, 4)), ("2", _numbers(5, 13)), ("3", _numbers(14, 22))),
                (("", "present"),),
                columns=8,
            ),
        ),
    ),
    SHA_003: ExpectedAct(
        code="003",
        points=(("1", _numbers(1, 6)), ("2", _numbers(1, 4)), ("3", ()), ("4", ()), ("5", ())),
        documents=(
            _regulation("", _USUAL, 3),
            _regulation("1", _USUAL, 3),
            _regulation("", (_numbers(1, 3), ("4", "5", "6", "7"), ("7", "8"), _numbers(9, 10)), 3),
            _regulation("1", _USUAL, 3, lost=("2", "3")),
            _regulation("", _USUAL, 3),
            _regulation("1", (_numbers(1, 3), _numbers(4, 6), ("6", "7"), _numbers(8, 10)), 4),
        ),
    ),
}
