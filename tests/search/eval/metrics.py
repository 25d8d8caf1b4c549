"""Recall@10 and precision@10 of the public search over kazakh_eval.json.

recall@10 of a query = relevant points among the first 10 hits / min(10, relevant points): 1.0 when the first
page is as full of relevant points as it can be.  precision@10 = relevant points among the first 10 hits /
hits shown (at most 10).  Also: recall and precision over every hit (not only the first 10), and the share
of queries whose first hit is relevant.
"""

from __future__ import annotations

import json
from pathlib import Path

from search.query import Query, parse_text

EVAL_FILE = Path(__file__).resolve().parent / "kazakh_eval.json"


def load() -> list[dict]:
    return json.loads(EVAL_FILE.read_text(encoding="utf-8"))["queries"]


def evaluate(backend, queries: list[dict] | None = None, k: int = 10) -> dict:
    queries = queries if queries is not None else load()
    recall = precision = full_recall = full_precision = first = 0.0
    misses = []
    for item in queries:
        relevant = set(item["relevant"])
        query = Query(index="points", **parse_text(item["query"]), size=k)
        result = backend.search(query)
        top = [hit.id for hit in result.hits]
        found = len(relevant.intersection(top))
        recall += found / min(k, len(relevant))
        precision += found / len(top) if top else 0.0
        if top and top[0] in relevant:
            first += 1
        everything = backend.search(Query(index="points", **parse_text(item["query"]), size=1000))
        all_ids = {h.id for h in everything.hits}
        full_recall += len(relevant & all_ids) / len(relevant)
        full_precision += len(relevant & all_ids) / len(all_ids) if all_ids else 0.0
        if found < min(k, len(relevant)):
            misses.append(item["query"])
    n = len(queries)
    return {
        "queries": n,
        "recall_at_10": round(recall / n, 4),
        "precision_at_10": round(precision / n, 4),
        "recall_all_hits": round(full_recall / n, 4),
        "precision_all_hits": round(full_precision / n, 4),
        "first_hit_relevant": round(first / n, 4),
        "queries_below_full_recall_at_10": misses,
    }
