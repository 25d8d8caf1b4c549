"""A search request and its answer, independent of the backend that runs it.

Semantics every backend implements (the contract tests hold them to it):

- the free words are ``groups`` of alternatives (search.analysis.expand: the stem, its form without Kazakh
  letters, its typos, its synonyms); at least ``minimum_should_match`` groups must match (a group matches when
  one alternative has all its terms in its field), and a document's score is the sum over its matched groups
  of COORD plus the best alternative's BM25 times its weight, so documents with more of the words come first;
  typos (fuzzy alternatives) count only for a group none of whose exact alternatives any document has;
- each "quoted phrase" must occur in ``text_words`` as consecutive words; each identifier must be in
  ``identifiers``; each cited number or date (``refs``, search.analysis.citations) must be in ``refs``;
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
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .analysis import stem, tokens
from .analysis.citations import citations
from .analysis.expand import Group, groups, minimum_should_match

SORTS = ("relevance", "newest", "oldest")
OVERDUE = "overdue"  # the facet counted on ``due_at`` rather than on a keyword field
_PHRASE_RE = re.compile(r"\"([^\"]*)\"?")
# A number of several parts («2025-2-000017», «KZ-0001/23») is one identifier: its parts in that order.
_COMPOUND_NUMBER_RE = re.compile(r"(?<![\w-])(?=[\w/-]*\d)\w+(?:[-/]\w+)+(?![\w-])")
_IDENTIFIER_RE = re.compile(r"^\d{12}$")


@dataclass
class Query:
    index: str
    words: list[str] = field(default_factory=list)  # normalised words outside quotes (for highlighting)
    stems: list[str] = field(default_factory=list)  # exact stems of ``words`` (highlight, did you mean)
    groups: list[Group] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)  # normalised words of each phrase
    identifiers: list[str] = field(default_factory=list)
    refs: list[list[str]] = field(default_factory=list)  # citations, each required: any of its tokens
    relaxed: bool = False  # two words that found nothing together: either is enough (``relaxed_copy``)
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
        return bool(self.groups or self.phrases or self.identifiers or self.refs)

    @property
    def minimum_should_match(self) -> int:
        return minimum_should_match(len(self.groups), relaxed=self.relaxed)

    def relaxed_copy(self) -> Query | None:
        """The query asking for fewer of its words, when that changes anything (search_with_fallback)."""
        if self.relaxed or minimum_should_match(len(self.groups), relaxed=True) >= self.minimum_should_match:
            return None
        return replace(self, relaxed=True)

    @property
    def all_required(self) -> bool:
        return self.minimum_should_match >= len(self.groups)

    def marked_terms(self) -> tuple[set[str], set[str], set[str]]:
        """(stems, folded stems, stems typed with a typo) whose words a snippet marks."""
        stems, folded, typos = set(self.stems), set(), set()
        for group in self.groups:
            for alternative in group.alternatives:
                if alternative.fuzzy:
                    typos.update(alternative.terms)
                elif alternative.field == "text_stems":
                    stems.update(alternative.terms)
                elif alternative.field == "text_folded":
                    folded.update(alternative.terms)
        return stems, folded, typos


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


def search_with_fallback(backend, query: Query) -> Result:
    """``backend.search(query)``; when two words found nothing together, the documents with either (ranked
    by how well they match), so that one word no document has does not leave the reader with nothing."""
    result = backend.search(query)
    relaxed = query.relaxed_copy() if not result.total else None
    return backend.search(relaxed) if relaxed else result


def _any_of_each(cited) -> list[list[str]]:
    """The tokens of each citation (those sharing a span: «19 және 20-тармақтар» is either point)."""
    spans: dict[tuple[int, int], list[str]] = {}
    for citation in cited:
        spans.setdefault((citation.start, citation.end), []).append(citation.token)
    return [list(dict.fromkeys(tokens)) for tokens in spans.values()]


def parse_text(text: str, *, identifiers: bool = False) -> dict[str, list]:
    """Free words, "quoted phrases", cited numbers and dates, and (when the caller may search them) 12-digit
    IIN/BIN of a query box.

    An identifier that the caller may not search stays an ordinary word, which matches nothing (identifiers
    are never in the indexed text), so a hit can never reveal whose IIN it was."""
    phrases = [[t.word for t in tokens(p)] for p in _PHRASE_RE.findall(text)]
    rest = _PHRASE_RE.sub(" ", text)
    cited = citations(rest)
    for citation in sorted(cited, key=lambda c: c.start, reverse=True):  # the words a citation used are gone
        rest = rest[: citation.start] + " " * (citation.end - citation.start) + rest[citation.end :]
    phrases += [[t.word for t in tokens(number)] for number in _COMPOUND_NUMBER_RE.findall(rest)]
    rest = _COMPOUND_NUMBER_RE.sub(" ", rest)
    found_ids, words = [], []
    for token in tokens(rest):
        if identifiers and _IDENTIFIER_RE.match(token.word):
            found_ids.append(token.word)
        else:
            words.append(token.word)
    return {
        "words": words,
        "stems": list(dict.fromkeys(stem(w) for w in words)),
        "groups": groups(words),
        "phrases": [p for p in phrases if p],
        "identifiers": found_ids,
        "refs": _any_of_each(cited),
    }
