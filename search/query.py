"""A search request and its answer, independent of the backend that runs it.

Semantics every backend implements (the contract tests hold them to it):

- every stem of the free words must be in ``text_stems``; each "quoted phrase" must occur in
  ``text_words`` as consecutive words; each identifier must be in ``identifiers``;
- ``terms``: per field, any of the values (a multi-valued field matches when it holds one of them);
  fields are combined with AND; ``date_from``/``date_to`` bound ``sort_date`` (inclusive);
  ``overdue``: ``due_at`` before ``now``;
- ``scope_types`` / ``scope_units``: the access filter of record search (see search.access);
- facets count the hits of the whole query (filters included), ordered by count, then value;
- order: "relevance" (score, then newest, then ``sort_key``), "newest" or "oldest" (``sort_date``, then
  ``sort_key``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .analysis import stem, tokens

SORTS = ("relevance", "newest", "oldest")
OVERDUE = "overdue"  # the facet counted on ``due_at`` rather than on a keyword field
_PHRASE_RE = re.compile(r"\"([^\"]*)\"?")
_IDENTIFIER_RE = re.compile(r"^\d{12}$")


@dataclass
class Query:
    index: str
    words: list[str] = field(default_factory=list)  # normalised words outside quotes (for highlighting)
    stems: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # normalised words of each phrase
    identifiers: list[str] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    now: datetime | None = None  # what "overdue" is measured against
    # The record types the user's roles may see; None: no access filter (public points index).
    scope_types: list[str] | None = None
    scope_units: list[str] | None = None  # None: every unit
    facets: list[str] = field(default_factory=list)
    sort: str = "relevance"
    offset: int = 0
    size: int = 20

    @property
    def has_text(self) -> bool:
        return bool(self.stems or self.phrases or self.identifiers)


@dataclass
class Hit:
    id: str
    score: float
    source: dict[str, Any]


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Result:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def parse_text(text: str, *, identifiers: bool = False) -> dict[str, list]:
    """Free words, "quoted phrases" and (when the caller may search them) 12-digit IIN/BIN of a query box.

    An identifier that the caller may not search stays an ordinary word, which matches nothing (identifiers
    are never in the indexed text), so a hit can never reveal whose IIN it was."""
    phrases = [[t.word for t in tokens(p)] for p in _PHRASE_RE.findall(text)]
    rest = _PHRASE_RE.sub(" ", text)
    found_ids, words = [], []
    for token in tokens(rest):
        if identifiers and _IDENTIFIER_RE.match(token.word):
            found_ids.append(token.word)
        else:
            words.append(token.word)
    return {
        "words": words,
        "stems": list(dict.fromkeys(stem(w) for w in words)),
        "phrases": [p for p in phrases if p],
        "identifiers": found_ids,
    }
