"""`manage.py import_plone` as it runs: separate processes on a file database, twice (the second run
finds every item unchanged)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import SITE

ROOT = Path(__file__).resolve().parents[3]
FOREIGN_ENV = ("ELASTICSEARCH_URL", "DEBUG", "SEARCH_OUTBOX_INLINE", "SEARCH_INDEX_PREFIX", "DATABASE_URL")


def _manage(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        RECORDER_STORAGE_ROOT=str(workdir / "evidence"),
        AUDIT_CHECKPOINT_PATH=str(workdir / "audit-checkpoints.jsonl"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def test_two_runs_in_their_own_processes(tmp_path):
    migrated = _manage(tmp_path, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    reports = []
    for run in (1, 2):
        report = tmp_path / f"report-{run}.json"
        done = _manage(
            tmp_path, "import_plone", str(SITE), "--report", str(report), "--checkpoint", str(tmp_path / "c")
        )
        assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
        assert " items" in done.stderr  # tqdm's progress bar goes to stderr, the summary to stdout
        reports.append(json.loads(report.read_text(encoding="utf-8")))
    assert reports[0]["counts"] == {"created": 9, "updated": 0, "skipped": 0, "failed": 0}
    assert reports[1]["counts"] == {"created": 0, "updated": 0, "skipped": 9, "failed": 0}
    assert "created 0, updated 0, skipped 9, failed 0" in done.stdout
    files = sorted(p.name for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert files == ["buiryq.pdf", "logo.png", "reglament.pdf"]  # the second run stored no copy
