"""Transition log throughput: appends per second (one transaction each) and rows verified per second.

Runs on a fresh temporary SQLite database unless BENCH_DATABASE_URL names another (empty) one.
Usage: .venv/bin/python bench/bench_audit.py [--rows 5000]   (prints JSON)

``--verify-rows 1000000`` measures ``verify_audit`` on a log of that size instead: the rows are chained with
the key exactly as ``append_transition`` chains them (40 partitions, 5 rows per record) but written in bulk
INSERTs, since appending a million rows one transaction at a time would take most of an hour; then
``manage.py verify_audit`` runs as a separate process and its wall time is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-audit-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["AUDIT_CHECKPOINT_PATH"] = f"{_tmp.name}/checkpoints.jsonl"  # never the demo's own file

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from records.audit import append_transition  # noqa: E402
from records.audit_verify import check_chain  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--verify-rows", type=int, default=0)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.verify_rows:
        verify_large_log(args.verify_rows)
        return
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


def verify_large_log(rows: int, partitions: int = 40, per_record: int = 5) -> None:
    began = time.perf_counter()
    build_log(rows, partitions, per_record)
    built = time.perf_counter() - began
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py"), "verify_audit"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": rows,
                "partitions": partitions,
                "build_seconds": round(built, 1),
                "verify_audit_seconds": round(seconds, 1),
                "verify_audit_exit": done.returncode,
                "verify_audit_says": done.stdout.strip().splitlines()[-1]
                if done.stdout.strip()
                else done.stderr[-300:],
            },
            ensure_ascii=False,
        )
    )


def build_log(rows: int, partitions: int, per_record: int) -> None:
    """``rows`` chained rows of applications' transitions, each partition a whole chain."""
    from django.utils import timezone

    from records.models import CHAINED_FIELDS, GENESIS_HASH, TransitionLog, chain_key, row_hash

    key, heads, batch = chain_key(), {}, []
    start = timezone.now() - timedelta(days=1)
    columns = ("row_hash", *(name for name in CHAINED_FIELDS if name != "actor_id"))
    table = TransitionLog._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    for n in range(rows):
        partition = f"bench-{n % partitions}/{start.year}"
        seq, prev = heads.get(partition, (0, GENESIS_HASH))
        fields = {
            "partition": partition,
            "seq": seq + 1,
            "record_type": "records.application",
            "record_id": str(n // per_record),
            "transition": "assign",
            "from_state": "registered",
            "to_state": "assigned",
            "actor_id": None,
            "actor_name": "Бенчмарк Орындаушы",
            "at": start + timedelta(microseconds=n * 50),
            "reason": "",
            "attachments": [{"name": "өтініш.pdf", "sha256": "a" * 64}],
            "data": {"executor": n % 97, "resolution_text": "Орындауға."},
            "prev_hash": prev,
        }
        digest = row_hash(fields, key)
        heads[partition] = (seq + 1, digest)
        values = {**fields, "row_hash": digest}
        batch.append([_db_value(values[name]) for name in columns])
        if len(batch) == 10_000 or n == rows - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            batch = []


def _db_value(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


if __name__ == "__main__":
    main()
