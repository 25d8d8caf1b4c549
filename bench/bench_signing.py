"""Signed against unsigned one-page veterinary certificates, side by side in one run on one core (issue 16:
signed at least 50% of the unsigned rate).

Two figures, each in alternating rounds so that a busy machine slows both alike: documents drawn (render
only, and render + PAdES-B-LT signature with its timestamp and embedded validation data) and documents
issued (`issue_document`: number, render, [sign], store, register).  Signing uses a throwaway test PKI in a
temporary folder and the in-process TSA of the demo (`make run` has no TSA server; docs/decisions.md).

Runs on a fresh temporary SQLite database.  Usage: .venv/bin/python bench/bench_signing.py [--docs 60]
(prints JSON)
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
_tmp = tempfile.TemporaryDirectory(prefix="bench-signing-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{_tmp.name}/media"
os.environ["CERTIFICATES_TEST_PKI"] = f"{_tmp.name}/test_pki"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure is stated

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from certificates import layouts, samples, signature_check, signing, testpki  # noqa: E402
from certificates.pdf import base  # noqa: E402
from certificates.services import issue_document  # noqa: E402

NAME, IIN = samples.holder_for("vet_certificate")
DTYPE = layouts.get("vet_certificate")


def context(n: int, *, signed: bool) -> base.Context:
    block = None
    if signed:
        key = signing.key_for("service")
        block = base.SignatureBlock("Бенчмарк", "Мөр", timezone.now(), key.serial, key.issuer, key.test_pki)
    return base.Context(
        number=f"ВА-2026-{n:06d}",
        holder_name=NAME,
        holder_id=IIN,
        issuer="Жамбыл облысы әкімдігінің ветеринария басқармасы",
        issued_at=timezone.now(),
        payload=samples.PAYLOADS["vet_certificate"],
        verify_url=f"https://vet.example.kz/kk/verify/bench{n:017d}/",
        esign=block,
    )


def draw_unsigned(n: int) -> bytes:
    return base.render(DTYPE, context(n, signed=False))


def draw_signed(n: int) -> bytes:
    pdf, (page, box) = base.draw(DTYPE, context(n, signed=True))
    return signing.sign(pdf, signing.key_for("service"), page=page, box=box)


def issue(n: int) -> None:
    with transaction.atomic():
        issue_document(
            "vet_certificate",
            holder_name=NAME,
            holder_id=IIN,
            payload=samples.PAYLOADS["vet_certificate"],
            issued_by=None,
        )


def issue_unsigned(n: int) -> None:
    with override_settings(CERTIFICATES_SIGNING_KEYS={}):
        issue(n)


def side_by_side(docs: int, rounds: int, unsigned, signed) -> tuple[float, float]:
    """Documents per second of each, measured in alternating rounds of docs/rounds."""
    spent = {"unsigned": 0.0, "signed": 0.0}
    per_round = max(docs // rounds, 1)
    n = 0
    for _ in range(rounds):
        for label, work in (("unsigned", unsigned), ("signed", signed)):
            began = time.perf_counter()
            for _ in range(per_round):
                n += 1
                work(n)
            spent[label] += time.perf_counter() - began
    total = per_round * rounds
    return total / spent["unsigned"], total / spent["signed"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=60, help="documents of each kind per figure")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    testpki.ensure(os.environ["CERTIFICATES_TEST_PKI"])
    began = time.perf_counter()
    sample = draw_signed(0)  # loads keys, chains and revocation data once
    warm_ms = (time.perf_counter() - began) * 1000
    report = signature_check.check_pdf(sample)
    assert report.valid, report.detail
    draw_unsigned(0)
    drawn = side_by_side(args.docs, args.rounds, draw_unsigned, draw_signed)
    issued = side_by_side(args.docs, args.rounds, issue_unsigned, issue)
    print(
        json.dumps(
            {
                "benchmark": "signing",
                "cpu_cores_used": 1,
                "first_signature_with_key_and_chain_loading_ms": round(warm_ms, 1),
                "drawn_unsigned_per_second": round(drawn[0], 1),
                "drawn_signed_per_second": round(drawn[1], 1),
                "drawn_signed_share_of_unsigned": round(drawn[1] / drawn[0], 2),
                "issued_unsigned_per_second": round(issued[0], 1),
                "issued_signed_per_second": round(issued[1], 1),
                "issued_signed_share_of_unsigned": round(issued[1] / issued[0], 2),
                "signed_pdf_bytes": len(sample),
                "unsigned_pdf_bytes": len(draw_unsigned(0)),
                "target_signed_share": 0.5,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
