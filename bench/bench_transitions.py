"""Application transitions per second: ``records.services.perform_transition`` end to end (lock, role, form,
guards, django-fsm, deadline from the service definition, save, audit row), one transaction each.

Runs on a fresh temporary SQLite database unless BENCH_DATABASE_URL names another (empty) one.
Usage: .venv/bin/python bench/bench_transitions.py [--applications 300] [--rounds 5]   (prints JSON)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-transitions-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log kept
# As in production: the transition queues its index change and the search worker delivers it after commit
# (the demo settings index inline, which measures the search backend, not the transition).
os.environ.setdefault("SEARCH_OUTBOX_INLINE", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from catalogue.roles import Role, ensure_groups  # noqa: E402
from records.audit_verify import check_chain  # noqa: E402
from records.identifiers import make_iin  # noqa: E402
from records.services import file_application, get_or_create_applicant, perform_transition  # noqa: E402
from records.units import TerritorialUnit, join  # noqa: E402


def _user(username: str, role: Role):
    user = get_user_model().objects.create_user(username, first_name=username)
    user.groups.add(Group.objects.get(name=role.value))
    unit, _ = TerritorialUnit.objects.get_or_create(code="bench", defaults={"name": "Бенчмарк бөлімі"})
    join(user, unit, role)  # staff act for the unit that handles the applications
    return get_user_model().objects.get(pk=user.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=300, help="applications per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_groups()
    clerk, head, executor = (
        _user("clerk", Role.OFFICE),
        _user("head", Role.HEAD),
        _user("executor", Role.EXECUTOR),
    )
    iin = next(n for s in range(100) if (n := make_iin(date(1980, 1, 2), female=True, serial=s)))
    applicant = get_or_create_applicant("individual", iin, "Бенчмарк Өтініш Беруші")
    document = [{"name": "өтініш.pdf", "sha256": hashlib.sha256(b"bench").hexdigest()}]
    data = {"object_name": "Цех", "object_address": "Тараз"}
    assign = {"executor": executor.pk, "resolution_text": "Орындауға."}
    rates, filing_rates = [], []
    for _round in range(args.rounds):
        began = time.perf_counter()
        ids = [
            file_application(
                "vet_sanitary_conclusion",
                applicant=applicant,
                channel="office",
                data=data,
                documents=document,
                by=clerk,
            ).pk
            for _ in range(args.applications)
        ]
        filing_rates.append(args.applications / (time.perf_counter() - began))
        # Two timed transitions per application: register (no data) and assign (a form with a user lookup).
        began = time.perf_counter()
        for app_id in ids:
            perform_transition(app_id, "register", user=clerk)
            perform_transition(app_id, "assign", user=head, data=assign)
        rates.append(2 * args.applications / (time.perf_counter() - began))
    count, problems = check_chain()
    vendor = connection.vendor
    print(
        json.dumps(
            {
                "database": vendor,
                "transitions": 2 * args.applications * args.rounds,
                # best round, as timeit reports: the other rounds measure what else the machine was doing
                f"transitions_per_second_{vendor}": round(max(rates)),
                f"transitions_per_second_{vendor}_median": round(statistics.median(rates)),
                "filings_per_second": round(statistics.median(filing_rates)),
                "audit_rows": count,
                "audit_problems": len(problems),
            }
        )
    )


if __name__ == "__main__":
    main()
