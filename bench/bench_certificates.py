"""Certificate rendering throughput on one core, with and without the caches, issuing (render + file +
registry row) per second, and the time to render a 100-page register.

Runs on a fresh temporary SQLite database and media folder unless BENCH_DATABASE_URL names another
(empty) database.  Usage: .venv/bin/python bench/bench_certificates.py [--docs 300]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-certificates-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{_tmp.name}/media"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure is stated

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from certificates import samples  # noqa: E402
from certificates.pdf import base, fonts, qr  # noqa: E402
from certificates.services import issue_document, render_pdf  # noqa: E402

ISSUED_AT = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)


def certificate_context(n: int) -> dict:
    name, iin = samples.holder_for("vet_certificate")
    return {
        "number": f"ВА-2026-{n:06d}",
        "holder_name": name,
        "holder_id": iin,
        "issuer": "Жамбыл облысы әкімдігінің ветеринария басқармасы",
        "issued_at": ISSUED_AT,
        "payload": samples.PAYLOADS["vet_certificate"],
        # A distinct address per document, so the QR cache never helps the cached figure.
        "verify_url": f"https://vet.example.kz/kk/verify/bench{n:017d}/",
    }


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def drop_caches() -> None:
    fonts.clear_cache()
    base._wrapped.cache_clear()
    qr.dark_runs.cache_clear()


def per_second(count: int, render_one) -> float:
    began = time.perf_counter()
    for n in range(count):
        render_one(n)
    return count / (time.perf_counter() - began)


def register_seconds(pages_wanted: int = 100) -> tuple[int, int, float]:
    """(rows, pages, seconds) for a register of exactly ``pages_wanted`` pages."""
    payload = dict(samples.PAYLOADS["issued_register"])

    def render(rows: int) -> bytes:
        payload["rows"] = samples.register_rows(rows)
        return render_pdf(
            "issued_register",
            {"number": "ТЗ-2026-000001", "issuer": "Басқарма", "issued_at": ISSUED_AT, "payload": payload},
        )

    # Pages grow with rows: bisect for the largest row count that still fits on the wanted pages.
    low, high = 1, 40 * pages_wanted
    while low < high:
        middle = (low + high + 1) // 2
        if page_count(render(middle)) <= pages_wanted:
            low = middle
        else:
            high = middle - 1
    rows = low
    payload["rows"] = samples.register_rows(rows)
    began = time.perf_counter()
    pdf = render(rows)
    return rows, page_count(pdf), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    drop_caches()
    began = time.perf_counter()
    first = render_pdf("vet_certificate", certificate_context(0))
    cold_ms = (time.perf_counter() - began) * 1000
    assert page_count(first) == 1

    cached = per_second(args.docs, lambda n: render_pdf("vet_certificate", certificate_context(n + 1)))

    def uncached(n: int) -> None:
        drop_caches()
        render_pdf("vet_certificate", certificate_context(n + 1))

    uncached_rate = per_second(max(args.docs // 5, 20), uncached)

    name, iin = samples.holder_for("vet_certificate")

    def issue(n: int) -> None:
        with transaction.atomic():
            issue_document(
                "vet_certificate",
                holder_name=name,
                holder_id=iin,
                payload=samples.PAYLOADS["vet_certificate"],
                issued_by=None,
            )

    issued = per_second(max(args.docs // 3, 50), issue)
    rows, pages, seconds = register_seconds()
    print(
        json.dumps(
            {
                "benchmark": "certificates",
                "cpu_cores_used": 1,
                "first_render_with_font_loading_ms": round(cold_ms, 1),
                "one_page_certificates_per_second": round(cached, 1),
                "one_page_certificates_per_second_without_caches": round(uncached_rate, 1),
                "issued_documents_per_second_with_file_and_row": round(issued, 1),
                "pdf_bytes_one_page": len(first),
                "register_rows": rows,
                "register_pages": pages,
                "register_seconds": round(seconds, 3),
                "targets": {"certificates_per_second": 50, "register_100_pages_seconds": 5},
                "targets_met": cached >= 50 and pages == 100 and seconds < 5,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
