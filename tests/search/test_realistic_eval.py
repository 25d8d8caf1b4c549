"""The realistic evaluation (tests/search/eval/realistic.json): typos, no Kazakh letters, Russian words,
abbreviations, numbers, dates and questions over the two real acts, and the archivist's name search in Latin
letters, without Kazakh letters and with typos.  A relevant hit must be in the first 5 for at least 80% of the
queries on both backends; the figures per kind are printed (run with -s) and written to
test-artifacts/search_eval_realistic_<backend>.json."""

from __future__ import annotations

import json
from datetime import date

from catalogue.roles import Role
from search import outbox

from .conftest import valid_iin
from .eval.realistic import judge_names, judge_points, load, published_points, summarise, unmatched_criteria

HIT_FLOOR = 0.8
KINDS = {"typo", "no_kazakh_letters", "russian", "abbreviation", "number", "date", "multi_word", "plain"}


def test_the_realistic_set_is_judged_against_the_published_text(acts):
    data = load()
    queries, names = data["queries"], data["names"]
    assert len(queries) >= 150
    assert {q["kind"] for q in queries} == KINDS
    assert len({q["query"] for q in queries}) == len(queries)
    docs = published_points().values()
    wrong = {q["query"]: unmatched_criteria(q["relevant"], docs) for q in queries}
    assert {query: missing for query, missing in wrong.items() if missing} == {}
    assert all(q["relevant"] for q in queries)
    assert 10 <= len(data["applicants"]) <= 20
    assert {q["kind"] for q in names} == {"name"}
    assert all(set(q["relevant"]["applicants"]) <= set(data["applicants"]) for q in names)


def file_applications(file_app, applicants: list[str]) -> dict[str, set[str]]:
    """One application per applicant (distinct birth dates, so distinct IINs); name -> record ids."""
    filed = {}
    for i, name in enumerate(applicants):
        app = file_app(name=name, iin=valid_iin(born=date(1970 + i, 1 + i % 12, 1 + i)))
        filed[name] = {f"application:{app.pk}"}
    outbox.drain()
    return filed


def test_realistic_queries_find_a_relevant_hit_in_the_top_5(backend, acts, file_app, users, artifacts_dir):
    data = load()
    applications = file_applications(file_app, data["applicants"])
    points = judge_points(data["queries"], published_points())
    names = judge_names(data["names"], users[Role.ARCHIVIST], applications)
    figures = {
        "backend": backend.name,
        **summarise(points + names),
        "points": summarise(points)["overall"],
        "names": summarise(names)["overall"],
        "results": points + names,  # every query's first hits, for the lead to read
    }
    report = json.dumps(figures, ensure_ascii=False, indent=1)
    (artifacts_dir / f"search_eval_realistic_{backend.name}.json").write_text(report + "\n", encoding="utf-8")
    shown = {k: figures[k] for k in ("backend", "overall", "points", "names", "kinds", "errors")}
    print(f"\nRealistic evaluation: {json.dumps(shown, ensure_ascii=False)}")
    print("Worst queries:", json.dumps(figures["worst"], ensure_ascii=False))
    assert figures["errors"] == []
    assert figures["overall"]["hit_at_5"] >= HIT_FLOOR, figures["kinds"]
