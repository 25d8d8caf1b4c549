"""The realistic evaluation (issue 11 item 4): queries as officials and citizens type them — typos, a
Russian keyboard without the Kazakh letters, Russian words and abbreviations, point and act numbers, dates,
questions — over the two real acts, and the archivist's name search for applicants.

realistic.json, written by hand from the acts' text and not from the analyser:

- ``queries``: {query, kind, relevant, note}; a point is relevant when it matches one of
  - ``points``: [act code, point number] or [act code, point number, document], the point number being the
    point that holds the block (``point_number`` or, for a point itself, ``number``); document is the slug of
    the approved document («rules-1», «regulation-4») or «act» for the act's own text;
  - ``text``: a literal substring, or a list of substrings that must all occur, found at the start of a word
    of the published text (case-insensitive);
  - ``acts``: any point of the act (its number, date or registration number was asked for).
- ``applicants`` and ``names``: the people the test files an application for, and name queries whose relevant
  records are the applications of the listed applicants.

Per kind: precision@5 (relevant hits / hits shown, at most 5; 0 without hits) and hit@5 (a relevant hit among
the first 5).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

EVAL_FILE = Path(__file__).resolve().parent / "realistic.json"
K = 5
WORST = 15


def load() -> dict[str, Any]:
    return json.loads(EVAL_FILE.read_text(encoding="utf-8"))


def published_points() -> dict[str, dict[str, Any]]:
    """The documents of every published point, by id, as the source builds them (the judge's reference)."""
    from portal import search_records as points

    built = points.build(list(points.object_ids()))
    return {doc["id"]: doc for group in built.values() for doc in group}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def text_matches(text: str, item: str | list[str]) -> bool:
    folded = _fold(text)
    wanted = [item] if isinstance(item, str) else item
    return all(re.search(r"(?<!\w)" + re.escape(_fold(part)), folded) for part in wanted)


def point_matches(doc: dict[str, Any], spec: list[str]) -> bool:
    act, number, *document = spec
    if doc["act_code"] != act or (doc["point_number"] or doc["number"]) != number:
        return False
    if not document:
        return True
    if document[0] == "act":
        return doc["path"] == f"/acts/{act}/"
    return doc["path"].startswith(f"/acts/{act}/{document[0]}/")


def is_relevant(doc: dict[str, Any], relevant: dict[str, list]) -> bool:
    return (
        doc["act_code"] in relevant.get("acts", ())
        or any(point_matches(doc, spec) for spec in relevant.get("points", ()))
        or any(text_matches(doc["text"], item) for item in relevant.get("text", ()))
    )


def unmatched_criteria(relevant: dict[str, list], docs: Iterable[dict[str, Any]]) -> list[str]:
    """The criteria of a judgement that no published point meets (a mistake in the judgement)."""
    docs = list(docs)
    missing = []
    for key in ("acts", "points", "text"):
        for criterion in relevant.get(key, ()):
            if not any(is_relevant(doc, {key: [criterion]}) for doc in docs):
                missing.append(f"{key}: {criterion}")
    return missing


def _judge(query: dict[str, Any], run: Callable[[str], list[str]], relevant: Callable[[str], bool]) -> dict:
    try:
        top, error = run(query["query"])[:K], ""
    except Exception as exc:  # a crash is reported per query and fails the test, not the whole evaluation
        top, error = [], f"{type(exc).__name__}: {exc}"
    found = [hit for hit in top if relevant(hit)]
    return {
        "query": query["query"],
        "kind": query["kind"],
        "precision": len(found) / len(top) if top else 0.0,
        "hit": bool(found),
        "top": top,
        "error": error,
    }


def judge_points(queries: list[dict], docs: dict[str, dict[str, Any]]) -> list[dict]:
    from search.services import search_points

    def run(text: str) -> list[str]:
        return [hit.id for hit in search_points(text, per_page=K).hits]

    return [
        _judge(q, run, lambda hit_id, q=q: hit_id in docs and is_relevant(docs[hit_id], q["relevant"]))
        for q in queries
    ]


def judge_names(queries: list[dict], user: Any, applications: dict[str, set[str]]) -> list[dict]:
    """``applications``: applicant name -> ids («application:17») of the records filed for them."""
    from search.services import Criteria, search_records

    def run(text: str) -> list[str]:
        return [hit.id for hit in search_records(user, Criteria(text=text, per_page=K)).hits]

    def judge(query: dict) -> dict:
        wanted = set().union(*(applications[name] for name in query["relevant"]["applicants"]))
        return _judge(query, run, wanted.__contains__)

    return [judge(q) for q in queries]


def _figures(results: list[dict]) -> dict[str, float | int]:
    n = len(results)
    return {
        "queries": n,
        "precision_at_5": round(sum(r["precision"] for r in results) / n, 4) if n else 0.0,
        "hit_at_5": round(sum(r["hit"] for r in results) / n, 4) if n else 0.0,
    }


def summarise(results: list[dict]) -> dict[str, Any]:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        by_kind[result["kind"]].append(result)
    # Misses first, and among them the queries that showed wrong hits before those that showed none.
    worst = sorted(results, key=lambda r: (r["hit"], r["precision"], -len(r["top"])))[:WORST]
    return {
        "overall": _figures(results),
        "kinds": {kind: _figures(items) for kind, items in sorted(by_kind.items())},
        "worst": [{k: r[k] for k in ("query", "kind", "precision", "hit", "top", "error")} for r in worst],
        "errors": [{"query": r["query"], "error": r["error"]} for r in results if r["error"]],
    }
