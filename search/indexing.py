"""Writing the indexes from the database: one object at a time (the outbox worker), everything at once
(``search_reindex``, into a new version swapped in atomically), and the comparison of both (``search_check``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Max

from . import registry
from .backends import get_backend
from .documents import INDEXES

logger = logging.getLogger(__name__)

BATCH = 1000


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
        # of truth, so fill it from there before applying the change.
        logger.warning("search index %s was missing: rebuilding it from the database", source.index)
        rebuild(source.index)
    built = source.build(list(dict.fromkeys(object_ids)))
    groups = [f"{source.name}:{object_id}" for object_id in built]
    docs = [doc for group_docs in built.values() for doc in group_docs]
    fresh = {doc["id"] for doc in docs}
    existing = backend.group_ids(source.index, groups)
    stale = sorted({doc_id for ids in existing.values() for doc_id in ids} - fresh)
    return backend.write(source.index, docs, stale)


def rebuild(index: str, progress: Callable[[int], None] | None = None, batch: int = BATCH) -> int:
    """Fill a new version of ``index`` from the database and swap it in; returns the documents written.

    Changes delivered to the old version while this ran are queued again afterwards, so the new version
    misses none of them."""
    from .models import OutboxEntry
    from .outbox import enqueue

    backend = get_backend()
    mark = OutboxEntry.objects.aggregate(last=Max("id"))["last"] or 0
    version = backend.create_version(index)
    written = 0
    # A search server takes a batch while the next is built here; the embedded backend writes in this thread.
    with ThreadPoolExecutor(max_workers=1) as sender:
        pending = None
        for source in registry.sources(index):
            for chunk in _chunks(source.object_ids(), batch):
                docs = [d for group in source.build(chunk).values() for d in group]
                if getattr(backend, "parallel_writes", False):
                    written += pending.result() if pending else 0
                    pending = sender.submit(backend.write, index, docs, version=version)
                else:
                    written += backend.write(index, docs, version=version)
                if progress:
                    progress(len(chunk))
        written += pending.result() if pending else 0
    backend.promote(index, version)
    changed = OutboxEntry.objects.filter(id__gt=mark).values_list("source", "object_id").distinct()
    by_source: dict[str, list[str]] = {}
    for source_name, object_id in changed:
        by_source.setdefault(source_name, []).append(object_id)
    for source_name, object_ids in by_source.items():
        if registry.source(source_name).index == index:
            enqueue(source_name, object_ids)
    return written


def object_count(index: str) -> int:
    return sum(source.count() for source in registry.sources(index))


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
