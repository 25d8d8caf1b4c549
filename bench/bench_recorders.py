"""Body-camera recorders: the upload of a day's recordings and the printed journal.

* upload: 1 GiB of recordings (8 files) stored through ``upload_recordings`` (hash while copying, one pass,
  synced to disk, rows written) against ``sha256sum`` plus a plain ``cp`` of the same files on the same
  machine and filesystem; the target is at least 80% of that baseline's speed (ratio >= 0.8).
* journal_pdf: a book of 1,000 rows (with notes and corrections) rendered by ``journal_pdf``; target < 5 s.

Runs on a fresh temporary SQLite database and storage folder unless BENCH_DATABASE_URL names another (empty)
database.  Usage: .venv/bin/python bench/bench_recorders.py [--mib 1024] [--files 8] [--rows 1000]
[--rounds 3]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_tmp = tempfile.TemporaryDirectory(prefix="bench-recorders-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp.name}/bench.sqlite3"
os.environ["RECORDER_STORAGE_ROOT"] = f"{_tmp.name}/evidence"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from catalogue.roles import Role, ensure_groups  # noqa: E402
from records import clock  # noqa: E402
from records.recorders import services  # noqa: E402
from records.recorders.models import Correction, Equipment, JournalEntry, JournalNote, TerritorialUnit  # noqa: E402
from records.recorders.units import designate  # noqa: E402

MIB = 1024 * 1024
PAUSE_NOTE = "Тамақтануға үзіліс: 13:05–13:48 (уақыты бейнежазбада дыбысталды; жауапты адамға хабарланды)"


def _user(username: str, role: Role, first: str, last: str):
    user = get_user_model().objects.create_user(
        username, password=f"pw-{username}", first_name=first, last_name=last
    )
    user.groups.add(Group.objects.get(name=role.value))
    return get_user_model().objects.get(pk=user.pk)


def _setup():
    call_command("migrate", verbosity=0)
    ensure_groups()
    admin = get_user_model().objects.create_superuser("bench-admin", password="x")
    head = _user("head", Role.HEAD, "Қанат Өмірзақұлы", "Түгелбаев")
    rp = _user("rp", Role.RESPONSIBLE_PERSON, "Гүлнар Сәрсенқызы", "Ахметова")
    inspector = _user("insp", Role.INSPECTOR, "Ерлан Серікұлы", "Жақсыбеков")
    unit = TerritorialUnit.objects.create(name="Тараз қалалық аумақтық инспекциясы", code="bench")
    designate(unit, head, Role.HEAD, by=admin)
    designate(unit, rp, Role.RESPONSIBLE_PERSON, by=head)
    designate(unit, inspector, Role.INSPECTOR, by=head)
    book = services.create_book(unit, "1", by=rp)
    services.register_book(book, page_count=500, registration_number="К-1", by=rp)
    return unit, services.open_book(book, by=rp), rp, inspector


def _prepared(unit, rp, n: int) -> Equipment:
    recorder = services.register_device(unit, Equipment.Kind.RECORDER, by=rp)
    card = services.register_device(unit, Equipment.Kind.MEMORY_CARD, by=rp)
    recorder = services.assign_inventory_number(recorder, f"БТ-{n:05d}", by=rp)
    card = services.assign_inventory_number(card, f"ЖК-{n:05d}", by=rp)
    return services.install_card_and_seal(recorder, card, f"М-{n:05d}", by=rp)


def _make_files(folder: Path, total_mib: int, count: int) -> list[Path]:
    """``count`` distinct files of ``total_mib`` MiB in all (a random block, each chunk stamped uniquely)."""
    folder.mkdir(parents=True)
    block = bytearray(os.urandom(16 * MIB))
    per_file = total_mib * MIB // count
    paths = []
    for i in range(count):
        path = folder / f"REC_{i:04d}.MP4"
        with open(path, "wb") as out:
            written = 0
            while written < per_file:
                block[:16] = f"{i:08d}{written:08d}".encode()[-16:].ljust(16, b"-")
                piece = block[: min(len(block), per_file - written)]
                out.write(piece)
                written += len(piece)
        paths.append(path)
    return paths


def _timed(args: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def bench_upload(unit, rp, inspector, total_mib: int, count: int, rounds: int) -> dict:
    source = Path(_tmp.name) / "card"
    files = _make_files(source, total_mib, count)
    size = sum(p.stat().st_size for p in files)
    subprocess.run(["cat", *map(str, files)], check=True, stdout=subprocess.DEVNULL)  # warm the page cache
    sha, cp, ours = [], [], []
    for n in range(rounds):
        sha.append(_timed(["sha256sum", *map(str, files)]))
        target = Path(_tmp.name) / f"copy-{n}"
        target.mkdir()
        cp.append(_timed(["cp", *map(str, files), str(target)]))
        shutil.rmtree(target)
        entry = services.issue_recorder(
            unit,
            recorder=_prepared(unit, rp, 10_000 + n),
            inspector=inspector,
            by=rp,
            inspector_password="pw-insp",
            clock_set=True,
        )
        entry = services.return_equipment(entry, by=rp, inspector_password="pw-insp")
        if n:  # each round stores new content: a stored file would only be recognised, not copied
            files = _make_files(Path(_tmp.name) / f"card-{n}", total_mib, count)
        streams = [open(p, "rb") for p in files]  # noqa: SIM115
        try:
            incoming = [services.IncomingFile(p.name, s) for p, s in zip(files, streams, strict=True)]
            began = time.perf_counter()
            services.upload_recordings(entry, incoming, by=rp)
            ours.append(time.perf_counter() - began)
        finally:
            for stream in streams:
                stream.close()
        entry = services.verify_upload(entry, by=rp)
        services.clear_card(entry, by=rp)
        services.close_entry(entry, by=rp)
    baseline = statistics.median(sha) + statistics.median(cp)
    upload = statistics.median(ours)
    return {
        "bytes": size,
        "files": count,
        "rounds": rounds,
        "sha256sum_s": round(statistics.median(sha), 3),
        "cp_s": round(statistics.median(cp), 3),
        "baseline_s": round(baseline, 3),
        "baseline_mib_per_s": round(size / MIB / baseline, 1),
        "upload_s": round(upload, 3),
        "upload_mib_per_s": round(size / MIB / upload, 1),
        "ratio": round(baseline / upload, 3),
        "target_ratio": 0.8,
        "ok": baseline / upload >= 0.8,
    }


def _journal(unit, book, rp, inspector, rows: int) -> None:
    """``rows`` rows as a month of use leaves them: returned, uploaded, signed; a note on every third, a
    correction on every tenth.  Written in bulk (the transitions are measured by the other benchmarks)."""
    recorder, card = (
        Equipment.objects.filter(unit=unit, kind="recorder")[0],
        Equipment.objects.filter(unit=unit, kind="memory_card")[0],
    )
    start = clock.now() - timedelta(days=rows)
    entries = []
    for n in range(1, rows + 1):
        issued = start + timedelta(days=n)
        entries.append(
            JournalEntry(
                book=book,
                unit=unit,
                serial=1000 + n,
                recorder=recorder,
                card=card,
                inventory_numbers=f"БТ-{n:05d} / ЖК-{n:05d}",
                seal_number=f"М-{n:05d}",
                inspector=inspector,
                inspector_name="Ерлан Серікұлы Жақсыбеков",
                issued_at=issued,
                issue_signed_at=issued,
                issued_by=rp,
                clock_set_at=issued,
                return_due_at=issued + timedelta(hours=9),
                state="closed",
                returned_at=issued + timedelta(hours=9),
                return_signed_at=issued + timedelta(hours=9),
                received_back_by=rp,
                upload_due_at=issued + timedelta(days=1),
                uploaded_at=issued + timedelta(hours=10),
                uploaded_by=rp,
                upload_verified_at=issued + timedelta(hours=10),
                card_cleared_at=issued + timedelta(hours=10),
                signed_off_by=rp,
                signed_off_name="Гүлнар Сәрсенқызы Ахметова",
                signed_off_at=issued + timedelta(hours=10),
            )
        )
    JournalEntry.objects.bulk_create(entries, batch_size=500)
    saved = list(JournalEntry.objects.filter(book=book, serial__gt=1000).order_by("serial"))
    JournalNote.objects.bulk_create(
        [
            JournalNote(
                entry=e,
                kind="meal_pause",
                text=PAUSE_NOTE,
                written_at=e.returned_at,
                written_by=rp,
                written_by_name="Гүлнар Сәрсенқызы Ахметова",
            )
            for e in saved[::3]
        ]
    )
    Correction.objects.bulk_create(
        [
            Correction(
                entry=e,
                column=2,
                old_value=e.inventory_numbers,
                new_value=e.inventory_numbers.replace("ЖК", "ЖК-Т"),
                reason="Жад картасының нөмірі қате жазылған",
                corrected_at=e.returned_at,
                corrected_by=rp,
                corrected_by_name="Гүлнар Сәрсенқызы Ахметова",
            )
            for e in saved[::10]
        ]
    )


def bench_pdf(unit, book, rp, inspector, rows: int, rounds: int) -> dict:
    _journal(unit, book, rp, inspector, rows)
    total = book.entries.count()
    times, pdf = [], b""
    for _ in range(rounds):
        began = time.perf_counter()
        pdf = services.journal_pdf(book, by=rp)
        times.append(time.perf_counter() - began)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    seconds = statistics.median(times)
    return {
        "rows": total,
        "bytes": len(pdf),
        "pages": pages,
        "seconds": round(seconds, 3),
        "rows_per_s": round(total / seconds),
        "target_s": 5.0,
        "ok": seconds < 5.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=1024, help="MiB uploaded per round")
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    unit, book, rp, inspector = _setup()
    result = {
        "upload": bench_upload(unit, rp, inspector, args.mib, args.files, args.rounds),
        "journal_pdf": bench_pdf(unit, book, rp, inspector, args.rows, args.rounds),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
