"""Writes kazakh_eval.json: the queries of lemmas.py with the points relevant to each, found in the two acts
as published (a fresh temporary database, both acts imported).  Run it again when the importer changes:

    .venv/bin/python tests/search/eval/build_eval.py
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory(prefix="search-eval-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp.name}/eval.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from portal import search_records as points  # noqa: E402
from portal.publishing import import_act_file  # noqa: E402
from tests.search.eval.lemmas import LEMMAS, PAIRS  # noqa: E402

# DOMAIN §5.3 J, written out again here so that the relevance judgements do not use the analyser under test.
_LATIN = str.maketrans("iceaopxyICEAOPXY", "ісеаорхуІСЕАОРХУ")
_WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    found = set()
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if re.search("[\u0400-\u04ff]", word):
            word = word.translate(_LATIN)
        found.add(word.lower())
    return found


def relevant(lemma: dict, docs: dict[str, set[str]]) -> set[str]:
    def matches(word: str) -> bool:
        return word.startswith(tuple(lemma["prefixes"])) and not word.startswith(
            tuple(lemma["exclude"]) or ("\0",)
        )

    return {doc_id for doc_id, found in docs.items() if any(matches(w) for w in found)}


def main() -> None:
    call_command("migrate", verbosity=0)
    for name in ("000_04a4b0dd9774c7c6.txt", "003_b299304cea067258.txt"):
        import_act_file(ROOT / "portal" / "fixtures" / "acts" / name)
    built = points.build(list(points.object_ids()))
    docs = {doc["id"]: words(doc["text"]) for group in built.values() for doc in group}
    by_lemma = {lemma["lemma"]: relevant(lemma, docs) for lemma in LEMMAS}
    queries = [
        {"query": form, "words": [lemma["lemma"]], "relevant": sorted(by_lemma[lemma["lemma"]])}
        for lemma in LEMMAS
        for form in lemma["forms"]
    ]
    for text, first, second in PAIRS:
        both = by_lemma[first] & by_lemma[second]
        if both:
            queries.append({"query": text, "words": [first, second], "relevant": sorted(both)})
        else:
            print(f"skipped «{text}»: no point has both words", file=sys.stderr)
    empty = [q["query"] for q in queries if not q["relevant"]]
    if empty:
        raise SystemExit(f"queries without a relevant point: {empty}")
    out = {"documents": len(docs), "queries": queries}
    (HERE / "kazakh_eval.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(queries)} queries over {len(docs)} points")


if __name__ == "__main__":
    main()
