"""Issue 13 on the README's real path: the demo's audit log, written by `seed_demo` in its own process, is
checkpointed and verified by two more processes (other hash seeds), one chain per unit; the demo clerk's API
token reads the applications of the units the clerk works in and is told the others do not exist."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import requests

from .conftest import REQUEST_TIMEOUT, Portal

CHECKPOINT_SEED, VERIFY_SEED = 31, 32


def test_the_demo_audit_log_verifies_in_other_processes(portal: Portal):
    line = json.loads(portal.manage("audit_checkpoint", seed=CHECKPOINT_SEED))
    chains = {name.split("/")[0] for name in line["heads"]}
    assert {
        f"unit-{pk}" for pk in _unit_ids(portal)
    } <= chains  # each unit's applications: a chain of its own
    assert all(rows == seq for seq, _digest, rows in line["heads"].values())  # no chain has a gap
    assert (portal.workdir / "audit-checkpoints.jsonl").read_text().strip() == json.dumps(
        line, sort_keys=True
    )
    # Exits non-zero (and fails the test with its report) on any problem, checkpoint included.
    portal.manage("verify_audit", seed=VERIFY_SEED)


def test_the_clerks_token_reads_only_the_clerks_units(portal: Portal, api_token: str):
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        rows = db.execute(
            "SELECT a.id, u.code FROM records_application a"
            " JOIN records_territorialunit u ON u.id = a.unit_id"
        ).fetchall()
        clerk_units = {
            code
            for (code,) in db.execute(
                "SELECT u.code FROM records_unitmembership m"
                " JOIN records_territorialunit u ON u.id = m.unit_id JOIN auth_user s ON s.id = m.user_id"
                " WHERE s.username = 'office_clerk' AND m.ended_at IS NULL"
            )
        }
    elsewhere = {code for _id, code in rows} - clerk_units
    assert clerk_units and elsewhere, "the demo puts applications in the clerk's units and elsewhere"
    headers = {"Authorization": f"Bearer {api_token}"}
    answers = {
        pk: requests.get(
            f"{portal.base_url}/api/v1/applications/{pk}/", headers=headers, timeout=REQUEST_TIMEOUT
        ).status_code
        for pk, _code in rows
    }
    expected = {pk: 200 if code in clerk_units else 404 for pk, code in rows}
    assert answers == expected


def _unit_ids(portal: Portal) -> set[int]:
    """The units that handle the demo's applications."""
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        return {pk for (pk,) in db.execute("SELECT DISTINCT unit_id FROM records_application")}
