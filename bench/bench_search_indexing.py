"""Bulk indexing from the database into the Elasticsearch-API server: documents per second of
``search_reindex`` (read the applications, describe them, Kazakh analysis, bulk requests) into an
osmem-server started here; the embedded backend's rate beside it.

The database (a temporary SQLite file) holds N applications: one filed through records.services, the rest
copies of it with their own numbers, applicants, dates and details (bulk-inserted: filing is not measured).
Usage: .venv/bin/python bench/bench_search_indexing.py [--applications 30000]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-search-indexing-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ["SEARCH_OUTBOX_INLINE"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.search_data import GIVEN, PLACES, SURNAMES, act_words  # noqa: E402
from catalogue.roles import Role, ensure_groups  # noqa: E402
from records.applicants import Applicant  # noqa: E402
from records.applications import Application  # noqa: E402
from records.identifiers import make_iin  # noqa: E402
from records.services import file_application, get_or_create_applicant  # noqa: E402
from records.units import TerritorialUnit, join  # noqa: E402
from search.backends import reset_backend  # noqa: E402
from search.indexing import object_count, rebuild  # noqa: E402
from search.testing import start_osmem  # noqa: E402


def _iins(count: int) -> list[str]:
    found, day, serial = [], date(1960, 1, 1), 1
    while len(found) < count:
        number = make_iin(day, female=serial % 2 == 0, serial=serial)
        if number:
            found.append(number)
        serial += 1
        if serial > 9000:
            day, serial = day + timedelta(days=1), 1
    return found


def populate(count: int) -> None:
    ensure_groups()
    clerk = get_user_model().objects.create_user("clerk", first_name="Clerk")
    clerk.groups.add(Group.objects.get(name=Role.OFFICE.value))
    join(
        clerk,
        TerritorialUnit.objects.get_or_create(code="bench", defaults={"name": "Бенчмарк"})[0],
        Role.OFFICE,
    )
    rng = random.Random(5)
    words = sorted(set(act_words()))
    applicants = Applicant.objects.bulk_create(
        Applicant(
            kind=Applicant.INDIVIDUAL, identifier=iin, name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
        )
        for iin in _iins(max(1, count // 10))
    )
    template = file_application(
        "vet_certificate",
        applicant=get_or_create_applicant("individual", _iins(1)[0], "Үлгі Өтініш Беруші"),
        channel="office",
        data={"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"},
        documents=[{"name": "өтініш.pdf", "sha256": "0" * 64}],
        by=clerk,
    )
    rows = []
    for n in range(1, count):
        app = Application.objects.get(pk=template.pk)
        app.pk = None
        app.registration_no = f"2025-2-{n:07d}"
        app.applicant = rng.choice(applicants)
        app.received_at = template.received_at - timedelta(hours=rng.randrange(0, 5 * 365 * 24))
        app.details = {
            "subject": "animal",
            "description": " ".join(rng.sample(words, 6)),
            "animal_number": f"KZ{n:09d}",
            "address": f"{rng.choice(PLACES)}, {rng.randrange(1, 99)}",
        }
        rows.append(app)
        if len(rows) == 5000:
            Application.objects.bulk_create(rows)
            rows = []
    Application.objects.bulk_create(rows)


def measure(index: str = "records") -> dict:
    objects = object_count(index)
    began = time.perf_counter()
    written = rebuild(index, batch=2000)
    seconds = time.perf_counter() - began
    return {
        "documents": written,
        "objects": objects,
        "seconds": round(seconds, 2),
        "documents_per_second": round(written / seconds),
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stages(server_pid: int, index: str = "records") -> dict:
    """Where the time goes: building the documents alone (database + analysis, no server) and the server
    taking the same prebuilt documents alone (bulk requests only).  A rebuild overlaps the two."""
    from search import registry
    from search.backends import get_backend

    began = time.perf_counter()
    docs = [
        doc
        for source in registry.sources(index)
        for chunk in _chunks(list(source.object_ids()), 2000)
        for group in source.build(chunk).values()
        for doc in group
    ]
    build = time.perf_counter() - began
    backend = get_backend()
    version = backend.create_version(index)
    began, cpu = time.perf_counter(), _cpu_seconds(server_pid)
    for chunk in _chunks(docs, 2000):
        backend.write(index, chunk, version=version)
    send = time.perf_counter() - began
    server_cpu = _cpu_seconds(server_pid) - cpu
    backend.client.indices.delete(index=version)  # the measuring copy; the rebuilt index stays
    return {
        "build_only_documents_per_second": round(len(docs) / build),
        "server_only_documents_per_second": round(len(docs) / send),
        # The server's own CPU per document (both cores count): what bounds the rate on this machine.
        "server_cpu_microseconds_per_document": round(server_cpu / len(docs) * 1e6),
    }


def _chunks(items: list, size: int):
    return (items[i : i + size] for i in range(0, len(items), size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=30_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    populate(args.applications)
    server = start_osmem()
    try:
        settings.ELASTICSEARCH_URL = server.url
        settings.SEARCH_ES_NODE_CLASS = "search.testing.PlainJsonNode"
        reset_backend()
        elastic = {**measure(), **stages(server.pid)}
    finally:
        server.close()
    settings.ELASTICSEARCH_URL = ""
    reset_backend()
    embedded = measure()
    print(
        json.dumps(
            {
                "benchmark": "search_indexing",
                "elasticsearch_api": {"server": "osmem-server (Elasticsearch API)", **elastic},
                "embedded_sqlite": embedded,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
