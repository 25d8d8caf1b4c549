"""How many deadlines records.calendar.due_at computes per second, over a realistic mix of limits.

Usage: .venv/bin/python bench/bench_calendar.py [--seconds 2]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from records import calendar  # noqa: E402
from records.calendar import Limit, due_at  # noqa: E402

# The limits of DOMAIN.md §3.9, weighted as they occur in the six services.
LIMITS = [Limit("minutes", 15), Limit("minutes", 30)] * 4 + [
    Limit("hours", 2),
    Limit("hours", 4),
    Limit("working_days", 1),
    Limit("working_days", 1),
    Limit("working_days", 3),
    Limit("working_days", 10),
    Limit("same_day"),
    Limit("external", external_date=date(2026, 4, 15)),
]


def sample(n: int) -> list[tuple[datetime, Limit]]:
    rng = random.Random(2025)
    first = datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Almaty"))
    span = int(timedelta(days=3 * 365).total_seconds())
    return [(first + timedelta(seconds=rng.randrange(span)), rng.choice(LIMITS)) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    cases = sample(10_000)
    for start, limit in cases:  # warm the per-year holiday cache: steady state is what transitions see
        due_at(start, limit)
    calls, began = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - began) < args.seconds:
        for start, limit in cases:
            due_at(start, limit)
        calls += len(cases)
    calendar._days_off.cache_clear()  # one year's holiday set, as after a restart
    cold_began = time.perf_counter()
    due_at(cases[0][0], cases[0][1])
    cold_ms = (time.perf_counter() - cold_began) * 1000
    print(
        json.dumps(
            {
                "due_at_per_second": round(calls / elapsed),
                "calls": calls,
                "seconds": round(elapsed, 3),
                "first_call_of_a_year_ms": round(cold_ms, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
