"""Import time of both acts and render time of the act 003 page (whole act, ~160 KB of text).

Runs on a throwaway SQLite database (migrated here), imports both acts through parse_act + publish_act,
then serves the act page through the full Django/Wagtail stack with and without the render cache.

Usage: .venv/bin/python bench/bench_act_pages.py [--repeat 15]   (prints JSON)
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
_DB_DIR = tempfile.mkdtemp(prefix="bench-acts-")
os.environ["DATABASE_URL"] = f"sqlite:///{_DB_DIR}/bench.db"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from portal.importer import parse_act  # noqa: E402
from portal.models import LegalActPage  # noqa: E402
from portal.publishing import ensure_acts_index, publish_act  # noqa: E402
from portal.rendering import render_act  # noqa: E402

ACTS = sorted((ROOT / "portal" / "fixtures" / "acts").glob("*.txt"))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timed(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return {"median_ms": _ms(statistics.median(samples)), "max_ms": _ms(max(samples))}


def import_times() -> dict:
    ensure_acts_index()
    result = {}
    for path in ACTS:
        began = time.perf_counter()
        parsed = parse_act(path)
        parsed_at = time.perf_counter()
        counts = publish_act(parsed)
        done = time.perf_counter()
        result[path.name[:3]] = {
            "parse_ms": _ms(parsed_at - began),
            "publish_ms": _ms(done - parsed_at),
            "total_ms": _ms(done - began),
            "pages": counts["pages_created"],
            "nodes": counts["nodes"],
        }
    began = time.perf_counter()
    publish_act(parse_act(ACTS[-1]))
    result["reimport_003_ms"] = _ms(time.perf_counter() - began)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    imports = import_times()
    act = LegalActPage.objects.get(code="003")
    client = Client(HTTP_HOST="localhost")
    url = act.url
    size = len(client.get(url).content)

    def uncached_page():
        cache.clear()
        assert client.get(url).status_code == 200

    def cached_page():
        assert client.get(url).status_code == 200

    rendered = render_act(act, use_cache=False)
    print(
        json.dumps(
            {
                "imports": imports,
                "act_003_page_bytes": size,
                "act_003_text_chars": len(rendered.text_html),
                "render_body_uncached": timed(lambda: render_act(act, use_cache=False), args.repeat),
                "page_uncached": timed(uncached_page, args.repeat),
                "page_cached": timed(cached_page, args.repeat * 4),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
