"""The open formats of act 003: Akoma Ntoso export (< 1 s) and the PDF (< 3 s), built from the live pages.

Runs on a throwaway SQLite database (migrated here), imports act 003, then times the tree, the AKN export
(tree + XML), the PDF (tree + typesetting) and the JSON of the API (through the test client), each without
any cache; one first PDF includes loading the fonts.

Usage: .venv/bin/python bench/bench_act_formats.py [--repeat 5]   (prints JSON)
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_DB_DIR = tempfile.mkdtemp(prefix="bench-act-formats-")
os.environ["DATABASE_URL"] = f"sqlite:///{_DB_DIR}/bench.db"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from certificates.acts_pdf import render_act_pdf  # noqa: E402
from certificates.pdf.fonts import clear_cache  # noqa: E402
from portal.act_tree import act_tree  # noqa: E402
from portal.akn import akn_bytes  # noqa: E402
from portal.importer import parse_act  # noqa: E402
from portal.models import LegalActPage  # noqa: E402
from portal.publishing import ensure_acts_index, publish_act  # noqa: E402

ACT_003 = ROOT / "portal" / "fixtures" / "acts" / "003_b299304cea067258.txt"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def timed(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return {"median_ms": _ms(statistics.median(samples)), "max_ms": _ms(max(samples))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_acts_index()
    publish_act(parse_act(ACT_003))
    act = LegalActPage.objects.get(code="003")
    clear_cache()
    began = time.perf_counter()
    pdf = render_act_pdf(act_tree(act))
    first_pdf = time.perf_counter() - began
    xml = akn_bytes(act_tree(act))
    client = Client(HTTP_HOST="localhost")

    def api_json():
        cache.clear()
        assert client.get("/api/v1/acts/003/").status_code == 200

    def fresh(fn):  # a fresh page object each time: nothing read from the database is reused
        return lambda: fn(act_tree(LegalActPage.objects.get(pk=act.pk)))

    print(
        json.dumps(
            {
                "act_003_pdf_bytes": len(pdf),
                "act_003_akn_bytes": len(xml),
                "tree": timed(fresh(lambda tree: tree), args.repeat),
                "akn_export": timed(fresh(akn_bytes), args.repeat),
                "pdf_first_with_fonts_ms": _ms(first_pdf),
                "pdf": timed(fresh(render_act_pdf), args.repeat),
                "api_act_json": timed(api_json, args.repeat),
                "targets": {"akn_export_ms": 1000, "pdf_ms": 3000},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
