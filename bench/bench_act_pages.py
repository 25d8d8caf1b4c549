"""Import time of both acts, and the act 003 page against a stock Wagtail page and a static file (issue 17).

Runs on a throwaway SQLite database (migrated here) with the demo's settings minus debug
(bench/bench_settings.py), imports both acts through parse_act + publish_act, then, side by side in one run
(samples interleaved, medians):

- uncached: the act 003 page (the default page listing its regulations, and the whole act, `?full=1`) with
  the whole-page cache emptied before each request but its stored fragments kept (as after any publish),
  against a stock Wagtail page (bench/stock_page: a RichTextField rendered by `|richtext` in the same
  base template) holding the same text, per KiB of HTML;  "cold" also empties the fragments;
- cached: the page from the whole-page cache against the same bytes served as a static file by WhiteNoise;
- weight: bytes raw / gzip / brotli as served.

Usage: .venv/bin/python bench/bench_act_pages.py [--repeat 15]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_DB_DIR = tempfile.mkdtemp(prefix="bench-acts-")
os.environ["DATABASE_URL"] = f"sqlite:///{_DB_DIR}/bench.db"
os.environ["BENCH_STATIC_DIR"] = str(Path(_DB_DIR) / "static")
os.environ["PAGE_CACHE_DIR"] = str(Path(_DB_DIR) / "page-versions")
(Path(_DB_DIR) / "static" / "bench").mkdir(parents=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import brotli  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.stock_page.models import StockPage  # noqa: E402
from portal.importer import parse_act  # noqa: E402
from portal.models import ActIndexPage, LegalActPage  # noqa: E402
from portal.page_cache import pages_cache  # noqa: E402
from portal.publishing import ensure_acts_index, publish_act  # noqa: E402
from portal.rendering import render_act  # noqa: E402

ACTS = sorted((ROOT / "portal" / "fixtures" / "acts").glob("*.txt"))
IDENTITY = {"HTTP_ACCEPT_ENCODING": "identity"}
BROTLI = {"HTTP_ACCEPT_ENCODING": "br, gzip"}
MAIN_RE = re.compile(r'<main id="main" tabindex="-1">\s*<div class="wrap">(.*)</div>\s*</main>', re.S)


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


def _body(response) -> bytes:
    """The body as the client reads it (a static file is streamed)."""
    if response.streaming:
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


def _get(client: Client, url: str, headers: dict) -> bytes:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return _body(response)


def side_by_side(samples: dict, repeat: int) -> dict:
    """Median ms of each callable, the calls interleaved so that both see the same machine load."""
    times: dict[str, list[float]] = {name: [] for name in samples}
    for _ in range(repeat):
        for name, fn in samples.items():
            began = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def stock_page(name: str, html: str) -> str:
    """A stock page under the acts list holding the <main> content of an act page."""
    main = MAIN_RE.search(html)
    assert main, "no <main> in the act page"
    index = ActIndexPage.objects.get()
    page = StockPage(title=f"Stock {name}", slug=f"stock-{name}", body=main.group(1))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page.url


def uncached(client: Client, act_url: str, stock_url: str, repeat: int) -> dict:
    act_kib = len(_get(client, act_url, IDENTITY)) / 1024
    stock_kib = len(_get(client, stock_url, IDENTITY)) / 1024

    def act_miss():
        pages_cache().clear()
        _get(client, act_url, IDENTITY)

    def act_cold():
        pages_cache().clear()
        cache.clear()
        _get(client, act_url, IDENTITY)

    ms = side_by_side(
        {"act": act_miss, "stock": lambda: _get(client, stock_url, IDENTITY), "act_cold": act_cold}, repeat
    )
    act_per_kib, stock_per_kib = ms["act"] / act_kib, ms["stock"] / stock_kib
    return {
        "act_kib": round(act_kib, 1),
        "stock_kib": round(stock_kib, 1),
        "act_ms": round(ms["act"], 2),
        "stock_ms": round(ms["stock"], 2),
        "act_cold_ms": round(ms["act_cold"], 2),
        "act_ms_per_kib": round(act_per_kib, 4),
        "stock_ms_per_kib": round(stock_per_kib, 4),
        "ratio_per_kib": round(act_per_kib / stock_per_kib, 2),
        "ratio_per_request": round(ms["act"] / ms["stock"], 2),
        "cold_ratio_per_kib": round(ms["act_cold"] / act_kib / stock_per_kib, 2),
    }


def cached_vs_static(act_url: str, name: str, repeat: int) -> dict:
    """The cached page and a static file of the same bytes (written before the client indexes the files)."""
    client = Client(HTTP_HOST="localhost")
    raw = _get(client, act_url, IDENTITY)
    static_dir = Path(os.environ["BENCH_STATIC_DIR"]) / "bench"
    (static_dir / f"{name}.html").write_bytes(raw)
    (static_dir / f"{name}.html.br").write_bytes(brotli.compress(raw, quality=6))
    fresh = Client(HTTP_HOST="localhost")  # WhiteNoise indexes the static files when its middleware starts
    static_url = f"/static/bench/{name}.html"
    assert _get(fresh, static_url, IDENTITY) == raw
    assert fresh.get(act_url, **IDENTITY)["X-Page-Cache"] == "hit"
    result = {}
    for label, headers in (("identity", IDENTITY), ("br", BROTLI)):
        ms = side_by_side(
            {
                "cached": lambda h=headers: _get(fresh, act_url, h),
                "static": lambda h=headers: _get(fresh, static_url, h),
            },
            repeat,
        )
        result[label] = {
            "cached_ms": round(ms["cached"], 3),
            "static_ms": round(ms["static"], 3),
            "ratio": round(ms["cached"] / ms["static"], 2),
        }
    return result


def weight(client: Client, url: str) -> dict:
    return {
        coding: len(_get(client, url, {"HTTP_ACCEPT_ENCODING": coding}))
        for coding in ("identity", "gzip", "br")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    imports = import_times()
    act = LegalActPage.objects.get(code="003")
    client = Client(HTTP_HOST="localhost")
    views = {"act_003": act.url, "act_003_full": f"{act.url}?full=1"}
    stocks = {name: stock_page(name, _get(client, url, IDENTITY).decode()) for name, url in views.items()}
    report = {"imports": imports}
    report["render_whole_act_body_ms"] = timed(lambda: render_act(act, use_cache=False), args.repeat)
    for name, url in views.items():
        report[name] = {
            "weight_bytes": weight(client, url),
            "uncached_vs_stock": uncached(client, url, stocks[name], args.repeat),
            "cached_vs_static": cached_vs_static(url, name, args.repeat * 4),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
