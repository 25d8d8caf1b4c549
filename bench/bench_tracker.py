"""Public tracker lookups on a large table: 1,000,000 applications (with their audit rows) inserted in bulk
into a throwaway SQLite database, then the p50/p95/p99 time of a lookup by registration number + IIN/BIN,
through ``records.services.find_for_tracker`` and through the HTTP view (Django's test client: form,
lookup, timeline, template).  Also prints the query plan of the lookup (which index answers it).

Usage: .venv/bin/python bench/bench_tracker.py [--applications 1000000] [--lookups 2000] [--no-acts]
(prints JSON; BENCH_DATABASE_URL may name another, empty, database)
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.TemporaryDirectory(prefix="bench-tracker-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("LOG_LEVEL", "ERROR")  # no page-import chatter, no "Not Found" line per miss

import django  # noqa: E402

django.setup()
logging.getLogger("django.request").setLevel(logging.ERROR)  # a miss is a 404: not worth a line each

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from catalogue import SERVICES  # noqa: E402
from records.definitions import current_definition  # noqa: E402
from records.identifiers import make_iin  # noqa: E402
from records.services import find_for_tracker  # noqa: E402

BATCH = 20_000
STATES = [("submitted", "", 1), ("registered", "register", 2)]  # (state, last transition, audit rows)


def _identifiers(count: int) -> list[str]:
    found, day = [], date(1950, 1, 1)
    while len(found) < count:
        for serial in range(200):
            number = make_iin(day, female=serial % 2 == 1, serial=serial)
            if number:
                found.append(number)
        day += timedelta(days=1)
    return found[:count]


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def _insert(sql: str, rows) -> None:
    raw = connection.connection
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            raw.executemany(sql, batch)
            batch.clear()
    if batch:
        raw.executemany(sql, batch)


def populate(applications: int, rng: random.Random) -> list[tuple[str, str]]:
    """Insert the applicants, applications and audit rows; returns (number, IIN) of every application."""
    identifiers = _identifiers(max(1, applications // 4))
    definitions = {code: current_definition(code).pk for code in SERVICES}
    seqs = {code: info.document_seq for code, info in SERVICES.items()}
    codes = list(SERVICES)
    start = datetime(2021, 1, 4, 4, 0, tzinfo=UTC)
    connection.ensure_connection()
    with transaction.atomic():
        _insert(
            "INSERT INTO records_applicant (id, kind, identifier, name, address, phone, email, created_at) "
            "VALUES (?, 'individual', ?, ?, '', '', '', ?)",
            ((i + 1, number, f"Өтініш беруші {i}", _stamp(start)) for i, number in enumerate(identifiers)),
        )
    pairs, counters = [], {}
    app_rows, log_rows, seq = [], [], 0
    app_sql = (
        "INSERT INTO records_application (id, service, subcase, state, channel, registration_no, "
        "representative_name, representative_iin, power_of_attorney_no, received_at, registered_at, "
        "resolution_text, documents, details, refusal_reason, refusal_ground, portal_refusal, decision, "
        "result_number, state_entered_at, step_code, due_at, applicant_id, definition_id) VALUES "
        "(?, ?, '', ?, 'office', ?, '', '', '', ?, ?, '', '[]', '{}', '', '', '', '', '', ?, ?, ?, ?, ?)"
    )
    log_sql = (
        "INSERT INTO records_transitionlog (seq, record_type, record_id, transition, from_state, to_state, "
        "actor_name, at, reason, attachments, data, prev_hash, row_hash) VALUES "
        "(?, 'records.application', ?, ?, ?, ?, 'Бенчмарк', ?, '', '[]', ?, ?, ?)"
    )
    for app_id in range(1, applications + 1):
        code = codes[app_id % len(codes)]
        received = start + timedelta(minutes=app_id * 2)  # ~4 years of applications
        year = received.year
        counters[year] = counters.get(year, 0) + 1
        number = f"{year}-{seqs[code]}-{counters[year]:06d}"
        applicant = rng.randrange(len(identifiers))
        state, last, rows = STATES[app_id % len(STATES)]
        due = received + timedelta(days=1)
        registered = _stamp(received + timedelta(minutes=20)) if rows > 1 else None
        app_rows.append(
            (
                app_id,
                code,
                state,
                number,
                _stamp(received),
                registered,
                _stamp(received),
                "",
                _stamp(due),
                applicant + 1,
                definitions[code],
            )
        )
        history = [("file", "", "submitted")] + ([(last, "submitted", state)] if rows > 1 else [])
        for transition, source, target in history:
            seq += 1
            digest = hashlib.sha256(str(seq).encode()).hexdigest()
            data = json.dumps({"input": {}, "step": "", "due_at": due.isoformat()})
            log_rows.append(
                (seq, str(app_id), transition, source, target, _stamp(received), data, "0" * 64, digest)
            )
        pairs.append((number, identifiers[applicant]))
        if len(app_rows) >= BATCH:
            _flush(app_sql, app_rows, log_sql, log_rows)
    _flush(app_sql, app_rows, log_sql, log_rows)
    return pairs


def _flush(app_sql, app_rows, log_sql, log_rows) -> None:
    with transaction.atomic():
        _insert(app_sql, app_rows)
        _insert(log_sql, log_rows)
    app_rows.clear()
    log_rows.clear()


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100)
    return {
        "p50_ms": round(cut[49] * 1000, 3),
        "p95_ms": round(cut[94] * 1000, 3),
        "p99_ms": round(cut[98] * 1000, 3),
    }


def lookup_plan(number: str, identifier: str) -> list[str]:
    from records.applications import Application

    query = Application.objects.select_related("applicant").filter(
        registration_no=number, applicant__identifier=identifier
    )[:1]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--no-acts", action="store_true", help="skip importing the regulations (no point links)"
    )
    args = parser.parse_args()
    rng = random.Random(7)
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.no_acts:
        from portal.publishing import import_act_file

        import_act_file(ROOT / "portal" / "fixtures" / "acts" / "003_b299304cea067258.txt")
    setup_seconds = time.perf_counter() - began
    began = time.perf_counter()
    pairs = populate(args.applications, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    insert_seconds = time.perf_counter() - began

    settings.RECORDS_TRACKER_RATE = (10**9, 60)  # measure the view, not the limiter
    # The million generated pairs are the benchmark's, not the server's: keep the collector off them.
    gc.collect()
    gc.freeze()
    hits = rng.sample(pairs, min(args.lookups, len(pairs)))
    # A real number with somebody else's IIN: what an enumerator would try.
    misses = [
        (number, other)
        for (number, iin), (_n, other) in zip(
            rng.sample(pairs, len(hits) // 4), rng.sample(pairs, len(hits) // 4), strict=True
        )
        if other != iin
    ]
    client = Client()
    for number, identifier in pairs[:20]:  # warm up: templates compiled, connections and caches filled
        find_for_tracker(number, identifier)
        client.post("/kk/track/", {"registration_no": number, "identifier": identifier})
    direct, found = [], 0
    for number, identifier in hits + misses:
        t0 = time.perf_counter()
        app = find_for_tracker(number, identifier)
        direct.append(time.perf_counter() - t0)
        found += app is not None

    view, statuses = [], {}
    for number, identifier in hits[: max(1, args.lookups // 4)] + misses[: max(1, args.lookups // 16)]:
        t0 = time.perf_counter()
        response = client.post("/kk/track/", {"registration_no": number, "identifier": identifier})
        view.append(time.perf_counter() - t0)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "applications": args.applications,
                "applicants": len({iin for _n, iin in pairs}),
                "audit_rows": sum(rows for _s, _t, rows in STATES) * args.applications // len(STATES),
                "insert_seconds": round(insert_seconds, 1),
                "setup_seconds": round(setup_seconds, 1),
                "find_for_tracker": {
                    "lookups": len(direct),
                    "found": found,
                    "misses": len(misses),
                    **percentiles(direct),
                },
                "http_view": {"requests": len(view), "statuses": statuses, **percentiles(view)},
                "target_p95_ms": 20,
                "lookup_plan": lookup_plan(*hits[0]),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
