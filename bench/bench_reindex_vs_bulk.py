"""``search_reindex`` against the fastest the search server can take the same documents: in one run, on one
osmem-server (Elasticsearch API) started here, the records index rebuilt end to end by the command (read the
database, describe, Kazakh analysis, bulk requests, alias swap) beside a bare ``_bulk`` of the same documents,
built beforehand, through the client's ``helpers.streaming_bulk``.  ``ratio`` = reindex / bare bulk
(target ≥ 0.8).  Rounds alternate between the two and the best of each is kept (the machine is shared).

The applications are those of bench_search_indexing.py (importing it sets Django up on a temporary SQLite
database).  Usage: .venv/bin/python bench/bench_reindex_vs_bulk.py [--applications 20000] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from elasticsearch import helpers  # noqa: E402

from bench.bench_search_indexing import _chunks, _cpu_seconds, populate  # noqa: E402  (sets Django up)
from search import registry  # noqa: E402
from search.backends import get_backend, reset_backend  # noqa: E402
from search.indexing import default_workers  # noqa: E402
from search.testing import start_osmem  # noqa: E402

INDEX = "records"


def prebuilt_documents() -> list[dict]:
    return [
        doc
        for source in registry.sources(INDEX)
        for chunk in _chunks(list(source.object_ids()), 2000)
        for docs in source.build(chunk).values()
        for doc in docs
    ]


def reindex(workers: int, server_pid: int) -> dict:
    out = StringIO()
    began, cpu, own = time.perf_counter(), _cpu_seconds(server_pid), _own_cpu()
    call_command(
        "search_reindex", INDEX, "--workers", str(workers), "--batch", "2000", "--no-progress", stdout=out
    )
    seconds = time.perf_counter() - began
    documents = get_backend().count(INDEX)
    figures = _figures(documents, seconds, _cpu_seconds(server_pid) - cpu)
    main, builders = (after - before for after, before in zip(_own_cpu(), own, strict=True))
    figures["client_cpu_us_per_doc"] = round(main / documents * 1e6)
    figures["builders_cpu_us_per_doc"] = round(builders / documents * 1e6)
    return figures


def _own_cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that ended (the builders; not the server)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def raw_bulk(docs: list[dict], server_pid: int) -> dict:
    """The same documents, already built, into a new index of the same mapping: only the client's
    serialisation and the server's work are left."""
    backend = get_backend()
    target = backend.create_version(INDEX)
    actions = [
        {"_index": target, "_id": doc["id"], "_source": {k: v for k, v in doc.items() if k != "id"}}
        for doc in docs
    ]
    began, cpu = time.perf_counter(), _cpu_seconds(server_pid)
    written = sum(ok for ok, _item in helpers.streaming_bulk(backend.client, actions, chunk_size=2000))
    backend.client.indices.refresh(index=target)
    seconds = time.perf_counter() - began
    server_cpu = _cpu_seconds(server_pid) - cpu
    backend.client.indices.delete(index=target)
    return _figures(written, seconds, server_cpu)


def _figures(documents: int, seconds: float, server_cpu: float) -> dict:
    return {
        "documents": documents,
        "seconds": round(seconds, 2),
        "docs_per_s": round(documents / seconds),
        "server_cpu_us_per_doc": round(server_cpu / documents * 1e6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)  # a line per request otherwise
    call_command("migrate", verbosity=0)
    populate(args.applications)
    docs = prebuilt_documents()
    server = start_osmem()
    try:
        settings.ELASTICSEARCH_URL = server.url
        settings.SEARCH_ES_NODE_CLASS = "search.testing.PlainJsonNode"
        reset_backend()
        runs: dict[str, list[dict]] = {"reindex": [], "raw_bulk": []}
        for round_ in range(args.rounds):
            order = ("reindex", "raw_bulk") if round_ % 2 == 0 else ("raw_bulk", "reindex")
            for name in order:
                run = reindex(args.workers, server.pid) if name == "reindex" else raw_bulk(docs, server.pid)
                runs[name].append(run)
    finally:
        server.close()
    best = {name: max(found, key=lambda run: run["docs_per_s"]) for name, found in runs.items()}
    print(
        json.dumps(
            {
                "benchmark": "reindex_vs_bulk",
                "server": "osmem-server (Elasticsearch API)",
                "applications": args.applications,
                "workers": args.workers,
                "reindex_docs_per_s": best["reindex"]["docs_per_s"],
                "raw_bulk_docs_per_s": best["raw_bulk"]["docs_per_s"],
                "ratio": round(best["reindex"]["docs_per_s"] / best["raw_bulk"]["docs_per_s"], 2),
                "rounds": runs,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
