"""Transition log throughput: appends per second (one transaction each) and rows verified per second.

Runs on a fresh temporary SQLite database unless BENCH_DATABASE_URL names another (empty) one.
Usage: .venv/bin/python bench/bench_audit.py [--rows 5000]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-audit-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from records.audit import append_transition, check_chain  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    records = [Group.objects.create(name=f"bench application {n}") for n in range(50)]
    began = time.perf_counter()
    for n in range(args.rows):
        with transaction.atomic():
            append_transition(
                records[n % len(records)],
                transition="assign_executor",
                from_state="registered",
                to_state="assigned",
                actor=None,
                reason="bench",
                data={"n": n},
            )
    append_seconds = time.perf_counter() - began
    began = time.perf_counter()
    count, problems = check_chain()
    verify_seconds = time.perf_counter() - began
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": count,
                "problems": len(problems),
                "appends_per_second": round(args.rows / append_seconds),
                "verified_rows_per_second": round(count / verify_seconds),
            }
        )
    )


if __name__ == "__main__":
    main()
