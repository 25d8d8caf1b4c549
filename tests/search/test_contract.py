"""The backend contract: the same documents and the same queries give the same hits, facets and (for date
orders, and where relevance is clear-cut) the same order on the embedded backend and on Elasticsearch (the
osmem server).  Each behaviour is checked on both backends; the equivalence tests run one battery of
queries on both and compare them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection

from search.analysis import stem, tokens
from search.backends.elastic import ElasticBackend
from search.backends.embedded import EmbeddedBackend
from search.query import OVERDUE, Query, parse_text, search_with_fallback

from .corpus import APPLICATION, NOW, RECORDING, point_docs, record_docs

FACETS = ["record_type", "service", "state", "unit", "year", OVERDUE, "retention"]
STAFF = ["archivist", "office_clerk", "responsible_person", "head"]


def types_of(roles: list[str]) -> list[str]:
    """The corpus's record types these roles may see (what search.access.visible_types gives the portal)."""
    return [t.name for t in (APPLICATION, RECORDING) if t.roles.intersection(roles)]


def load(backend, index: str, docs) -> None:
    backend.ensure(index)
    backend.write(index, list(docs))


def q(index: str, text: str = "", **kwargs) -> Query:
    defaults = {"now": NOW, "scope_types": types_of(STAFF)} if index == "records" else {}
    return Query(index=index, **parse_text(text, identifiers=index == "records"), **{**defaults, **kwargs})


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.fixture
def records(backend):
    load(backend, "records", record_docs())
    return backend


@pytest.fixture
def points(backend):
    load(backend, "points", point_docs())
    return backend


# -- behaviour, on each backend -----------------------------------------------------------------------------


def test_every_form_of_a_word_matches(points):
    licence = points.search(q("points", "лицензияларды", size=500))
    assert licence.total > 10
    assert all("лицензия" in h.source["text"].lower() for h in licence.hits)


def test_documents_with_more_of_the_words_come_first(points):
    licence = points.search(q("points", "лицензия", size=500))
    three = points.search(q("points", "лицензияның телнұсқасын беру", size=500))
    words = [stem(w) for w in ("лицензияның", "телнұсқасын", "беру")]
    matched = [len(set(words) & {stem(t.word) for t in tokens(h.source["text"])}) for h in three.hits]
    assert 3 in matched and 2 in matched and min(matched) == 2  # two words of three are enough…
    assert matched == sorted(matched, reverse=True)  # …but those with all three come first
    # Two words must both match; when together they find nothing, either is enough.
    assert points.search(q("points", "лицензия жоқсөзжоқ")).total == 0
    assert search_with_fallback(points, q("points", "лицензия жоқсөзжоқ")).total == licence.total
    both = search_with_fallback(points, q("points", "лицензияның телнұсқасы", size=500))
    assert both.total and all(_has_all(h, "лицензия", "телнұсқа") for h in both.hits)


def test_a_typo_is_looked_for_only_where_no_document_has_the_word(points):
    typo = points.search(q("points", "лицензыя", size=500))
    exact = points.search(q("points", "лицензия", size=500))
    assert typo.total == exact.total > 0 and set(ids(typo)) == set(ids(exact))
    # «лицензиялар» is a word of the acts: its neighbour «лицензиялау» (one edit) is not added to it.
    plural = points.search(q("points", "лицензиялар", size=500))
    assert set(ids(plural)) == set(ids(exact))


def _has_all(hit, *prefixes: str) -> bool:
    text = hit.source["text"].lower()
    return all(prefix in text for prefix in prefixes)


def test_a_quoted_phrase_matches_the_words_side_by_side_in_that_form(points):
    phrase = points.search(q("points", '"жауапты адам"', size=500))
    assert phrase.total > 0
    assert all("жауапты адам" in h.source["text"].lower() for h in phrase.hits)
    loose = points.search(q("points", "жауапты адам", size=500))
    assert loose.total > phrase.total  # the words apart, or in other forms, match without quotes


def test_latin_homoglyphs_in_the_query_find_the_cyrillic_word(points):
    assert (
        points.search(q("points", "мемлекеттiк")).total == points.search(q("points", "мемлекеттік")).total > 0
    )


def test_filters_facets_and_their_order(points):
    result = points.search(q("points", "қызмет", facets=["act_code", "status"]))
    act_counts = [(f.value, f.count) for f in result.facets["act_code"]]
    assert sum(count for _, count in act_counts) == result.total
    assert act_counts == sorted(act_counts, key=lambda item: (-item[1], item[0]))
    repealed = points.search(q("points", "қызмет", terms={"status": ["repealed"]}, size=500))
    assert repealed.total and all(h.source["status"] == "repealed" for h in repealed.hits)
    assert repealed.total == dict(act_counts)["003"]


def test_identifier_access_and_unit_filters(records):
    iin = "880515300010"  # record 10: a recording of its unit
    recording = records.search(
        q("records", iin, scope_types=types_of(["head"]), scope_units=["Тараз", "Шу ауданы", "Жамбыл ауданы"])
    )
    assert ids(recording) == ["recording:10"]
    assert (
        records.search(q("records", iin, scope_types=types_of(["archivist"]))).total == 0
    )  # not a recording role
    other_unit = next(u for u in ("Тараз", "Шу ауданы") if u != recording.hits[0].source["unit"])
    assert (
        records.search(q("records", iin, scope_types=types_of(["head"]), scope_units=[other_unit])).total == 0
    )
    visible = records.search(q("records", scope_types=types_of(["archivist"]), size=500))
    assert visible.total == 270 and all(h.source["record_type"] == "application" for h in visible.hits)
    # An identifier is never part of the text: without the identifiers field it matches nothing.
    as_word = Query(
        index="records", **parse_text(iin, identifiers=False), scope_types=types_of(STAFF), now=NOW
    )
    assert records.search(as_word).total == 0


def test_date_range_overdue_and_sort_by_date(records):
    start, end = datetime(2023, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
    result = records.search(q("records", date_from=start, date_to=end, sort="oldest", size=500))
    dates = [h.source["sort_date"] for h in result.hits]
    assert dates == sorted(dates) and all("2023-" in d[:5] for d in dates) and result.total == len(dates) > 0
    overdue = records.search(q("records", overdue=True, size=500, facets=[OVERDUE]))
    assert overdue.total and all(h.source["due_at"] < "2025-06-01T06:00:00.000Z" for h in overdue.hits)
    everything = records.search(q("records", facets=[OVERDUE]))
    assert everything.facets[OVERDUE][0].count == overdue.total


def test_relevance_puts_the_clear_match_first(records):
    # The same word, once, in a short, a middling and a long text: the shortest text is the best match.
    docs = [dict(d) for d in record_docs()[:3]]
    for n, doc in enumerate(docs):
        doc.update(id=f"extra:{n}", text_stems="ерекше " + "сөз " * (1 + 12 * n), sort_key=f"zz:{n}")
    records.write("records", docs)
    result = records.search(q("records", "ерекше"))
    assert ids(result) == ["extra:0", "extra:1", "extra:2"]


def test_writes_replace_and_delete_by_id_and_group(records):
    doc = dict(record_docs()[0])
    records.write("records", [{**doc, "title": "өзгерді"}])
    assert records.group_ids("records", [doc["group"]]) == {doc["group"]: {doc["id"]}}
    assert records.search(q("records", doc["numbers"][0].split("-")[-1])).hits[0].source["title"] == "өзгерді"
    records.write("records", [], [doc["id"]])
    assert records.group_ids("records", [doc["group"]]) == {doc["group"]: set()}
    assert records.count("records") == 299
    assert dict(records.digests("records"))[record_docs()[1]["id"]] == record_docs()[1]["digest"]


def test_rebuild_swaps_the_alias_atomically(points):
    old_total = points.search(q("points", "лицензия")).total
    version = points.create_version("points")
    points.write("points", list(point_docs())[:50], version=version)
    assert points.search(q("points", "лицензия")).total == old_total  # readers still see the old version
    points.promote("points", version)
    assert points.count("points") == 50
    assert points.ensure("points") is False


def test_did_you_mean_offers_a_word_of_the_index(points):
    assert points.suggest("points", ["лицензыя", "бейнетіркегіш", "қызмет"]) == {"лицензыя": "лицензия"}


# -- equivalence: one battery of queries, both backends ------------------------------------------------------


@pytest.fixture
def both(db, es_server):
    prefix = f"eq{uuid.uuid4().hex[:8]}"
    embedded, elastic = EmbeddedBackend(prefix=prefix), ElasticBackend(es_server.url, prefix=prefix)
    for backend in (embedded, elastic):
        load(backend, "records", record_docs())
        load(backend, "points", point_docs())
    yield embedded, elastic
    for index in ("points", "records"):
        elastic.drop(index)
    elastic.close()


RECORD_QUERIES = [
    {"text": "ветеринариялық"},
    {"text": "сиырларға анықтамалар"},
    {"text": '"тіркеу нөмірі"'},
    {"text": "лицензияны", "terms": {"state": ["issued", "refused"]}},
    {"text": "", "terms": {"service": ["licence", "attestation"], "year": ["2023"]}},
    {"text": "", "terms": {"unit": ["Тараз"]}, "overdue": True},
    {
        "text": "Асқаров",
        "date_from": datetime(2022, 6, 1, tzinfo=UTC),
        "date_to": datetime(2024, 6, 1, tzinfo=UTC),
    },
    {"text": "880515300042"},
    {"text": "", "scope_types": types_of(["head"]), "scope_units": ["Шу ауданы"]},
    {
        "text": "",
        "terms": {"retention": ["5y"]},
        "scope_types": types_of(["responsible_person"]),
        "scope_units": None,
    },
]


def test_both_backends_agree_on_records(both):
    embedded, elastic = both
    for params in RECORD_QUERIES:
        params = dict(params)
        text = params.pop("text")
        for sort in ("relevance", "newest", "oldest"):
            for page in (0, 1):
                query = q("records", text, facets=FACETS, sort=sort, offset=page * 20, size=20, **params)
                a, b = embedded.search(query), elastic.search(query)
                label = f"{text!r} {params} {sort} page {page + 1}"
                assert a.total == b.total, label
                assert _facets(a) == _facets(b), label
                if sort != "relevance":
                    assert ids(a) == ids(b), label
            everything = q("records", text, size=500, **params)
            assert set(ids(embedded.search(everything))) == set(ids(elastic.search(everything))), text


def _facets(result):
    return {name: [(f.value, f.count) for f in values] for name, values in result.facets.items()}


def test_both_backends_agree_on_the_points_of_the_acts(both):
    from .eval.metrics import load as load_eval

    embedded, elastic = both
    for item in load_eval()[::4]:
        query = q("points", item["query"], size=500, facets=["act_code", "status"])
        a, b = embedded.search(query), elastic.search(query)
        assert (a.total, set(ids(a)), _facets(a)) == (b.total, set(ids(b)), _facets(b)), item["query"]
    for typo, fixed in (
        ("лицензыя", "лицензия"),
        ("бейнетіркегіщ", "бейнетіркегіш"),
        ("ветеринарыя", "ветеринария"),
    ):
        assert embedded.suggest("points", [typo]) == elastic.suggest("points", [typo]) == {typo: fixed}


def test_embedded_backend_keeps_its_index_in_the_portal_database(embedded):
    load(embedded, "points", point_docs()[:10])
    table = embedded._table("points")
    assert table in connection.introspection.table_names()
    version = embedded.create_version("points")
    embedded.promote("points", version)
    assert table not in connection.introspection.table_names()  # the replaced version is dropped


def test_before_anything_is_indexed_searches_find_nothing(backend):
    assert backend.search(q("records", "лицензия", facets=FACETS)).total == 0
    assert backend.count("points") == 0 and list(backend.digests("points")) == []
    assert backend.suggest("points", ["лицензыя"]) == {}
    assert backend.ensure("points") is True and backend.ensure("points") is False
