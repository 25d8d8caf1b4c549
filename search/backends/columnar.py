"""A search of the embedded backend on SQLite, answered from the doc values (search.backends.docvalues).

FTS5 finds the hits — the text, the phrases, the identifiers and every keyword filter and access rule as
terms of one MATCH — and hands back their rowids in one string; the total, the facets, the date filters,
BM25 and the order are then numpy operations over columns.  Only the page of hits reads rows.

Relevance is BM25 as Lucene computes it (k1 1.2, b 0.75, idf ln(1 + (N − n + 0.5)/(n + 0.5))) over the
``text_stems`` field: the number of documents and the document lengths come from the doc values, a stem's
frequency in each hit from FTS5's instance vocabulary or, for few hits, from the hits' own text.
"""

from __future__ import annotations

import json

import numpy as np

from ..analysis.expand import COORD
from ..query import OVERDUE, FacetValue, Hit, Query, Result
from . import docvalues

K1, B = 1.2, 0.75
FACET_LIMIT = 100
NO_DATE = docvalues.NO_DATE
LAST = np.iinfo(np.int64).max  # sorts documents without a date after every dated one
_SIMPLE_TERM_COST, _TEXT_COST = 0.4, 3.0  # µs per posting read from the vocabulary, per hit's text read


def search(
    cursor, dialect, table: str, query: Query, columns: dict[str, str], groups: list[list[str]]
) -> Result:
    values = docvalues.load(cursor, table, docvalues.Layout.of(columns))
    rowids = _matching(cursor, dialect, table, query, groups)
    rowids = np.flatnonzero(values.live) if rowids is None else _live(values, rowids)
    rowids = rowids[_date_filters(values, query, rowids)]
    facets = {name: _facet(values, name, rowids, query) for name in query.facets}
    if not len(rowids):
        return Result(total=0, hits=[], facets=facets)
    scores = _scores(cursor, table, query, values, rowids, groups)
    page = _page(cursor, table, query, values, rowids, scores)
    bodies = dialect.sources(cursor, table, [rowid for rowid, _, _ in page]) if page else {}
    hits = [Hit(id=doc_id, score=score, source=json.loads(bodies[rowid])) for rowid, doc_id, score in page]
    return Result(total=len(rowids), hits=hits, facets=facets)


def _matching(cursor, dialect, table: str, query: Query, groups: list[list[str]]) -> np.ndarray | None:
    """The rowids FTS5 matches (ascending), or None when nothing narrows the search.  When not every group
    of words is required, each group's matches are counted and the rows with enough of them kept."""
    if not (query.has_text or groups):
        return None
    required = dialect.required_match(query, groups)
    words = [dialect.group_match(group) for group in query.groups]
    if query.all_required:
        return _rowids(cursor, table, " AND ".join(required + words))
    found = [_rowids(cursor, table, " AND ".join([*required, group])) for group in words]
    rowids, counts = np.unique(np.concatenate(found), return_counts=True)
    return rowids[counts >= query.minimum_should_match]


def _rowids(cursor, table: str, expression: str) -> np.ndarray:
    cursor.execute(f"SELECT group_concat(rowid) FROM {table}_fts WHERE {table}_fts MATCH %s", [expression])
    return _numbers(cursor.fetchone()[0])


def _live(values: docvalues.Columns, rowids: np.ndarray) -> np.ndarray:
    """(Every rowid FTS5 knows has live values, written in the same transaction: this only guards.)"""
    inside = rowids[rowids < len(values.live)]
    return inside[values.live[inside] == 1]


def _numbers(text: str | None) -> np.ndarray:
    """«3,5,8» (SQLite's group_concat) as integers."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)


def _ms(value) -> int:
    from .embedded import utc_text

    return int(np.datetime64(utc_text(value)[:-1], "ms").astype(np.int64))


def _date_filters(values: docvalues.Columns, query: Query, rowids: np.ndarray) -> np.ndarray:
    keep = np.ones(len(rowids), bool)
    if query.date_from or query.date_to:
        dates = values.dates["sort_date"][rowids]
        keep &= dates != NO_DATE
        if query.date_from:
            keep &= dates >= _ms(query.date_from)
        if query.date_to:
            keep &= dates < _ms(query.date_to)
    if query.overdue:
        keep &= _overdue(values, query, rowids)
    return keep


def _overdue(values: docvalues.Columns, query: Query, rowids: np.ndarray) -> np.ndarray:
    due = values.dates["due_at"][rowids]
    return (due != NO_DATE) & (due < _ms(query.now))


def _facet(values: docvalues.Columns, name: str, rowids: np.ndarray, query: Query) -> list[FacetValue]:
    """Counts ordered by count, then value — the order of Elasticsearch's terms aggregation."""
    if name == OVERDUE:
        count = int(np.count_nonzero(_overdue(values, query, rowids)))
        return [FacetValue("1", count)] if count else []
    names = values.values[name]
    counts = np.bincount(values.keywords[name][rowids], minlength=len(names))
    found = [(names[code], int(counts[code])) for code in np.flatnonzero(counts) if code]
    found.sort(key=lambda item: (-item[1], item[0]))
    return [FacetValue(value, count) for value, count in found[:FACET_LIMIT]]


# -- relevance ---------------------------------------------------------------------------------------------


def _scores(cursor, table, query: Query, values, rowids: np.ndarray, groups) -> np.ndarray | None:
    """The sum over the query's groups of its best alternative's BM25 (each term's, summed) × its weight."""
    if not query.groups or query.sort != "relevance":
        return None
    lengths = values.length[rowids].astype(np.float64)
    norms = K1 * (1 - B + B * lengths / values.average_length)
    scores = np.zeros(len(rowids))
    for group in query.groups:
        best = np.zeros(len(rowids))
        for alternative in group.alternatives:
            score = sum(
                (
                    _bm25(cursor, table, values, alternative.field, term, rowids, norms)
                    for term in alternative.terms
                ),
                np.zeros(len(rowids)),
            )
            best = np.maximum(best, score * alternative.weight)
        scores += best + COORD * (best > 0)
    return scores


def _bm25(cursor, table, values, field: str, term: str, rowids: np.ndarray, norms: np.ndarray) -> np.ndarray:
    key = f"{field}:{term}"
    if key not in values.frequencies:
        if len(values.frequencies) > 100_000:  # a long-lived process asked for most of the vocabulary
            values.frequencies.clear()
        values.frequencies[key] = _document_frequency(cursor, table, field, term)
    frequency = values.frequencies[key]
    if not frequency:
        return np.zeros(len(rowids))
    idf = np.log(1 + (values.documents - frequency + 0.5) / (frequency + 0.5))
    tf = _term_frequencies(cursor, table, field, term, rowids, frequency)
    return idf * tf * (K1 + 1) / (tf + norms)


def _document_frequency(cursor, table: str, field: str, term: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH %s", [_term_match(field, term)])
    return cursor.fetchone()[0]


def _term_match(field: str, term: str) -> str:
    return f'{field} : "' + term.replace('"', '""') + '"'


def _term_frequencies(
    cursor, table: str, field: str, term: str, rowids: np.ndarray, frequency: int
) -> np.ndarray:
    """How often ``term`` occurs in ``field`` of each hit: from the vocabulary (cost by the term's postings)
    or from the hits' text (cost by the hits), whichever reads less.  A term FTS5 would split into several
    tokens is only in the text."""
    if term.isalnum() and frequency * _SIMPLE_TERM_COST < len(rowids) * _TEXT_COST:
        return _frequencies_from_vocabulary(cursor, table, field, term, rowids)
    return _frequencies_from_text(cursor, table, field, term, rowids)


def _frequencies_from_vocabulary(cursor, table: str, field: str, term: str, rowids: np.ndarray) -> np.ndarray:
    cursor.execute(
        f"SELECT group_concat(doc) FROM {table}_instance WHERE term = %s AND col = %s", [term, field]
    )
    documents, counts = _runs(_numbers(cursor.fetchone()[0]))
    if not len(documents):
        return np.zeros(len(rowids))
    found = np.searchsorted(documents, rowids).clip(0, len(documents) - 1)
    return np.where(documents[found] == rowids, counts[found], 0).astype(np.float64)


def _frequencies_from_text(cursor, table: str, field: str, term: str, rowids: np.ndarray) -> np.ndarray:
    found = docvalues.rows_in(cursor, f"SELECT rowid, {field} FROM {table}_fts", "rowid", rowids.tolist())
    counts = {rowid: (text or "").split().count(term) for rowid, text in found}
    return np.array([counts.get(rowid, 0) for rowid in rowids.tolist()], dtype=np.float64)


def _runs(occurrences: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct documents of a posting list (one entry per occurrence) and how often each occurs."""
    if len(occurrences) > 1 and np.any(occurrences[1:] < occurrences[:-1]):
        occurrences = np.sort(occurrences)
    starts = np.flatnonzero(np.r_[True, occurrences[1:] != occurrences[:-1]]) if len(occurrences) else []
    return occurrences[starts], np.diff(np.r_[starts, len(occurrences)])


# -- order -------------------------------------------------------------------------------------------------


def _page(
    cursor, table: str, query: Query, values, rowids: np.ndarray, scores
) -> list[tuple[int, str, float]]:
    """(rowid, id, score) of the requested page: the numeric sort keys choose the candidates in numpy, the
    last tie-break (``sort_key``) is read for those candidates only."""
    dates = values.dates["sort_date"][rowids]
    if query.sort == "oldest":
        by_date = np.where(dates == NO_DATE, LAST, dates)
    else:
        by_date = np.where(dates == NO_DATE, LAST, -dates)
    keys = [by_date] if scores is None else [-scores, by_date]
    wanted = query.offset + query.size
    chosen = _candidates(keys, wanted)
    found = docvalues.rows_in(
        cursor, f"SELECT rowid, id, sort_key FROM {table}", "rowid", rowids[chosen].tolist()
    )
    rows = {rowid: (doc_id, sort_key or "") for rowid, doc_id, sort_key in found}
    ordered = sorted(
        chosen.tolist(), key=lambda i: (*(key[i].item() for key in keys), rows[int(rowids[i])][1])
    )[query.offset : wanted]
    return [
        (int(rowids[i]), rows[int(rowids[i])][0], float(scores[i]) if scores is not None else 0.0)
        for i in ordered
    ]


def _candidates(keys: list[np.ndarray], wanted: int) -> np.ndarray:
    """Positions of the ``wanted`` best hits by ``keys`` (ascending, lexicographic), with every hit tied
    with the last of them on all keys (the tie-break then decides)."""
    positions = np.arange(len(keys[0]))
    chosen = []
    for key in keys:
        if len(positions) <= wanted:
            break
        ranks = key[positions]
        cut = np.partition(ranks, wanted - 1)[wanted - 1]
        better = ranks < cut
        chosen.append(positions[better])
        wanted -= int(np.count_nonzero(better))
        positions = positions[ranks == cut]
    return np.concatenate([*chosen, positions])
