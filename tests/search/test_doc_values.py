"""The doc values of the embedded backend on SQLite (search.backends.docvalues and .columnar): searches
answered from columns give what the row-by-row SQL gives, stay exact through deletes, replacements and
rolled-back transactions, and rank by BM25 as Lucene computes it."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest
from django.db import connection, transaction

from search.analysis.expand import COORD, Alternative, Group
from search.backends import columnar, sql_fts
from search.query import OVERDUE, Query, parse_text

from .corpus import NOW, record_docs
from .test_contract import FACETS, STAFF, types_of


def q(text: str = "", **kwargs) -> Query:
    return Query(
        index="records",
        **parse_text(text, identifiers=True),
        **{"now": NOW, "scope_types": types_of(STAFF), "facets": FACETS, **kwargs},
    )


def answer(result) -> tuple:
    facets = {name: [(v.value, v.count) for v in values] for name, values in result.facets.items()}
    return result.total, facets, [hit.id for hit in result.hits]


@pytest.fixture
def records(embedded):
    embedded.ensure("records")
    embedded.write("records", list(record_docs()))
    return embedded


def rows_only(monkeypatch) -> None:
    monkeypatch.setattr(sql_fts.SQLite, "columnar", lambda self, cursor, table, columns: False)


QUERIES = [
    {},
    {"sort": "newest", "size": 15, "offset": 10},
    {"sort": "oldest", "terms": {"service": ["licence"]}},
    {"terms": {"unit": ["Тараз", "Шу ауданы"], "year": ["2023"]}, "sort": "newest"},
    {"date_from": date(2023, 1, 1), "date_to": date(2024, 1, 1), "sort": "oldest"},
    {"overdue": True, "sort": "newest"},
    {"scope_types": ["recording"], "scope_units": ["Тараз"], "sort": "newest"},
    {"scope_types": []},
]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
@pytest.mark.parametrize("params", QUERIES)
def test_columns_answer_what_the_rows_answer(records, monkeypatch, params):
    from_columns = records.search(q(**params))
    rows_only(monkeypatch)
    from_rows = records.search(q(**params))
    assert from_columns.total > 0 or params.get("scope_types") == []
    assert answer(from_columns) == answer(from_rows)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
@pytest.mark.parametrize("text", ["лицензия", "ветеринариялық анықтама", "Тараз", "880515300042"])
def test_text_searches_find_the_same_hits_and_facets_from_columns(records, monkeypatch, text):
    every = {"size": 1000}
    from_columns = records.search(q(text, **every))
    rows_only(monkeypatch)
    from_rows = records.search(q(text, **every))
    assert from_columns.total == from_rows.total > 0
    assert from_columns.facets == from_rows.facets
    assert {hit.id for hit in from_columns.hits} == {hit.id for hit in from_rows.hits}


def state_counts(backend) -> dict[str, int]:
    return {v.value: v.count for v in backend.search(q(facets=["state"])).facets["state"]}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
def test_a_rolled_back_write_leaves_nothing_in_the_columns(records):
    doc = dict(record_docs()[0])
    before = state_counts(records)
    with pytest.raises(RuntimeError), transaction.atomic():
        records.write("records", [{**doc, "state": "rolled_back"}])
        assert state_counts(records)["rolled_back"] == 1  # the transaction sees its own write
        raise RuntimeError("the change is refused")
    assert state_counts(records) == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
def test_replaced_and_deleted_documents_leave_the_facets(records):
    docs = record_docs()
    total = records.search(q()).total
    records.write("records", [{**docs[0], "state": "replaced"}], deletes=[docs[1]["id"], docs[2]["id"]])
    result = records.search(q(facets=["state", OVERDUE]))
    assert result.total == total - 2
    assert {v.value: v.count for v in result.facets["state"]}["replaced"] == 1
    assert sum(v.count for v in result.facets["state"]) == total - 2
    assert docs[1]["id"] not in {hit.id for hit in records.search(q(size=1000)).hits}


def bm25(tf: int, length: int, documents: int, frequency: int, average: float) -> float:
    idf = math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
    return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average))


POINTS = [
    ("short", "лицензия бер"),
    ("twice", "лицензия лицензия бер тіркеу"),
    ("long", "лицензия бер тіркеу куәлік анықтама"),
    ("other", "тіркеу куәлік"),
]


def point(name: str, stems: str) -> dict:
    return {
        "id": name,
        "group": name,
        "sort_key": name,
        "text": stems,
        "text_stems": stems,
        "text_words": stems,
    }


def exactly(stem: str) -> Query:
    """A one-word query matched on its exact stem only (no folded forms, typos or synonyms)."""
    group = Group(stem, [Alternative("text_stems", (stem,), 1.0)])
    return Query(index="points", words=[stem], stems=[stem], groups=[group], size=10)


def expected_scores(points: list[tuple[str, str]], stem: str) -> dict[str, float]:
    with_stem = [(name, stems.split()) for name, stems in points if stem in stems.split()]
    average = sum(len(stems.split()) for _, stems in points) / len(points)
    return {
        name: bm25(words.count(stem), len(words), len(points), len(with_stem), average)
        for name, words in with_stem
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
@pytest.mark.parametrize("costs", [(0.0, 1.0), (1.0, 0.0)], ids=["from-vocabulary", "from-text"])
def test_relevance_is_lucene_bm25_whichever_way_the_frequencies_are_read(embedded, monkeypatch, costs):
    monkeypatch.setattr(columnar, "_SIMPLE_TERM_COST", costs[0])
    monkeypatch.setattr(columnar, "_TEXT_COST", costs[1])
    embedded.ensure("points")
    embedded.write("points", [point(name, stems) for name, stems in POINTS])
    result = embedded.search(exactly("лицензия"))
    expected = expected_scores(POINTS, "лицензия")
    assert [hit.id for hit in result.hits] == sorted(expected, key=lambda name: -expected[name])
    assert {hit.id: hit.score - COORD for hit in result.hits} == pytest.approx(expected)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
def test_a_write_renews_the_statistics_of_relevance(embedded):
    """Document counts, frequencies and the average length are kept between searches, never past a write."""
    embedded.ensure("points")
    embedded.write("points", [point(name, stems) for name, stems in POINTS])
    query = exactly("лицензия")
    embedded.search(query)
    more = [*POINTS, ("fifth", "лицензия куәлік анықтама тіркеу бер")]
    embedded.write("points", [point("fifth", more[-1][1])])
    result = embedded.search(query)
    assert {hit.id: hit.score - COORD for hit in result.hits} == pytest.approx(
        expected_scores(more, "лицензия")
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="doc values are the SQLite dialect's")
def test_the_last_tie_break_orders_a_thousand_equal_dates(embedded, monkeypatch):
    """1,200 points of one act share its date: the page is chosen among all of them by ``sort_key``
    (more of them than one SQL statement may name)."""
    keys = [f"{n:05d}" for n in random.Random(3).sample(range(1200), 1200)]
    embedded.ensure("points")
    embedded.write(
        "points",
        [
            {
                "id": f"p{n}",
                "group": "page:1",
                "sort_key": key,
                "sort_date": "2021-04-14",
                "status": "in_force",
            }
            for n, key in enumerate(keys)
        ],
    )
    query = Query(index="points", terms={"status": ["in_force"]}, facets=["status"], offset=40, size=30)
    from_columns = embedded.search(query)
    rows_only(monkeypatch)
    assert answer(from_columns) == answer(embedded.search(query))
    assert [hit.source["sort_key"] for hit in from_columns.hits] == sorted(keys)[40:70]
