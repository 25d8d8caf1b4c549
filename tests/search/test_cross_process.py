"""The index is written by one process and read by another, as on the README's path: `import_act`,
`seed_demo` and the web server are separate processes, each with its own hash seed.  The doc values' layout
must not depend on the seed (it once did: the server read record-type codes as years and crashed on facets).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PROBE = Path(__file__).with_name("cross_process_probe.py")


def _env(tmp: Path, seed: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PYTHONHASHSEED": str(seed),
        "LOG_LEVEL": "WARNING",
    }


def _run(tmp: Path, seed: int, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=_env(tmp, seed), capture_output=True, text=True, timeout=600
    )
    if check and done.returncode:
        output = f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        pytest.fail(f"{' '.join(args)} exited {done.returncode}:\n{output}")
    return done


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """A database whose indexes were written by three processes with three different hash seeds."""
    tmp = tmp_path_factory.mktemp("cross_process")
    _run(tmp, 101, "manage.py", "migrate", "--noinput", "-v", "0")
    _run(tmp, 102, "manage.py", "import_act", "portal/fixtures/acts/003_b299304cea067258.txt")
    _run(tmp, 103, "manage.py", "seed_demo", "--applications", "25", "--quiet-users")
    return tmp


@pytest.mark.parametrize("seed", [7, 2024])
def test_another_process_reads_what_was_written(written, seed):
    report = json.loads(_run(written, seed, str(PROBE)).stdout)
    for index in ("points", "records"):
        truth, answer = report[index]["expected"], report[index]["answered"]
        assert truth["total"] > 0, index
        assert answer == truth, index


def test_search_check_compares_the_doc_values_with_the_rows(written):
    done = _run(written, 5, "manage.py", "search_check")
    assert "no differences" in done.stdout
    # Corrupt one column of one block behind the backend's back: the check must see it.
    db = sqlite3.connect(written / "db.sqlite3")
    table = db.execute("SELECT \"table\" FROM search_indexalias WHERE name = 'vet-records'").fetchone()[0]
    block, data = db.execute(f"SELECT block, data FROM {table}_values ORDER BY block LIMIT 1").fetchone()
    layout = json.loads(db.execute(f"SELECT layout FROM {table}_layout").fetchone()[0])
    tampered = _swap_two_columns(bytes(data), layout)
    db.execute(f"UPDATE {table}_values SET data = ?, token = token + 1 WHERE block = ?", (tampered, block))
    db.commit()
    try:
        done = _run(written, 6, "manage.py", "search_check", check=False)
        assert done.returncode == 1
        assert "doc values differ from the rows" in done.stdout
    finally:
        db.execute(f"UPDATE {table}_values SET data = ?, token = token + 1 WHERE block = ?", (data, block))
        db.commit()
        db.close()


def test_a_layout_it_does_not_know_is_refused_loudly_and_rows_answer(written):
    db = sqlite3.connect(written / "db.sqlite3")
    table = db.execute("SELECT \"table\" FROM search_indexalias WHERE name = 'vet-records'").fetchone()[0]
    (stored,) = db.execute(f"SELECT layout FROM {table}_layout").fetchone()
    layout = json.loads(stored)
    layout["keywords"] = list(reversed(layout["keywords"]))  # what another hash seed once wrote
    db.execute(f"UPDATE {table}_layout SET layout = ?", (json.dumps(layout),))
    db.commit()
    try:
        check = _run(written, 8, "manage.py", "search_check", check=False)
        assert check.returncode == 1
        assert "run search_reindex records" in check.stdout
        probe = _run(written, 9, str(PROBE))
        report = json.loads(probe.stdout)
        assert report["records"]["answered"] == report["records"]["expected"]  # from the rows
        assert "answering from rows until search_reindex" in probe.stderr
    finally:
        db.execute(f"UPDATE {table}_layout SET layout = ?", (stored,))
        db.commit()
        db.close()


def _swap_two_columns(data: bytes, layout: dict) -> bytes:
    """The block with its first two keyword columns exchanged (what a wrong layout reads)."""
    import numpy as np

    from search.backends.docvalues import Layout

    dtype = Layout(tuple(layout["keywords"]), tuple(layout["dates"])).dtype
    block = np.frombuffer(data, dtype).copy()
    first, second = layout["keywords"][:2]
    block[first], block[second] = block[second].copy(), block[first].copy()
    return block.tobytes()
