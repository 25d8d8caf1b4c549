"""Transitions with audit on PostgreSQL from concurrent clients: the single chain against one chain per unit.

Starts a throwaway PostgreSQL server (Debian's package; fsync on, as in production), then measures, side by
side in one run, each on a fresh database:

  before       the code before issue 13 (git ref ``--base-ref``, checked out in a temporary worktree): one
               chain, the audit row written first, so the chain lock is held while the certificate renders;
  single       this code with AUDIT_CHAIN_PARTITIONS=0: one chain, the row written last;
  partitioned  this code as configured by default: one chain per unit and year.

Each client is a process acting for its own unit: it registers, examines and issues veterinary certificates
(service 2; the last transition renders, stores and numbers the certificate PDF).  After each configuration
``audit_checkpoint`` and ``verify_audit`` run as separate processes and must be clean.

Usage: .venv/bin/python bench/bench_audit_concurrency.py [--clients 8] [--applications 25]   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
REPO = HERE.parent.parent
PORT = 54341


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--applications", type=int, default=25, help="applications per client")
    parser.add_argument("--base-ref", default="cc30c72", help="the commit measured as 'before'")
    parser.add_argument(
        "--run", nargs=3, metavar=("PROJECT", "DATABASE_URL", "PARTITIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.run:
        run_configuration(*args.run, clients=args.clients, per_client=args.applications)
        return
    with tempfile.TemporaryDirectory(prefix="bench-audit-pg-") as workdir, postgres(Path(workdir)) as server:
        base = Path(workdir) / "base"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(base), args.base_ref],
            check=True,
        )
        try:
            results = {}
            for name, project, partitions in (
                ("before", base, "0"),
                ("single", REPO, "0"),
                ("partitioned", REPO, "1"),
            ):
                results[name] = measure(server, name, project, partitions, args)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    rate = {name: result["transitions_per_second"] for name, result in results.items()}
    print(
        json.dumps(
            {
                "clients": args.clients,
                "cpus": os.cpu_count(),
                **results,
                "partitioned_vs_before": round(rate["partitioned"] / rate["before"], 2),
                "partitioned_vs_single": round(rate["partitioned"] / rate["single"], 2),
            },
            ensure_ascii=False,
        )
    )


class postgres:
    """A PostgreSQL server in ``workdir`` for the length of the block (fsync and synchronous commit on)."""

    def __init__(self, workdir: Path) -> None:
        self.bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.data = workdir / "data"
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.workdir = workdir

    def __enter__(self) -> postgres:
        if self.run_as:
            subprocess.run(["chown", "postgres:", str(self.workdir)], check=True)
        self._pg(
            "initdb", "-D", str(self.data), "-U", "portal", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        options = f"-p {PORT} -k {self.workdir} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.workdir / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )
        return self

    def __exit__(self, *exc) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)

    def create_database(self, name: str) -> str:
        self._pg("createdb", "-h", "127.0.0.1", "-p", str(PORT), "-U", "portal", name)
        return f"postgres://portal@127.0.0.1:{PORT}/{name}"

    def _pg(self, tool: str, *args: str, check: bool = True) -> None:
        command = [*self.run_as, str(self.bindir / tool), *args]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(server: postgres, name: str, project: Path, partitions: str, args) -> dict:
    url = server.create_database(f"bench_{name}")
    # Checkpoints belong to one database: each configuration keeps its own file.
    checkpoints = server.workdir / f"checkpoints-{name}.jsonl"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "AUDIT_CHAIN_PARTITIONS": partitions,
        "AUDIT_CHECKPOINT_PATH": str(checkpoints),
    }
    command = [
        sys.executable,
        str(HERE),
        "--clients",
        str(args.clients),
        "--applications",
        str(args.applications),
    ]
    out = subprocess.run(
        [*command, "--run", str(project), url, partitions],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    manage = [sys.executable, str(project / "manage.py")]
    checked_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "MEDIA_ROOT": result.pop("media_root"),
    }
    if (project / "records/management/commands/audit_checkpoint.py").exists():  # not in the code before
        subprocess.run([*manage, "audit_checkpoint"], env=checked_env, check=True, capture_output=True)
    verify = subprocess.run([*manage, "verify_audit"], env=checked_env, capture_output=True, text=True)
    result["verify_audit"] = "clean" if verify.returncode == 0 else verify.stdout[-500:]
    return result


# --- One configuration, in the project under test ----------------------------------------------------------


def run_configuration(
    project: str, database_url: str, partitions: str, *, clients: int, per_client: int
) -> None:
    sys.path.insert(0, project)
    os.chdir(project)
    media = tempfile.mkdtemp(prefix="bench-audit-media-")
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="0",
        SEARCH_OUTBOX_INLINE="0",  # as in production: the search worker indexes after commit
        MEDIA_ROOT=media,
        AUDIT_CHAIN_PARTITIONS=partitions,
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    plans = [prepare_client(n, per_client) for n in range(clients)]
    connections.close_all()  # each forked client opens its own connection
    began = time.perf_counter()
    children = []
    for plan in plans:
        pid = os.fork()
        if pid == 0:
            os._exit(run_client(plan, Path(media) / f"held-{os.getpid()}.json"))
        children.append(pid)
    failed = sum(os.waitpid(pid, 0)[1] != 0 for pid in children)
    seconds = time.perf_counter() - began
    transitions = 3 * clients * per_client
    held = [value for path in Path(media).glob("held-*.json") for value in json.loads(path.read_text())]
    held_ms = 1000 * sum(held) / len(held) if held else 0.0
    chains = clients if partitions == "1" else 1  # each client acts for a unit of its own
    print(
        json.dumps(
            {
                "transitions": transitions,
                "seconds": round(seconds, 2),
                "transitions_per_second": round(transitions / seconds, 1),
                "failed_clients": failed,
                # How long a transition holds its chain's lock (from taking it to commit), and the rate at
                # which the chains would saturate however many cores and web nodes there were.
                "chain_lock_held_ms_mean": round(held_ms, 2),
                "chains": chains,
                "chain_ceiling_per_second": round(chains * 1000 / held_ms) if held_ms else None,
                "media_root": media,
            }
        )
    )


def prepare_client(n: int, count: int) -> tuple[int, list[int]]:
    """A unit (when the code has units), its executor and ``count`` filed applications: (user id, app ids)."""
    import hashlib
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from catalogue.roles import Role, ensure_groups
    from records.identifiers import make_iin
    from records.services import file_application, get_or_create_applicant

    ensure_groups()
    user = get_user_model().objects.create_user(f"executor{n}", first_name="Орындаушы", last_name=f"№{n}")
    user.groups.add(Group.objects.get(name=Role.EXECUTOR.value))
    unit = join_unit(user, n)
    iin = next(
        number for serial in range(100) if (number := make_iin(date(1980, 1, 2), female=True, serial=serial))
    )
    applicant = get_or_create_applicant("individual", iin, "Бенчмарк Өтініш Беруші")
    document = [{"name": "өтініш.pdf", "sha256": hashlib.sha256(b"bench").hexdigest()}]
    data = {"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"}
    extra = {"unit": unit.code} if unit is not None else {}
    ids = [
        file_application(
            "vet_certificate",
            applicant=applicant,
            channel="office",
            data=data,
            documents=document,
            by=user,
            **extra,
        ).pk
        for _ in range(count)
    ]
    return user.pk, ids


def join_unit(user, n: int):
    """The unit the client acts for, on code that has units on applications (None on the code before)."""
    try:
        from records.units import TerritorialUnit, join
    except ImportError:
        return None
    from catalogue.roles import Role

    unit, _ = TerritorialUnit.objects.get_or_create(code=f"bench-{n}", defaults={"name": f"Бөлім {n}"})
    join(user, unit, Role.EXECUTOR)
    return unit


def run_client(plan: tuple[int, list[int]], held_file: Path) -> int:
    from django.contrib.auth import get_user_model

    from records.services import perform_transition

    held = time_chain_lock()
    user_id, ids = plan
    user = get_user_model().objects.get(pk=user_id)
    examine = {"identification_checked": True, "epizootic_situation": "Аудан бойынша тұрақты."}
    try:
        for app_id in ids:
            perform_transition(app_id, "register", user=user)
            perform_transition(app_id, "examine", user=user, data=examine)
            perform_transition(app_id, "issue_certificate", user=user)
    except Exception as error:  # noqa: BLE001 - the exit status reports it; the message helps whoever runs it
        print(f"client {user_id}: {error!r}", file=sys.stderr)
        return 1
    held_file.write_text(json.dumps(held))
    return 0


def time_chain_lock() -> list[float]:
    """Seconds each transaction held the audit chain's lock: from ``records.audit._lock_chain`` returning
    (the lock taken; the same function in the code before) to the commit."""
    from django.db import transaction

    from records import audit

    held: list[float] = []
    take = audit._lock_chain

    def timed(*args, **kwargs):
        take(*args, **kwargs)
        began = time.perf_counter()
        transaction.on_commit(lambda: held.append(time.perf_counter() - began))

    audit._lock_chain = timed
    return held


if __name__ == "__main__":
    main()
