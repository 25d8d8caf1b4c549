"""An index version built by an older release lacks a field this release searches (``text_folded`` and
``refs`` came in later): searches and writes say so instead of failing, nothing queued is lost, and the
worker's look at the indexes rebuilds it."""

from __future__ import annotations

import pytest
from django.db import connection

from search import outbox, registry
from search.backends import SearchUnavailable
from search.backends import embedded as embedded_module
from search.documents import INDEXES
from search.indexing import health, rebuild_lost
from search.query import Query, parse_text

OLD_FIELDS = ("text_folded", "refs")


def _old_columns(index: str) -> dict[str, str]:
    return {name: kind for name, kind in embedded_module._columns(index).items() if name not in OLD_FIELDS}


def _install_old_version(backend, index: str) -> None:
    """A version of ``index`` as the previous release created and filled it, behind the alias."""
    docs = [{k: v for k, v in doc.items() if k not in OLD_FIELDS} for doc in _documents(index)]
    if backend.name == "embedded":
        table, columns = f"search_old_{index}", _old_columns(index)
        with connection.cursor() as cursor:
            for statement in backend.dialect.create(table, columns):
                cursor.execute(statement)
            backend.dialect.insert(cursor, table, columns, [embedded_module._row(d, columns) for d in docs])
        backend.promote(index, table)
    else:
        mapping = INDEXES[index]._doc_type.mapping.to_dict()
        for name in OLD_FIELDS:
            mapping["properties"].pop(name)
        mapping["dynamic"] = "false"  # as the old release's documents never had the new fields anyway
        name = f"{backend.alias(index)}-old"
        backend.client.indices.create(index=name, mappings=mapping)
        backend.write(index, docs, version=name)
        backend.promote(index, name)


def _documents(index: str) -> list[dict]:
    return [
        doc
        for source in registry.sources(index)
        for built in source.build(list(source.object_ids())).values()
        for doc in built
    ]


def test_an_index_of_an_older_release_is_said_so_and_rebuilt(backend, acts):
    _install_old_version(backend, "points")
    assert backend.count("points") > 400  # full, not lost: only of an older release
    assert "text_folded" in backend.outdated("points")
    query = Query(index="points", **parse_text("лицензия"))
    if backend.name == "embedded":  # its table lacks the columns: refused, with the reason
        with pytest.raises(SearchUnavailable, match="rebuild"):
            backend.search(query)
    assert health("points").lost  # what the worker and the search pages look at
    assert rebuild_lost() == {"points": pytest.approx(backend.count("points"))}
    assert backend.outdated("points") == ""
    assert backend.search(query).total > 0
    assert backend.search(Query(index="points", **parse_text("кызмет берушi"))).total > 0  # the folded field
    assert outbox.pending_count() == 0
