"""Doc values of the embedded backend on SQLite: per document, what facets, date filters, sorting and
ranking read — the code of each single-valued keyword, each date in milliseconds, the number of stems —
held column by column, as Elasticsearch holds them, instead of row by row.

A search with many hits used to read every hit's row (a B-tree lookup each, about 8 µs per hit with the
ranking); from columns it gathers numpy arrays, well under a microsecond per hit.  The columns are stored in
the index's own database, in blocks of ``BLOCK`` documents (by rowid), rewritten in the transaction that
changes their documents, so they are exactly as transactional as the rest of the index.  Each block carries
a random token, new at every rewrite: a process keeps the blocks it has read and re-reads only those whose
token changed (a rolled-back rewrite brings the old token back, so nothing stale survives it).

The layout of a block (which field sits where) is data: it is stored with the table when the table is
created (``<table>_layout``) and checked before any block is read or written.  A table whose stored layout is
missing or differs from the index's fields is never read column-wise (see ``sql_fts.SQLite.columnar``):
``search_check`` reports it and ``search_reindex`` builds a version with a known layout.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

LAYOUT_VERSION = 1
BLOCK = 1024  # documents per stored block: what a one-document change rewrites (46 KB for records)
NO_DATE = np.iinfo(np.int64).min  # numpy's NaT: a document without the date
_KEYS = frozenset({"group", "sort_key", "record_id"})  # unique per document: never faceted or filtered


@dataclass(frozen=True)
class Layout:
    """Which fields of an index have doc values."""

    keywords: tuple[str, ...]
    dates: tuple[str, ...]

    @classmethod
    def of(cls, columns: dict[str, str]) -> Layout:
        """The layout of an index's columns: fields in the order of their names, whatever order the
        mapping was iterated in."""
        return cls(
            keywords=tuple(sorted(n for n, kind in columns.items() if kind == "keyword" and n not in _KEYS)),
            dates=tuple(sorted(n for n, kind in columns.items() if kind == "date")),
        )

    def to_json(self) -> str:
        return json.dumps({"version": LAYOUT_VERSION, "keywords": self.keywords, "dates": self.dates})

    @classmethod
    def from_json(cls, text: str) -> Layout | None:
        data = json.loads(text)
        if data.get("version") != LAYOUT_VERSION:
            return None
        return cls(keywords=tuple(data["keywords"]), dates=tuple(data["dates"]))

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(
            [("live", "u1"), ("length", "<u4")]
            + [(name, "<i4") for name in self.keywords]
            + [(name, "<i8") for name in self.dates]
        )


def create(table: str, layout: Layout) -> list[str]:
    return [
        f"CREATE TABLE {table}_layout (layout TEXT NOT NULL)",
        f"INSERT INTO {table}_layout (layout) VALUES ('{layout.to_json().replace(chr(39), chr(39) * 2)}')",
        f"CREATE TABLE {table}_values "
        "(block INTEGER PRIMARY KEY, token INTEGER NOT NULL, data BLOB NOT NULL)",
        # Code 0 is «no value»; codes are never reused, so a block stays readable with a newer dictionary.
        f"CREATE TABLE {table}_codes (field TEXT NOT NULL, value TEXT NOT NULL, code INTEGER NOT NULL, "
        "PRIMARY KEY (field, value))",
    ]


def drop(table: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {table}_{part}" for part in ("values", "codes", "layout")]


def stored_layout(cursor, table: str) -> Layout | None:
    """The layout ``table``'s blocks were written with; None when the table does not say (built before the
    layout was stored: its order then depended on the writer's hash seed) or says it in an unknown form."""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [f"{table}_layout"])
    if cursor.fetchone() is None:
        return None
    cursor.execute(f"SELECT layout FROM {table}_layout")
    row = cursor.fetchone()
    try:
        return Layout.from_json(row[0]) if row else None
    except (ValueError, KeyError, TypeError):
        return None


# -- writing -----------------------------------------------------------------------------------------------


def update(cursor, table: str, layout: Layout, removed: list[int], added: list[tuple[int, dict]]) -> None:
    """Mark ``removed`` rowids dead and set the values of ``added`` (rowid, row) — inside the caller's
    transaction, which also changes the documents."""
    if not removed and not added:
        return
    records = _records(cursor, table, layout, [row for _, row in added])
    rowids = np.array([rowid for rowid, _ in added], dtype=np.int64)
    gone = np.array(removed, dtype=np.int64)
    touched = sorted(set((rowids // BLOCK).tolist()) | set((gone // BLOCK).tolist()))
    stored = _read(cursor, table, layout.dtype, touched)
    writes = []
    for number in touched:
        block = stored.get(number)
        block = np.zeros(BLOCK, layout.dtype) if block is None else block.copy()
        block["live"][gone[gone // BLOCK == number] % BLOCK] = 0
        mine = rowids // BLOCK == number
        block[rowids[mine] % BLOCK] = records[mine]
        writes.append((number, secrets.randbits(62), block.tobytes()))
    cursor.executemany(
        f"INSERT OR REPLACE INTO {table}_values (block, token, data) VALUES (%s, %s, %s)", writes
    )


def _records(cursor, table: str, layout: Layout, rows: list[dict[str, Any]]) -> np.ndarray:
    records = np.zeros(len(rows), layout.dtype)
    if not rows:
        return records
    records["live"] = 1
    records["length"] = [len((row.get("text_stems") or "").split()) for row in rows]
    dictionary = _dictionary(cursor, table)
    for name in layout.keywords:
        records[name] = [_code(cursor, table, dictionary, name, row.get(name)) for row in rows]
    for name in layout.dates:
        # «2024-05-01T06:30:00.000Z» without its «Z» (numpy reads naive ISO text); None → NaT.
        records[name] = np.array(
            [row[name][:-1] if row.get(name) else "NaT" for row in rows], dtype="datetime64[ms]"
        ).astype(np.int64)
    return records


def _dictionary(cursor, table: str) -> dict[str, dict[str, int]]:
    cursor.execute(f"SELECT field, value, code FROM {table}_codes")
    found: dict[str, dict[str, int]] = {}
    for name, value, code in cursor.fetchall():
        found.setdefault(name, {})[value] = code
    return found


def _code(cursor, table: str, dictionary: dict, name: str, value: Any) -> int:
    if value in (None, ""):
        return 0
    codes = dictionary.setdefault(name, {})
    value = str(value)
    if value not in codes:
        codes[value] = len(codes) + 1
        cursor.execute(
            f"INSERT INTO {table}_codes (field, value, code) VALUES (%s, %s, %s)", [name, value, codes[value]]
        )
    return codes[value]


def _read(cursor, table: str, dtype: np.dtype, blocks: list[int]) -> dict[int, np.ndarray]:
    found = rows_in(cursor, f"SELECT block, data FROM {table}_values", "block", blocks)
    return {number: np.frombuffer(data, dtype) for number, data in found}


def rows_in(cursor, select: str, column: str, keys: list[int]):
    """The rows of ``select`` whose ``column`` is one of ``keys``, in batches that stay under SQLite's
    limit of parameters."""
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        cursor.execute(f"{select} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
        yield from cursor.fetchall()


# -- reading -----------------------------------------------------------------------------------------------


@dataclass
class Columns:
    """Every document's doc values, indexed by rowid, and the dictionary of each keyword's codes."""

    live: np.ndarray
    length: np.ndarray
    keywords: dict[str, np.ndarray]
    dates: dict[str, np.ndarray]
    values: dict[str, list[str]] = field(default_factory=dict)  # field → value of each code (0: "")
    tokens: dict[int, int] = field(default_factory=dict)
    # Stem → number of documents: valid as long as these columns are (any write makes new columns).
    frequencies: dict[str, int] = field(default_factory=dict)

    @cached_property
    def documents(self) -> int:
        return int(np.count_nonzero(self.live))

    @cached_property
    def average_length(self) -> float:
        lengths = self.length[self.live == 1]
        with_stems = np.count_nonzero(lengths)
        return float(lengths.sum()) / with_stems if with_stems else 1.0


_cache: dict[str, Columns] = {}
_lock = threading.Lock()
_KEPT = 4  # index versions a process keeps in memory (the newest used)


def load(cursor, table: str, layout: Layout) -> Columns:
    """The columns of ``table`` as this connection sees them: the blocks read before are reused when
    their token has not changed."""
    cursor.execute(f"SELECT block, token FROM {table}_values")
    tokens = dict(cursor.fetchall())
    with _lock:
        cached = _cache.get(table)
        if cached is None or cached.tokens != tokens:
            cached = _refresh(cursor, table, layout, cached, tokens)
        _cache.pop(table, None)
        _cache[table] = cached
        while len(_cache) > _KEPT:  # replaced versions are never read again
            _cache.pop(next(iter(_cache)))
    cached.values = _code_values(cursor, table, layout)
    return cached


def _refresh(cursor, table: str, layout: Layout, cached: Columns | None, tokens: dict[int, int]) -> Columns:
    size = (max(tokens) + 1) * BLOCK if tokens else 0
    columns = Columns(
        live=np.zeros(size, np.uint8),
        length=np.zeros(size, np.uint32),
        keywords={name: np.zeros(size, np.int32) for name in layout.keywords},
        dates={name: np.full(size, NO_DATE, np.int64) for name in layout.dates},
        tokens=tokens,
    )
    old = cached.tokens if cached is not None else {}
    kept = [n for n, token in tokens.items() if old.get(n) == token]
    changed = _read(cursor, table, layout.dtype, [n for n in tokens if n not in kept])
    for number in kept:
        part = slice(number * BLOCK, (number + 1) * BLOCK)
        _copy(columns, part, cached, part)
    for number, block in changed.items():
        part = slice(number * BLOCK, (number + 1) * BLOCK)
        columns.live[part] = block["live"]
        columns.length[part] = block["length"]
        for name in layout.keywords:
            columns.keywords[name][part] = block[name]
        for name in layout.dates:
            columns.dates[name][part] = block[name]
    return columns


def _copy(target: Columns, part: slice, source: Columns, source_part: slice) -> None:
    target.live[part] = source.live[source_part]
    target.length[part] = source.length[source_part]
    for name, column in target.keywords.items():
        column[part] = source.keywords[name][source_part]
    for name, column in target.dates.items():
        column[part] = source.dates[name][source_part]


def _code_values(cursor, table: str, layout: Layout) -> dict[str, list[str]]:
    values = {name: [""] for name in layout.keywords}
    for name, codes in _dictionary(cursor, table).items():
        if name in values:
            values[name] += [""] * len(codes)
            for value, code in codes.items():
                values[name][code] = value
    return values


# -- checking ----------------------------------------------------------------------------------------------


def differences(cursor, table: str, layout: Layout) -> list[str]:
    """The ids of the documents whose doc values do not say what their rows say (search_check), and
    «rowid N» for live values that no row has."""
    columns = load(cursor, table, layout)
    fields = [*layout.keywords, *layout.dates]
    select = ", ".join(f'd."{name}"' for name in fields)
    cursor.execute(
        f"SELECT d.rowid, d.id, f.text_stems{', ' + select if select else ''} "
        f"FROM {table} d JOIN {table}_fts f ON f.rowid = d.rowid ORDER BY d.rowid"
    )
    wrong, seen = [], set()
    while batch := cursor.fetchmany(5000):
        for rowid, doc_id, stems, *row in batch:
            seen.add(rowid)
            if not _agrees(columns, layout, rowid, stems, dict(zip(fields, row, strict=True))):
                wrong.append(doc_id)
    live = set(np.flatnonzero(columns.live).tolist())
    return wrong + [f"rowid {rowid}" for rowid in sorted(live - seen)]


def _agrees(columns: Columns, layout: Layout, rowid: int, stems: str, row: dict[str, Any]) -> bool:
    if rowid >= len(columns.live) or not columns.live[rowid]:
        return False
    if columns.length[rowid] != len((stems or "").split()):
        return False
    for name in layout.keywords:
        if columns.values[name][columns.keywords[name][rowid]] != (row[name] or ""):
            return False
    for name in layout.dates:
        stored = int(columns.dates[name][rowid])
        expected = NO_DATE if not row[name] else int(np.datetime64(row[name][:-1], "ms").astype(np.int64))
        if stored != expected:
            return False
    return True
