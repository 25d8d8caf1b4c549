"""Run as its own process (tests/search/test_cross_process.py): what the search backend answers for each
index — the total, every facet and a date filter — beside the same figures counted from the documents the
sources build from the database, as JSON on stdout.  Both must agree whatever the hash seeds of the process
that wrote the index and of this one."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from search import registry  # noqa: E402
from search.backends import get_backend  # noqa: E402
from search.query import Query  # noqa: E402

FACETS = {"points": ["act_code", "status", "kind", "service"], "records": ["record_type", "service", "state",
          "unit", "year", "retention"]}  # fmt: skip


def expected(index: str) -> dict:
    docs = [
        doc
        for source in registry.sources(index)
        for ids in [list(source.object_ids())]
        for built in source.build(ids).values()
        for doc in built
    ]
    facets = {
        name: sorted([value, count] for value, count in Counter(d.get(name) for d in docs).items() if value)
        for name in FACETS[index]
    }
    dated = sorted(d["sort_date"] for d in docs if d.get("sort_date"))
    middle = dated[len(dated) // 2][:10] if dated else None
    after = sum(1 for d in docs if d.get("sort_date") and d["sort_date"][:10] >= middle) if middle else 0
    return {"total": len(docs), "facets": facets, "from": middle, "after": after}


def answered(index: str, day: str | None) -> dict:
    from datetime import date

    backend = get_backend()
    result = backend.search(Query(index=index, facets=FACETS[index], size=5))
    facets = {
        name: sorted([value.value, value.count] for value in values) for name, values in result.facets.items()
    }
    after = backend.search(Query(index=index, date_from=date.fromisoformat(day), size=1)).total if day else 0
    return {"total": result.total, "facets": facets, "from": day, "after": after}


if __name__ == "__main__":
    report = {}
    for index in ("points", "records"):
        truth = expected(index)
        report[index] = {"expected": truth, "answered": answered(index, truth["from"])}
    print(json.dumps(report, ensure_ascii=False))
