"""`import_plone` over a generated export: items per second, first run and re-run, and peak memory.

Generates N items as collective.exportimport writes them (one JSON array, one folder per 100 items,
documents with a resolveuid link to their neighbour, 10 % files in base64), then runs `manage.py
import_plone` twice in separate processes on a throwaway SQLite database (migrated here), reading each
process's peak resident memory and CPU time (user + system: on a shared machine the wall time also counts
the other processes' turns).  The export is written item by item, so 50,000 items take no more memory.

Usage: .venv/bin/python bench/bench_plone_import.py [--items 50000] [--batch-size 200]   (prints JSON)
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "http://localhost:8080"
PDF = base64.b64encode(b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n").decode()
SITE = {"@id": f"{HOST}/Plone", "@type": "Plone Site", "title": "Plone"}


def _uid(n: int) -> str:
    return f"{n:032x}"


def _item(n: int) -> dict:
    folder = n - n % 100  # item 0, 100, 200 … is a folder holding the next 99
    if n == folder:
        path, parent = f"/Plone/f{n}", SITE
        kind, extra = "Folder", {}
    else:
        path = f"/Plone/f{folder}/i{n}"
        parent = {"@id": f"{HOST}/Plone/f{folder}", "@type": "Folder", "UID": _uid(folder)}
        if n % 10 == 5:
            kind = "File"
            extra = {
                "file": {
                    "data": PDF,
                    "encoding": "base64",
                    "filename": f"f{n}.pdf",
                    "content-type": "application/pdf",
                }
            }
        else:
            kind = "Document"
            html = f'<p>Мәтін {n}. <a href="resolveuid/{_uid(n - 1)}">алдыңғы</a></p>' * 3
            extra = {"text": {"data": html, "content-type": "text/html", "encoding": "utf-8"}}
    return {
        "@id": HOST + path, "@type": kind, "UID": _uid(n), "id": path.rsplit("/", 1)[-1],
        "title": f"Элемент {n}",
        "description": "", "language": "kk", "created": "2019/01/02 10:00:00 GMT+6",
        "modified": "2020-01-02T10:00:00+06:00", "effective": "2019-01-03T10:00:00+06:00", "expires": None,
        "creators": ["editor1"], "subjects": [], "review_state": "published" if n % 7 else "private",
        "parent": parent, "workflow_history": {"simple_publication_workflow": [
            {"action": None, "actor": "editor1", "comments": "", "review_state": "private",
             "time": "2019-01-02T04:00:00+00:00"}]},
        **extra,
    }  # fmt: skip


def generate(path: Path, count: int) -> None:
    with (path / "Plone.json").open("w", encoding="utf-8") as out:
        out.write("[")
        for n in range(count):
            out.write(("," if n else "") + json.dumps(_item(n), ensure_ascii=False))
        out.write("]")


def run(workdir: Path, *args: str) -> tuple[float, int, float, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.dev", LOG_LEVEL="WARNING",
               DATABASE_URL=f"sqlite:///{workdir / 'bench.db'}", MEDIA_ROOT=str(workdir / "media"),
               SEARCH_OUTBOX_INLINE="0")  # fmt: skip
    wrapper = (
        "import resource, runpy, sys; sys.argv = ['manage.py'] + sys.argv[1:];"
        "code = 0\ntry:\n    runpy.run_path('manage.py', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code or 0\n"
        "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print('PEAK_KB', usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
        "sys.exit(code)"
    )
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"{args[0]} exited {done.returncode}:\n{done.stderr[-3000:]}\n{done.stdout[-2000:]}")
    usage = next(line.split() for line in done.stderr.splitlines() if line.startswith("PEAK_KB"))
    return seconds, int(usage[1]), float(usage[2]), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=200)
    arguments = parser.parse_args()
    count = arguments.items
    workdir = Path(tempfile.mkdtemp(prefix="bench-plone-"))
    export = workdir / "export"
    export.mkdir()
    generate(export, count)
    run(workdir, "migrate", "--no-input", "-v", "0")
    result = {"items": count, "export_mb": round((export / "Plone.json").stat().st_size / 2**20, 1)}
    for name in ("first", "rerun"):
        seconds, peak_kb, cpu, stdout = run(
            workdir, "import_plone", str(export), "--no-progress", "--batch-size", str(arguments.batch_size)
        )
        result[name] = {
            "seconds": round(seconds, 1),
            "items_per_s": round(count / seconds, 1),
            "cpu_seconds": round(cpu, 1),
            "items_per_cpu_s": round(count / cpu, 1),
            "peak_mb": round(peak_kb / 1024, 1),
            "summary": stdout.strip().splitlines()[-1],
        }
    shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
