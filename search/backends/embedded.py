"""The embedded backend: the index lives in the portal's own database — SQLite FTS5, or PostgreSQL
full-text search — for the one-command demo and small offices.

Each version of an index is a table of documents (one column per keyword, date and integer field of the
index's Document, the rest as JSON) plus its full-text part; ``search.IndexAlias`` names the version in use,
so a rebuild swaps versions in one transaction.  Only the text goes through the full-text engine (its
relevance then weighs the query's words alone); keyword filters use the columns' indexes, and multi-valued
keywords (units) are stored as «\\x1fa\\x1fb\\x1f» and matched within the rows the rest selected.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection, transaction

from ..documents import field_kinds, index_name
from ..query import OVERDUE, FacetValue, Hit, Query, Result
from . import columnar, docvalues, fuzzy, sql_fts
from .base import SearchUnavailable

FACET_LIMIT = 100
_fulltext_of: dict[str, frozenset[str]] = {}  # table → its full-text columns


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, *, prefix: str | None = None) -> None:
        self.prefix = prefix

    @property
    def dialect(self) -> sql_fts.Dialect:
        return sql_fts.for_vendor(connection.vendor)

    def alias(self, index: str) -> str:
        return f"{self.prefix}-{index}" if self.prefix else index_name(index)

    # -- index versions ------------------------------------------------------------------------------------

    def _table(self, index: str) -> str | None:
        from ..models import IndexAlias

        return IndexAlias.objects.filter(name=self.alias(index)).values_list("table", flat=True).first()

    def ensure(self, index: str) -> bool:
        if self._table(index):
            return False
        with transaction.atomic():
            self.promote(index, self.create_version(index))
        return True

    def create_version(self, index: str) -> str:
        table = f"search_{self.alias(index).replace('-', '_')}_{secrets.token_hex(4)}"
        with connection.cursor() as cursor:
            for statement in self.dialect.create(table, _columns(index)):
                cursor.execute(statement)
        return table

    def promote(self, index: str, version: str) -> None:
        from ..models import IndexAlias

        with transaction.atomic():
            old = self._table(index)
            IndexAlias.objects.update_or_create(name=self.alias(index), defaults={"table": version})
            if old and old != version:
                self._drop_table(old)

    def drop(self, index: str) -> None:
        from ..models import IndexAlias

        with transaction.atomic():
            table = self._table(index)
            if table:
                self._drop_table(table)
            IndexAlias.objects.filter(name=self.alias(index)).delete()

    def _drop_table(self, table: str) -> None:
        with connection.cursor() as cursor:
            for statement in self.dialect.drop(table):
                cursor.execute(statement)

    # -- writing -------------------------------------------------------------------------------------------

    def write(
        self,
        index: str,
        docs: Iterable[dict[str, Any]],
        deletes: Iterable[str] = (),
        version: str | None = None,
    ) -> int:
        table = version or self._table(index)
        if table is None:
            raise LookupError(f"search index {index!r} does not exist yet")
        if version is None:
            self._usable(index, table)  # the change stays queued until the rebuild
        columns = _columns(index)
        rows = [_row(doc, columns) for doc in docs]
        with transaction.atomic(), connection.cursor() as cursor:
            # A new version has none of the ids yet; the live one replaces what it is given.
            replaced = [*deletes, *(row["id"] for row in rows)] if version is None else list(deletes)
            self.dialect.delete(cursor, table, columns, replaced)
            self.dialect.insert(cursor, table, columns, rows)
        return len(rows)

    def group_ids(self, index: str, groups: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {group: set() for group in groups}
        table = self._table(index)
        if table is None or not groups:
            return found
        with connection.cursor() as cursor:
            for start in range(0, len(groups), 500):
                chunk = groups[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f'SELECT "group", id FROM {table} WHERE "group" IN ({marks})', chunk)
                for group, doc_id in cursor.fetchall():
                    found.setdefault(group, set()).add(doc_id)
        return found

    def digests(self, index: str) -> Iterator[tuple[str, str]]:
        table = self._table(index)
        if table is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, digest FROM {table}")
            while batch := cursor.fetchmany(5000):
                yield from batch

    def count(self, index: str) -> int:
        table = self._table(index)
        if table is None:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    def outdated(self, index: str) -> str:
        """Why the index's version cannot serve this code ("" when it can): a version built by an older
        release without a full-text field this one searches (search_worker rebuilds it)."""
        table = self._table(index)
        return self._missing_fields(index, table) if table else ""

    def _missing_fields(self, index: str, table: str) -> str:
        if table not in _fulltext_of:  # a version's columns never change: once per process
            with connection.cursor() as cursor:
                _fulltext_of[table] = frozenset(self.dialect.fulltext_columns(cursor, table))
        wanted = {name for name, kind in _columns(index).items() if kind == "fulltext"}
        missing = sorted(wanted - _fulltext_of[table])
        return f"the search index {index} has no {', '.join(missing)}: rebuild it" if missing else ""

    def _usable(self, index: str, table: str) -> None:
        problem = self._missing_fields(index, table)
        if problem:
            raise SearchUnavailable(problem)

    def value_problems(self, index: str) -> list[str]:
        """What is wrong with the doc values of ``index`` (search_check): an unknown layout, or documents
        whose columns disagree with their rows."""
        table = self._table(index)
        columns = _columns(index)
        if table is None or connection.vendor != "sqlite":
            return []
        with connection.cursor() as cursor:
            problem = self.dialect.layout_problem(cursor, table, columns)
            if problem:
                return [f"{problem}: run search_reindex {index}"]
            if not self.dialect.columnar(cursor, table, columns):
                return []
            wrong = docvalues.differences(cursor, table, docvalues.Layout.of(columns))
        return [f"doc values differ from the rows: {doc_id}" for doc_id in wrong]

    # -- reading -------------------------------------------------------------------------------------------

    def search(self, query: Query) -> Result:
        table = self._table(query.index)
        if table is None:
            return Result(total=0, hits=[], facets={name: [] for name in query.facets})
        self._usable(query.index, table)
        columns = _columns(query.index)
        self.dialect.prepare(connection)
        with connection.cursor() as cursor:
            query = fuzzy.resolve(cursor, self.dialect, table, query)
            if self.dialect.columnar(cursor, table, columns):
                return columnar.search(cursor, self.dialect, table, query, columns, _filter_groups(query))
        where, params, source = self._where(table, query, columns)
        with connection.cursor() as cursor:
            facets, total = self._facets(cursor, source, where, params, query)
            hits = self._hits(cursor, table, source, where, params, query) if total else []
        return Result(total=total, hits=hits, facets=facets)

    def _where(self, table: str, query: Query, columns: dict[str, str]) -> tuple[list[str], list, str]:
        """The conditions of a search.  With text, the keyword filters and the access rules are checked on
        the rows the text selected (were they full-text terms too, relevance would have to count their huge
        posting lists); without text, they are full-text terms of the ``filters`` column, whose posting lists
        intersect much faster than the table's indexes can combine."""
        dialect = self.dialect
        groups = _filter_groups(query)
        where: list[str] = []
        params: list[Any] = []
        source = f"{table} d"
        if query.has_text or groups:
            source, clause, text_params = dialect.match(table, query, [] if query.has_text else groups)
            where.append(clause)
            params += text_params
        if query.has_text:
            for name, values in query.terms.items():
                if values:
                    clause, values_params = _column_filter(dialect, name, columns[name], values)
                    where.append(clause)
                    params += values_params
            if query.scope_types is not None:
                clause, values_params = _column_filter(
                    dialect, "record_type", "keyword", query.scope_types or ["-"]
                )
                where.append(clause)
                params += values_params
            if query.scope_units is not None:
                clause, values_params = _column_filter(dialect, "units_acl", "keywords", query.scope_units)
                where.append(
                    f'(d."units_acl" IS NULL OR {clause})' if query.scope_units else 'd."units_acl" IS NULL'
                )
                params += values_params if query.scope_units else []
        if query.date_from:
            where.append('d."sort_date" >= %s')
            params.append(dialect.date_param(query.date_from))
        if query.date_to:
            where.append('d."sort_date" < %s')
            params.append(dialect.date_param(query.date_to))
        if query.overdue:
            where.append('d."due_at" < %s')
            params.append(dialect.date_param(query.now))
        return where, params, source

    def _facets(self, cursor, source: str, where: list[str], params: list, query: Query):
        """The total and every facet from one pass over the hits: the rows' facet values are counted in Python
        as whole tuples (a C-speed Counter), then summed per field — cheaper than SQL's GROUP BY sorter."""
        fields = [name for name in query.facets if name != OVERDUE]
        select = [f'd."{name}"' for name in fields]
        extra: list[Any] = []
        if OVERDUE in query.facets:
            select.append('d."due_at" < %s')
            extra.append(self.dialect.date_param(query.now))
        cursor.execute(f"SELECT {', '.join(select) or '1'} FROM {source}{_where_sql(where)}", extra + params)
        combinations: Counter = Counter()
        while batch := cursor.fetchmany(20_000):
            combinations.update(batch)
        total = sum(combinations.values())
        counts = {name: Counter() for name in query.facets}
        for values, number in combinations.items():
            for name, value in zip(
                query.facets if OVERDUE not in query.facets else [*fields, OVERDUE], values, strict=False
            ):
                if value not in (None, "", 0, False):
                    counts[name]["1" if name == OVERDUE else str(value)] += number
        facets = {
            name: [FacetValue(v, n) for v, n in sorted(counts[name].items(), key=lambda i: (-i[1], i[0]))][
                :FACET_LIMIT
            ]
            for name in query.facets
        }
        return facets, total

    def _hits(
        self, cursor, table: str, source: str, where: list[str], params: list, query: Query
    ) -> list[Hit]:
        dialect = self.dialect
        score_sql, score_params = (
            dialect.score(table, query, _columns(query.index)) if query.groups else ("0", [])
        )
        if query.sort == "newest":
            order = 'd."sort_date" IS NULL, d."sort_date" DESC, d."sort_key"'
        elif query.sort == "oldest":
            order = 'd."sort_date" IS NULL, d."sort_date" ASC, d."sort_key"'
        else:
            order = 'score DESC, d."sort_date" IS NULL, d."sort_date" DESC, d."sort_key"'
        sql = (
            f"SELECT d.rowid, d.id, {score_sql} AS score FROM {source}{_where_sql(where)} "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        cursor.execute(sql, score_params + params + [query.size, query.offset])
        rows = cursor.fetchall()
        bodies = dialect.sources(cursor, table, [rowid for rowid, _, _ in rows]) if rows else {}
        return [
            Hit(id=doc_id, score=float(score or 0), source=json.loads(bodies[rowid]))
            for rowid, doc_id, score in rows
        ]

    def suggest(self, index: str, stems: list[str]) -> dict[str, str]:
        table = self._table(index)
        candidates = [s for s in stems if len(s) >= 4 and not s.isdigit()]
        if table is None or not candidates:
            return {}
        found = {}
        with connection.cursor() as cursor:
            for word in candidates:
                terms = self.dialect.vocabulary(cursor, table, word[0])
                if word in terms:
                    continue
                best = _closest(word, terms)
                if best:
                    found[word] = best
        return found


def _filter_groups(query: Query) -> list[list[str]]:
    """The keyword filters and access rules as groups of ``filters`` tokens (any of a group, every group)."""
    groups = [
        [filter_token(name, value) for value in values] for name, values in query.terms.items() if values
    ]
    if query.scope_types is not None:
        groups.append([filter_token("record_type", name) for name in query.scope_types] or [NOTHING])
    if query.scope_units is not None:
        groups.append([EVERY_UNIT, *(filter_token("units_acl", unit) for unit in query.scope_units)])
    return groups


def _column_filter(dialect, name: str, kind: str, values: list[str]) -> tuple[str, list]:
    if kind == "keywords":
        return "(" + " OR ".join([dialect.contains(f'd."{name}"')] * len(values)) + ")", [
            f"{SEP}{value}{SEP}" for value in values
        ]
    return f'd."{name}" IN ({", ".join(["%s"] * len(values))})', [str(value) for value in values]


def _where_sql(where: list[str]) -> str:
    return " WHERE " + " AND ".join(where) if where else ""


def _columns(index: str) -> dict[str, str]:
    """The typed columns of an index's table, and the full-text ones (the dialect's), ``filters`` included."""
    kinds = {name: kind for name, kind in field_kinds(index).items() if kind != "stored"}
    return {**kinds, FILTERS: "fulltext"}


SEP = "\x1f"
FILTERS = "filters"  # a full-text column of the embedded backend only: one token per filterable value
EVERY_UNIT = "unitsaclnone"  # the token of a record that every unit may see
NOTHING = "nothingmatches"
# Keys, not filters: one token per document would only bloat the full-text index.
_NOT_FILTERS = frozenset({"group", "sort_key", "record_id", "numbers", "number"})


def filter_token(field: str, value: Any) -> str:
    """«service» = «licence» → «serviceq6c6963656e6365»: letters and digits only (any tokenizer keeps it
    whole), exact (the value is hex-encoded, so case and punctuation count)."""
    return f"{field.replace('_', '')}q{str(value).encode().hex()}"


def _filter_tokens(doc: dict[str, Any], columns: dict[str, str]) -> str:
    found = []
    for name, kind in columns.items():
        if name in _NOT_FILTERS:
            continue
        if kind == "keyword" and doc.get(name) not in (None, ""):
            found.append(filter_token(name, doc[name]))
        elif kind == "keywords":
            found += [filter_token(name, value) for value in doc.get(name) or ()]
    if "units_acl" in columns and not doc.get("units_acl"):
        found.append(EVERY_UNIT)
    return " ".join(found)


def _row(doc: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {"id": doc["id"], "digest": doc.get("digest", "")}
    for name, kind in columns.items():
        value = doc.get(name)
        if kind == "keywords":
            values = [str(v) for v in value or ()]
            row[name] = f"{SEP}{SEP.join(values)}{SEP}" if values else None
        elif kind == "date":
            row[name] = utc_text(value)
        elif kind == "keyword":
            row[name] = "" if value is None else str(value)
        elif name == FILTERS:
            row[name] = _filter_tokens(doc, columns)
        elif kind == "fulltext":
            row[name] = value or ""
        else:
            row[name] = value
    source = {key: value for key, value in doc.items() if key != "id" and columns.get(key) != "fulltext"}
    row["source"] = json.dumps(source, ensure_ascii=False, default=str)
    return row


def utc_text(value: Any) -> str | None:
    """A date or datetime (or its ISO text) as sortable UTC text with milliseconds, like Elasticsearch."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and len(value) == 24 and value.endswith("Z"):  # already «…T…SS.mmmZ»
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _closest(word: str, terms: dict[str, int]) -> str | None:
    """The term an Elasticsearch term suggester would offer: at most two edits, same first letter, best
    similarity, then the most documents, then alphabetical."""
    best, best_key = None, None
    for term, docs in terms.items():
        if abs(len(term) - len(word)) > 2:
            continue
        distance = _distance(word, term)
        if distance > 2:
            continue
        key = (-(1 - distance / min(len(word), len(term))), -docs, term)
        if best_key is None or key < best_key:
            best, best_key = term, key
    return best


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
