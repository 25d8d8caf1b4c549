"""Writing the indexes from the database: one object at a time (the outbox worker), everything at once
(``search_reindex``, into a new version swapped in atomically), and the comparison of both (``search_check``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from django.core.cache import cache
from django.db import connection
from django.db.models import Max

from . import registry
from .backends import SearchUnavailable, get_backend
from .documents import INDEXES

logger = logging.getLogger(__name__)

BATCH = 1000
BUILDER_NICENESS = 10


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def sync_objects(source_name: str, object_ids: list[str]) -> int:
    """Make the index hold exactly the current documents of these objects."""
    source = registry.source(source_name)
    backend = get_backend()
    if backend.ensure(source.index):
        # A new or wiped index (first run, a search server that lost its data): the database is the source
        # of truth, so fill it from there before applying the change.  The embedded index lives in the
        # database itself: missing, it was never created (a first run), which is no cause for alarm.
        level = logging.INFO if backend.name == "embedded" else logging.WARNING
        logger.log(level, "search index %s was missing: building it from the database", source.index)
        rebuild(source.index)
    built = source.build(list(dict.fromkeys(object_ids)))
    groups = [f"{source.name}:{object_id}" for object_id in built]
    docs = [doc for group_docs in built.values() for doc in group_docs]
    fresh = {doc["id"] for doc in docs}
    existing = backend.group_ids(source.index, groups)
    stale = sorted({doc_id for ids in existing.values() for doc_id in ids} - fresh)
    return backend.write(source.index, docs, stale)


def rebuild(
    index: str,
    progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
    workers: int = 1,
) -> int:
    """Fill a new version of ``index`` from the database and swap it in; returns the documents written.

    ``workers`` > 1 builds the documents in that many processes (see ``_built``); the backend writes them
    here as they arrive.  Changes delivered to the old version while this ran are queued again afterwards,
    so the new version misses none of them."""
    from .models import OutboxEntry

    backend = get_backend()
    mark = OutboxEntry.objects.aggregate(last=Max("id"))["last"] or 0
    version = backend.create_version(index)
    batches = _built(index, batch, workers, progress)
    stream = getattr(backend, "write_stream", None)  # a search server: sends while the next batch comes
    if stream:
        written = stream(index, batches, version=version)
    else:  # the embedded backend writes in this process, batch by batch as they come
        written = sum(backend.write(index, docs, version=version) for docs in batches)
    backend.promote(index, version)
    _catch_up(index, mark)
    _note_rebuilt(index, written)
    return written


def _catch_up(index: str, mark: int) -> None:
    """Queue again the objects changed since ``mark`` (their changes went to the replaced version)."""
    from .models import OutboxEntry
    from .outbox import enqueue

    changed = OutboxEntry.objects.filter(id__gt=mark).values_list("source", "object_id").distinct()
    by_source: dict[str, list[str]] = {}
    for source_name, object_id in changed:
        by_source.setdefault(source_name, []).append(object_id)
    for source_name, object_ids in by_source.items():
        if registry.source(source_name).index == index:
            enqueue(source_name, object_ids)


# -- building documents in parallel ------------------------------------------------------------------------


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _built(
    index: str, batch: int, workers: int, progress: Callable[[int], None] | None
) -> Iterator[list[dict]]:
    """The documents of every object of ``index``, batch by batch (in the order of the objects)."""
    batches = (
        (source.name, chunk)
        for source in registry.sources(index)
        for chunk in _chunks(source.object_ids(), batch)
    )
    if workers > 1 and _builders_see_the_data():
        built = _build_in_processes(batches, workers)
    else:
        built = (_build(name, object_ids) for name, object_ids in batches)
    for objects, docs in built:
        if progress:
            progress(objects)
        yield docs


def _build(source_name: str, object_ids: list[str]) -> tuple[int, list[dict]]:
    built = registry.source(source_name).build(object_ids)
    return len(object_ids), [doc for docs in built.values() for doc in docs]


def _builders_see_the_data() -> bool:
    """Builders read through their own connections: they see neither the caller's open transaction nor a
    private in-memory SQLite database (the tests); then everything is built here."""
    return not connection.in_atomic_block and not (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    )


def _build_in_processes(
    batches: Iterable[tuple[str, list[str]]], workers: int
) -> Iterator[tuple[int, list[dict]]]:
    """Batches built by ``workers`` processes, in order, at most two per process ahead of the consumer (the
    documents of a whole index do not fit in memory)."""
    # fork: the builders start with the parent's settings and warm caches (the stem table) and no import of
    # __main__; elsewhere spawn, and the builder sets Django up from the environment.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_builder) as pool:
        pool.submit(int).result()  # start the builders now, before the first query opens a cursor
        pending: deque[Future] = deque()
        try:
            for name, object_ids in batches:
                pending.append(pool.submit(_build, name, object_ids))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


_inherited_connections: list = []


def _start_builder() -> None:
    """A forked builder holds the parent's database connections.  It must neither use them nor close them
    (closing a PostgreSQL connection ends the parent's session too): it keeps them, unused, until it exits
    (without collecting them), and opens its own."""
    import django
    from django.apps import apps
    from django.db import connections

    if not apps.ready:  # spawned
        django.setup()
    if hasattr(os, "nice"):
        # Builders run ahead of the writer (two batches each), so they can wait: at a lower priority they
        # take the CPU that the writer and a search server or database on this machine leave (+10 % of
        # documents/s with osmem-server on two cores, bench/bench_reindex_vs_bulk.py).
        os.nice(BUILDER_NICENESS)
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _inherited_connections.append(conn.connection)
            conn.connection = None


def object_count(index: str) -> int:
    return sum(source.count() for source in registry.sources(index))


# -- a search server that lost its data ----------------------------------------------------------------------

HEALTH_SECONDS = 30  # how long pages trust the last look (they ask on every request)
REBUILD_LOCK_SECONDS = 900  # a worker that died while rebuilding holds the others back no longer


@dataclass(frozen=True)
class Health:
    index: str
    indexed: int | None  # documents in the index; None: the search server did not answer
    expected: int = 0  # objects in the database, counted only when the index is empty
    outdated: str = ""  # why the version behind the alias cannot serve this release (it lacks a field)

    @property
    def lost(self) -> bool:
        """Missing or empty while the database has objects to index (a restarted search server without
        its data, or one whose index was created again empty), or built by an older release."""
        return (self.indexed == 0 and self.expected > 0) or bool(self.outdated)


def health(index: str) -> Health:
    """Cheap unless the index is empty: a count and a look at the fields on the backend, then a count per
    source in the database."""
    backend = get_backend()
    try:
        indexed = backend.count(index)
        outdated = backend.outdated(index)
    except SearchUnavailable:
        return Health(index, None)
    if indexed or outdated:
        return Health(index, indexed, outdated=outdated)
    expected = object_count(index)
    if cache.get(_key(index, "empty")) == expected:
        expected = 0  # the last rebuild found these objects give no documents: empty is right
    return Health(index, 0, expected)


def index_lost(index: str) -> bool:
    """``health(index).lost``, cached for HEALTH_SECONDS (the notice on the search pages)."""
    key = _key(index, "lost")
    lost = cache.get(key)
    if lost is None:
        lost = health(index).lost
        cache.set(key, lost, HEALTH_SECONDS)
    return lost


def rebuild_lost(workers: int = 1) -> dict[str, int]:
    """Rebuild every lost index (the outbox worker looks now and then); index -> documents written."""
    rebuilt = {}
    for index in INDEXES:
        found = health(index)
        if not found.lost:
            continue
        if not cache.add(_key(index, "rebuilding"), True, REBUILD_LOCK_SECONDS):
            continue  # another worker rebuilds it (with a cache that processes share)
        try:
            why = found.outdated or "it is empty or missing"
            # The embedded index lives in the database: empty, it was never built (a first run).
            first_run = get_backend().name == "embedded" and not found.outdated
            level = logging.INFO if first_run else logging.WARNING
            logger.log(level, "search index %s: %s; rebuilding it from the database", index, why)
            rebuilt[index] = rebuild(index, workers=workers)
        finally:
            cache.delete(_key(index, "rebuilding"))
    return rebuilt


def _note_rebuilt(index: str, written: int) -> None:
    cache.delete(_key(index, "lost"))
    if written:
        cache.delete(_key(index, "empty"))
    else:  # objects that give no documents (unpublished pages): an empty index is not a lost one
        cache.set(_key(index, "empty"), object_count(index), None)


def _key(index: str, what: str) -> str:
    backend = get_backend()
    return f"search:{what}:{backend.name}:{backend.alias(index)}"


@dataclass
class CheckReport:
    index: str
    expected: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not in the database
    stale: list[str] = field(default_factory=list)  # in both, with different content
    groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc id -> (source, object id)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def check(index: str) -> CheckReport:
    """Compare every document the database gives with what the index holds."""
    report = CheckReport(index=index)
    expected: dict[str, str] = {}
    for source in registry.sources(index):
        for chunk in _chunks(source.object_ids(), BATCH):
            for object_id, docs in source.build(chunk).items():
                for doc in docs:
                    expected[doc["id"]] = doc["digest"]
                    report.groups[doc["id"]] = (source.name, object_id)
    indexed = dict(get_backend().digests(index))
    report.expected, report.indexed = len(expected), len(indexed)
    report.missing = sorted(expected.keys() - indexed.keys())
    report.extra = sorted(indexed.keys() - expected.keys())
    report.stale = sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k])
    return report


def repair(report: CheckReport) -> int:
    """Queue the objects of missing and stale documents; delete the extra ones now."""
    from .outbox import enqueue

    by_source: dict[str, set[str]] = {}
    for doc_id in (*report.missing, *report.stale):
        source_name, object_id = report.groups[doc_id]
        by_source.setdefault(source_name, set()).add(object_id)
    queued = sum(enqueue(source_name, sorted(ids)) for source_name, ids in by_source.items())
    if report.extra:
        get_backend().write(report.index, [], report.extra)
    return queued + len(report.extra)


def index_names() -> list[str]:
    return list(INDEXES)
