"""The SQL that differs between SQLite (FTS5) and PostgreSQL (tsvector) for the embedded backend.

Both index the pre-analysed fields as given (space-separated tokens): FTS5's unicode61 tokenizer without
diacritics removal, PostgreSQL tsvector literals built here (no text-search parser, no locale involved).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from ..analysis.expand import EXACT, FOLDED
from ..query import Query
from . import docvalues

logger = logging.getLogger(__name__)

# Relevance counts the words only (exact stems, then their forms without Kazakh letters); the rest filters.
_FTS_WEIGHTS = {"text_stems": EXACT, "text_folded": FOLDED}


def _ident(name: str) -> str:
    return f'"{name}"'


_columnar: dict[str, bool] = {}


class Dialect:
    def columnar(self, cursor, table: str, columns: dict[str, str]) -> bool:
        """Whether searches of ``table`` are answered from doc values (search.backends.columnar)."""
        return False

    def layout_problem(self, cursor, table: str, columns: dict[str, str]) -> str:
        """Why the doc values of ``table`` cannot be read ("" when they can, or when there are none)."""
        return ""

    def create(self, table: str, columns: dict[str, str]) -> list[str]: ...
    def drop(self, table: str) -> list[str]: ...
    def delete(self, cursor, table: str, columns: dict[str, str], ids: list[str]) -> None: ...
    def insert(self, cursor, table: str, columns: dict[str, str], rows: list[dict[str, Any]]) -> None: ...
    def match(self, table: str, query: Query, groups: list[list[str]]) -> tuple[str, str, list]:
        """(FROM clause, condition, parameters) of the query's text and of each group of ``filters``
        tokens (any of a group, every group)."""

    def score(self, table: str, query: Query, columns: dict[str, str]) -> tuple[str, list]: ...
    def contains(self, column: str) -> str:
        """The condition «the delimited list in ``column`` holds the parameter»."""

    def sources(self, cursor, table: str, rowids: list[int]) -> dict[int, str]:
        """rowid -> the document's source (JSON text)."""

    def prepare(self, connection) -> None:
        """Once per database connection, before its first search."""

    def date_param(self, value: datetime) -> Any: ...
    def vocabulary(self, cursor, table: str, first: str) -> dict[str, int]: ...
    def known_terms(self, cursor, table: str, wanted: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of the (field, term) pairs some document has."""

    def fulltext_columns(self, cursor, table: str) -> list[str]:
        """The full-text columns ``table`` was created with."""


def _plain_columns(columns: dict[str, str], date_type: str) -> list[str]:
    types = {"keyword": "TEXT", "keywords": "TEXT", "date": date_type, "integer": "INTEGER"}
    return [f"{_ident(name)} {types[kind]}" for name, kind in columns.items() if kind in types]


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _fulltext(columns: dict[str, str]) -> list[str]:
    return [name for name, kind in columns.items() if kind == "fulltext"]


def _plain(columns: dict[str, str]) -> list[str]:
    return [name for name, kind in columns.items() if kind != "fulltext"]


def _filter_indexes(table: str, columns: dict[str, str]) -> list[str]:
    """An index per single-valued keyword (the filters and facets), for the searches without text."""
    return [
        f'CREATE INDEX {table}_{name} ON {table} ("{name}")'
        for name, kind in columns.items()
        if kind == "keyword" and name not in ("group", "sort_key", "record_id")
    ]


class SQLite(Dialect):
    def create(self, table, columns):
        fts = ", ".join(_fulltext(columns))
        return [
            # Narrow rows (no source) keep many rows per page: the facets of a search read every hit's row.
            f"CREATE TABLE {table} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, digest TEXT, "
            f"{', '.join(_plain_columns(columns, 'TEXT'))})",
            f"CREATE TABLE {table}_source (rowid INTEGER PRIMARY KEY, source TEXT NOT NULL)",
            f'CREATE INDEX {table}_group ON {table} ("group")',
            f'CREATE INDEX {table}_date ON {table} ("sort_date")',
            *_filter_indexes(table, columns),
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({fts}, tokenize = 'unicode61 remove_diacritics 0')",
            f"CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}_fts, 'col')",
            f"CREATE VIRTUAL TABLE {table}_instance USING fts5vocab({table}_fts, 'instance')",
            *docvalues.create(table, docvalues.Layout.of(columns)),
        ]

    def drop(self, table):
        return [
            *docvalues.drop(table),
            f"DROP TABLE IF EXISTS {table}_instance",
            f"DROP TABLE IF EXISTS {table}_vocab",
            f"DROP TABLE IF EXISTS {table}_fts",
            f"DROP TABLE IF EXISTS {table}_source",
            f"DROP TABLE IF EXISTS {table}",
        ]

    def delete(self, cursor, table, columns, ids):
        removed = []
        for chunk in _chunks(ids):
            cursor.execute(f"SELECT rowid FROM {table} WHERE id IN ({_marks(len(chunk))})", chunk)
            rowids = [rowid for (rowid,) in cursor.fetchall()]
            if not rowids:
                continue
            for part in ("_fts", "_source", ""):
                cursor.execute(f"DELETE FROM {table}{part} WHERE rowid IN ({_marks(len(rowids))})", rowids)
            removed += rowids
        if removed and self.columnar(cursor, table, columns):
            docvalues.update(cursor, table, docvalues.Layout.of(columns), removed, [])

    def insert(self, cursor, table, columns, rows):
        if not rows:
            return
        cursor.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        plain, fts = _plain(columns), _fulltext(columns)
        names = ["rowid", "id", "digest", *plain]
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(map(_ident, names))}) VALUES ({_marks(len(names))})",
            [[first + n, row["id"], row["digest"], *(row[c] for c in plain)] for n, row in enumerate(rows)],
        )
        cursor.executemany(
            f"INSERT INTO {table}_source (rowid, source) VALUES (%s, %s)",
            [[first + n, row["source"]] for n, row in enumerate(rows)],
        )
        cursor.executemany(
            f"INSERT INTO {table}_fts (rowid, {', '.join(fts)}) VALUES ({_marks(len(fts) + 1)})",
            [[first + n, *(row[c] for c in fts)] for n, row in enumerate(rows)],
        )
        if self.columnar(cursor, table, columns):
            added = [(first + n, row) for n, row in enumerate(rows)]
            docvalues.update(cursor, table, docvalues.Layout.of(columns), [], added)

    def required_match(self, query: Query, groups: list[list[str]]) -> list[str]:
        """The FTS5 expressions every hit must satisfy: filters, phrases, identifiers, citations."""
        parts = ["filters : (" + " OR ".join(_quote(token) for token in group) + ")" for group in groups]
        parts += ["text_words : " + _quote(" ".join(words)) for words in query.phrases]
        parts += ["identifiers : " + _quote(value) for value in query.identifiers]
        parts += ["refs : (" + " OR ".join(_quote(token) for token in tokens) + ")" for tokens in query.refs]
        return parts

    def group_match(self, group) -> str:
        """«one of the alternatives»: each alternative's terms all in its field."""
        return "(" + " OR ".join(_alternative_match(alt) for alt in group.alternatives) + ")"

    def match(self, table, query, groups):
        required = self.required_match(query, groups)
        words = [self.group_match(group) for group in query.groups]
        # FTS5 wants its table's own name (not an alias) on the left of MATCH and in bm25().
        source = f"{table}_fts JOIN {table} d ON d.rowid = {table}_fts.rowid"
        if query.all_required:
            return source, f"{table}_fts MATCH %s", [" AND ".join(required + words)]
        # At least «minimum_should_match» of the groups: any of them, then count those a row matches.
        condition = (
            f"{table}_fts MATCH %s AND ("
            + " + ".join(
                [f"({table}_fts.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s))"]
                * len(words)
            )
            + ") >= %s"
        )
        anything = " AND ".join([*required, "(" + " OR ".join(words) + ")"])
        return source, condition, [anything, *words, query.minimum_should_match]

    def score(self, table, query, columns):
        weights = ", ".join(str(_FTS_WEIGHTS.get(name, 0.0)) for name in _fulltext(columns))
        return f"-bm25({table}_fts, {weights})", []

    def contains(self, column):
        return f"instr({column}, %s) > 0"

    def sources(self, cursor, table, rowids):
        cursor.execute(
            f"SELECT rowid, source FROM {table}_source WHERE rowid IN ({_marks(len(rowids))})", rowids
        )
        return dict(cursor.fetchall())

    def columnar(self, cursor, table: str, columns: dict[str, str]) -> bool:
        """Whether ``table`` has doc values laid out as this process expects.  Versions built before doc
        values existed answer from rows; so do versions whose layout is unknown, loudly (their columns
        cannot be trusted: search_check reports them, search_reindex replaces them)."""
        if table not in _columnar:
            problem = self.layout_problem(cursor, table, columns)
            if problem:
                logger.error("search table %s: %s; answering from rows until search_reindex", table, problem)
            _columnar[table] = not problem and _has_values(cursor, table)
        return _columnar[table]

    def layout_problem(self, cursor, table: str, columns: dict[str, str]) -> str:
        if not _has_values(cursor, table):
            return ""
        stored, expected = docvalues.stored_layout(cursor, table), docvalues.Layout.of(columns)
        if stored is None:
            return "its doc values have no stored layout (built before layouts were stored)"
        if stored != expected:
            return f"its doc values are laid out as {stored.to_json()}, not as {expected.to_json()}"
        return ""

    def prepare(self, connection):
        # Memory-mapped reads: a search touches thousands of rows at random; no read() call per page.
        if not getattr(connection, "_search_mmap", False):
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA mmap_size = 4294967296")
            connection._search_mmap = True

    def date_param(self, value):
        from .embedded import utc_text

        return utc_text(value)

    def fulltext_columns(self, cursor, table: str) -> list[str]:
        cursor.execute(f"PRAGMA table_info({table}_fts)")
        return [row[1] for row in cursor.fetchall()]

    def known_terms(self, cursor, table: str, wanted: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which (field, term) pairs some document has, from FTS5's vocabulary."""
        terms = sorted({term for _, term in wanted})
        found = set()
        for chunk in _chunks(terms):
            cursor.execute(f"SELECT col, term FROM {table}_vocab WHERE term IN ({_marks(len(chunk))})", chunk)
            found.update(cursor.fetchall())
        return found & wanted

    def vocabulary(self, cursor, table, first):
        cursor.execute(
            f"SELECT term, doc FROM {table}_vocab WHERE col = 'text_stems' AND term >= %s AND term < %s",
            [first, chr(ord(first) + 1)],
        )
        return dict(cursor.fetchall())


class PostgreSQL(Dialect):
    def create(self, table, columns):
        vectors = ", ".join(f"{_ident(name)} TSVECTOR" for name in _fulltext(columns))
        statements = [
            f"CREATE TABLE {table} (rowid BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, digest TEXT, "
            f"source TEXT NOT NULL, {', '.join(_plain_columns(columns, 'TIMESTAMPTZ'))}, {vectors})",
            f'CREATE INDEX {table}_group ON {table} ("group")',
            f'CREATE INDEX {table}_date ON {table} ("sort_date")',
            *_filter_indexes(table, columns),
        ]
        statements += [
            f"CREATE INDEX {table}_{name} ON {table} USING GIN ({_ident(name)})"
            for name in _fulltext(columns)
        ]
        return statements

    def drop(self, table):
        return [f"DROP TABLE IF EXISTS {table}"]

    def delete(self, cursor, table, columns, ids):
        for chunk in _chunks(ids):
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [chunk])

    def insert(self, cursor, table, columns, rows):
        if not rows:
            return
        plain, fts = _plain(columns), _fulltext(columns)
        names = ["id", "digest", "source", *plain, *fts]
        values = ["%s"] * (3 + len(plain)) + ["%s::tsvector"] * len(fts)
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(map(_ident, names))}) VALUES ({', '.join(values)})",
            [
                [
                    row["id"],
                    row["digest"],
                    row["source"],
                    *(row[c] for c in plain),
                    *(_tsvector(row[c]) for c in fts),
                ]
                for row in rows
            ],
        )

    def match(self, table, query, groups):
        clauses, params = [], []
        for group in groups:
            clauses.append('d."filters" @@ %s::tsquery')
            params.append(" | ".join(_lexeme(token) for token in group))
        for words in query.phrases:
            clauses.append('d."text_words" @@ %s::tsquery')
            params.append(" <-> ".join(_lexeme(w) for w in words))
        for value in query.identifiers:
            clauses.append('d."identifiers" @@ %s::tsquery')
            params.append(_lexeme(value))
        for tokens in query.refs:
            clauses.append('d."refs" @@ %s::tsquery')
            params.append(" | ".join(_lexeme(token) for token in tokens))
        matched = [_pg_group(group) for group in query.groups]
        if matched:
            counted = " + ".join(f"({sql})::int" for sql, _ in matched)
            clauses.append(f"({counted}) >= %s")
            params += [value for _, values in matched for value in values] + [query.minimum_should_match]
        return f"{table} d", " AND ".join(clauses), params

    def score(self, table, query, columns):
        parts, params = [], []
        for name, weight in _FTS_WEIGHTS.items():
            terms = {t for g in query.groups for a in g.alternatives if a.field == name for t in a.terms}
            if terms:
                parts.append(f'{weight} * ts_rank(d."{name}", %s::tsquery)')
                params.append(" | ".join(_lexeme(t) for t in sorted(terms)))
        return (" + ".join(parts) or "0"), params

    def contains(self, column):
        return f"strpos({column}, %s) > 0"

    def known_terms(self, cursor, table: str, wanted: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which (field, term) pairs some document has: one EXISTS on the field's GIN index each."""
        pairs = sorted(wanted)
        found: set[tuple[str, str]] = set()
        for chunk in _chunks(pairs, 100):
            probes = " UNION ALL ".join(
                f'SELECT {n} WHERE EXISTS (SELECT 1 FROM {table} d WHERE d."{field}" @@ %s::tsquery)'
                for n, (field, _term) in enumerate(chunk)
            )
            cursor.execute(probes, [_lexeme(term) for _field, term in chunk])
            found.update(chunk[n] for (n,) in cursor.fetchall())
        return found

    def fulltext_columns(self, cursor, table: str) -> list[str]:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND data_type = 'tsvector'",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]

    def sources(self, cursor, table, rowids):
        cursor.execute(f"SELECT rowid, source FROM {table} WHERE rowid = ANY(%s)", [list(rowids)])
        return dict(cursor.fetchall())

    def prepare(self, connection):
        pass

    def date_param(self, value):
        return value

    def vocabulary(self, cursor, table, first):
        cursor.execute(
            f"SELECT word, ndoc FROM ts_stat('SELECT \"text_stems\" FROM {table}') "
            "WHERE word >= %s AND word < %s",
            [first, chr(ord(first) + 1)],
        )
        return dict(cursor.fetchall())


def _alternative_match(alternative) -> str:
    terms = " AND ".join(_quote(term) for term in alternative.terms)
    return f"{alternative.field} : ({terms})"


def _pg_group(group) -> tuple[str, list[str]]:
    """(condition, parameters) of «one of the group's alternatives» on PostgreSQL."""
    parts = [f'd."{alt.field}" @@ %s::tsquery' for alt in group.alternatives]
    values = [" & ".join(_lexeme(t) for t in alt.terms) for alt in group.alternatives]
    return "(" + " OR ".join(parts) + ")", values


def _has_values(cursor, table: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [f"{table}_values"])
    return cursor.fetchone() is not None


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


MAX_POSITION = 16383  # PostgreSQL's limit on tsvector positions


def _tsvector(text: str) -> str:
    positions: dict[str, list[int]] = {}
    for number, word in enumerate(text.split(), 1):
        positions.setdefault(word, []).append(min(number, MAX_POSITION))
    return " ".join(
        f"{_lexeme(word)}:{','.join(map(str, sorted(set(found))[:256]))}" for word, found in positions.items()
    )


_DIALECTS = {"sqlite": SQLite(), "postgresql": PostgreSQL()}


def for_vendor(vendor: str) -> Dialect:
    try:
        return _DIALECTS[vendor]
    except KeyError:
        raise NotImplementedError(f"the embedded search backend does not support {vendor}") from None
