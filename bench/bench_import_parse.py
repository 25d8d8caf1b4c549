"""How long parsing the two legal acts takes (portal.importer.parse_act, no database).

Usage: .venv/bin/python bench/bench_import_parse.py [--runs 9]   (prints JSON; medians in milliseconds)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from portal.importer import parse_act  # noqa: E402

ACTS = {
    "000": ROOT / "portal" / "fixtures" / "acts" / "000_04a4b0dd9774c7c6.txt",
    "003": ROOT / "portal" / "fixtures" / "acts" / "003_b299304cea067258.txt",
}


def median_ms(path: Path, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_act(path)
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    parse_act(ACTS["003"])  # warm-up: imports and compiled regular expressions
    result = {f"parse_{code}_ms": median_ms(ACTS[code], args.runs) for code in ("003", "000")}
    print(json.dumps({**result, "runs": args.runs}))


if __name__ == "__main__":
    main()
