"""Typos and unknown terms for the embedded backend, from the index's own vocabulary (Elasticsearch does this
itself: ``fuzziness``).  A fuzzy alternative becomes the index's terms within the allowed edits of it (same
first letter, Damerau–Levenshtein distance by rapidfuzz, the most frequent first); alternatives with a term
no document has are dropped before the search (fewer and cheaper full-text lookups)."""

from __future__ import annotations

import time
from dataclasses import replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..analysis.expand import FUZZY, Alternative, Group, max_edits
from ..query import Query

MAX_EXPANSIONS = 8  # terms a typo may stand for (Elasticsearch's max_expansions is 50, per shard)
_VOCABULARY_SECONDS = 60.0  # a typo expands to the terms of at most a minute ago
_vocabularies: dict[tuple[str, str], tuple[float, dict[str, int]]] = {}
NOTHING = Alternative("filters", ("nothingmatches",), 0.0)


def resolve(cursor, dialect, table: str, query: Query) -> Query:
    """``query`` with concrete alternatives only: those no document has are dropped, and a word that some
    document has (as typed or in another of its forms) is not taken for a typo: its neighbours are other
    words, and would only add postings to read."""
    if not query.groups:
        return query
    wanted = {(alt.field, term) for g in query.groups for alt in g.alternatives for term in alt.terms}
    known = dialect.known_terms(cursor, table, wanted)
    groups = []
    for group in query.groups:
        plain = [a for a in group.alternatives if not a.fuzzy and _all_known(a, known)]
        typos = [] if plain else _typos(cursor, dialect, table, group.alternatives)
        groups.append(Group(group.word, plain + typos or [NOTHING]))
    return replace(query, groups=groups)


def _typos(cursor, dialect, table: str, alternatives: list[Alternative]) -> list[Alternative]:
    """The index's terms that the fuzzy alternatives stand for (each once, the exact ones left out)."""
    exact = {(alt.field, alt.terms) for alt in alternatives if not alt.fuzzy}
    found: dict[tuple, Alternative] = {}
    for alt in alternatives:
        if alt.fuzzy:
            for term in similar_terms(cursor, dialect, table, alt.terms[0]):
                if (alt.field, (term,)) not in exact:
                    found[(alt.field, term)] = Alternative(alt.field, (term,), FUZZY)
    return list(found.values())


def similar_terms(cursor, dialect, table: str, term: str) -> list[str]:
    """The index's stems within ``max_edits(term)`` of ``term`` (itself excluded), most documents first."""
    edits = max_edits(term)
    if not edits:
        return []
    vocabulary = _vocabulary(cursor, dialect, table, term[0])
    matches = process.extract(term, list(vocabulary), scorer=OSA.distance, score_cutoff=edits, limit=None)
    ranked = sorted((distance, -vocabulary[found], found) for found, distance, _ in matches if found != term)
    return [found for _, _, found in ranked[:MAX_EXPANSIONS]]


def _vocabulary(cursor, dialect, table: str, first: str) -> dict[str, int]:
    key = (table, first)
    cached = _vocabularies.get(key)
    if cached is None or time.monotonic() - cached[0] > _VOCABULARY_SECONDS:
        cached = _vocabularies[key] = (time.monotonic(), dialect.vocabulary(cursor, table, first))
    return cached[1]


def _all_known(alternative: Alternative, known: set[tuple[str, str]]) -> bool:
    return all((alternative.field, term) in known for term in alternative.terms)
