"""Record-search latency with a large index: p50/p95/p99 of archivist queries (text, filters, the seven
facets, 20 hits) on the embedded backend (SQLite FTS5, a temporary database) and on the Elasticsearch-API
server (osmem-server, started here).  The index holds synthetic records (bench/search_data.py).

Usage: .venv/bin/python bench/bench_search_query.py [--records 1000000] [--es-records N] [--queries 400]
       [--es-queries 60]
(prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ["SEARCH_OUTBOX_INLINE"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.search_data import Generator  # noqa: E402
from search.access import visible_types  # noqa: E402
from search.backends.elastic import ElasticBackend  # noqa: E402
from search.backends.embedded import EmbeddedBackend  # noqa: E402
from search.query import OVERDUE, Query, parse_text  # noqa: E402
from search.testing import start_osmem  # noqa: E402

FACETS = ["record_type", "service", "state", "unit", "year", OVERDUE, "retention"]
BATCH = 5000


def fill(backend, generator: Generator, count: int) -> float:
    began = time.perf_counter()
    backend.ensure("records")
    version = backend.create_version("records")
    for start in range(0, count, BATCH):
        docs = [generator.doc(n) for n in range(start, min(count, start + BATCH))]
        with transaction.atomic():
            backend.write("records", docs, version=version)
    backend.promote("records", version)
    return time.perf_counter() - began


def latencies(backend, queries: list[dict]) -> dict:
    now = timezone.now()
    timings, totals, by_kind = [], [], {}
    for item in queries:
        query = Query(
            index="records",
            **parse_text(item["text"]),
            terms=item["terms"],
            sort=item["sort"],
            facets=FACETS,
            scope_types=sorted(visible_types(frozenset({"archivist"}))),
            now=now,
            size=20,
        )
        began = time.perf_counter()
        result = backend.search(query)
        timings.append((time.perf_counter() - began) * 1000)
        totals.append(result.total)
        by_kind.setdefault(item["kind"], []).append((timings[-1], result.total))
    timings.sort()
    return {
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 1),
        "max_ms": round(timings[-1], 1),
        "median_hits": int(statistics.median(totals)),
        # Where the tail comes from: the cost grows with the hits (exact facets and ranking read every one).
        "by_kind": {kind: _summary(found) for kind, found in sorted(by_kind.items())},
    }


def _summary(found: list[tuple[float, int]]) -> dict:
    timings = sorted(ms for ms, _ in found)
    return {
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "median_hits": int(statistics.median(hits for _, hits in found)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--es-records", type=int, default=None, help="default: --records")
    parser.add_argument("--queries", type=int, default=400)
    # osmem-server answers a faceted query over 1,000,000 records in seconds (it scans): fewer queries there.
    parser.add_argument("--es-queries", type=int, default=60)
    args = parser.parse_args()
    es_records = args.records if args.es_records is None else args.es_records
    call_command("migrate", verbosity=0)
    generator = Generator()
    queries = generator.queries(args.queries)
    embedded = EmbeddedBackend()
    fill_seconds = fill(embedded, generator, args.records)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    first = latencies(embedded, queries[:1])["max_ms"]  # reads the doc values into this process
    latencies(embedded, queries[1:20])  # warm the page cache
    result = {
        "benchmark": "search_query",
        "embedded": {
            "backend": f"embedded ({connection.vendor})",
            "records": args.records,
            "fill_seconds": round(fill_seconds, 1),
            "first_search_ms": first,
            **latencies(embedded, queries),
        },
    }
    if es_records:
        settings.SEARCH_ES_NODE_CLASS = "search.testing.PlainJsonNode"
        server = start_osmem()
        try:
            elastic = ElasticBackend(server.url, prefix="bench")
            fill_seconds = fill(elastic, generator, es_records)
            latencies(elastic, queries[:5])
            result["elasticsearch_api"] = {
                "backend": "osmem-server (Elasticsearch API)",
                "records": es_records,
                "fill_seconds": round(fill_seconds, 1),
                **latencies(elastic, queries[: args.es_queries]),
            }
            elastic.close()
        finally:
            server.close()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
