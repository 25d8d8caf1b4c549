"""The limits hold across workers: a real gunicorn with two workers, on the database cache (the demo) and on
Redis (production), answers exactly the configured number of look-ups per client and 429 after; django-axes
locks out an address spraying passwords across accounts and an account tried from many addresses.

Each server runs in its own processes on a temporary SQLite database prepared by `manage.py migrate` and
`createcachetable`, as `make demo` does; the gunicorn access log names the worker that answered, so the tests
also check that both workers took part.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.certificates import shared_limits_settings as limits

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
SETTINGS = "tests.certificates.shared_limits_settings"
WORKERS = 2
CLIENTS = 4  # concurrent requests: the workers count the same client at the same time
START_TIMEOUT = 60
TIMEOUT = 30
WARDEN, INSPECTOR, PASSWORD = "warden", "inspector", "correct-horse-battery-staple"
AXES_LIMIT = 5  # AXES_FAILURE_LIMIT in portal.settings.base
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORKER_PID = re.compile(r"^worker=<?(\d+)>? status=(\d+)$", re.MULTILINE)
FOREIGN_ENV = ("REDIS_URL", "ELASTICSEARCH_URL", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _manage(workdir: Path, *args: str, **extra: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(workdir, **extra),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A migrated database with its cache table and two staff accounts."""
    path = tmp_path_factory.mktemp("shared_limits")
    _manage(path, "migrate", "--noinput", "-v", "0")
    _manage(path, "createcachetable")
    for username in (WARDEN, INSPECTOR):
        _manage(
            path,
            *("createsuperuser", "--noinput", "--username", username, "--email", f"{username}@example.kz"),
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
    return path


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: `make setup` installs Debian's redis-server")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _wait_for_port(port: int, process: subprocess.Popen, log: Path | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:] if log else "exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listens on port {port} after {START_TIMEOUT} s")


@dataclass
class Server:
    base_url: str
    log: Path

    def workers_by_status(self) -> dict[int, set[str]]:
        """Which worker processes gave each status, from the access log."""
        seen: dict[int, set[str]] = {}
        for pid, status in WORKER_PID.findall(self.log.read_text()):
            seen.setdefault(int(status), set()).add(pid)
        return seen


@contextmanager
def gunicorn(workdir: Path, max_requests: int = 0, **extra: str) -> Iterator[Server]:
    """A real gunicorn; with ``max_requests`` each worker is replaced by a new process after that many."""
    port = _free_port()
    log = workdir / f"gunicorn-{port}.log"
    command = [
        str(GUNICORN),
        "portal.wsgi",
        *("-w", str(WORKERS), "-b", f"127.0.0.1:{port}"),
        *("--access-logfile", "-", "--access-logformat", "worker=%(p)s status=%(s)s"),
        "--no-control-socket",  # one socket per user by default: tests running side by side would collide
        *(("--max-requests", str(max_requests)) if max_requests else ()),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=_env(workdir, **extra), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_port(port, process, log)
        yield Server(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        process.wait(30)


class FromAddress(HTTPAdapter):
    """Connects from another loopback address (all of 127.0.0.0/8 is local): another client to the server."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address: str = "127.0.0.1") -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def _form_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=TIMEOUT)
    assert page.status_code == 200, page.status_code
    return CSRF.search(page.text).group(1)


def _burst(server: Server) -> tuple[Counter, Counter]:
    """60 tracker look-ups and 100 verification look-ups from one client, CLIENTS at a time."""
    session = client()
    tracker = f"{server.base_url}/kk/track/"
    token = _form_token(session, tracker)
    cookies = session.cookies.get_dict()
    form = {"csrfmiddlewaretoken": token, "registration_no": "2025-1-999999", "identifier": "990101300123"}

    def track(_: int) -> int:
        return requests.post(tracker, data=form, cookies=cookies, timeout=TIMEOUT).status_code

    def verify(_: int) -> int:
        return requests.get(f"{server.base_url}/kk/verify/no-such-code-123456/", timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        tracked = Counter(pool.map(track, range(60)))
        verified = Counter(pool.map(verify, range(100)))
    return tracked, verified


def _assert_limits_hold(server: Server) -> None:
    tracked, verified = _burst(server)
    assert tracked == {404: limits.RECORDS_TRACKER_RATE[0], 429: 60 - limits.RECORDS_TRACKER_RATE[0]}
    assert verified == {404: limits.CERTIFICATE_VERIFY_RATE[0], 429: 100 - limits.CERTIFICATE_VERIFY_RATE[0]}
    # Both workers answered and both refused: the count is one for the server, not one per worker.
    by_status = server.workers_by_status()
    assert len(by_status[404] | by_status[429]) == WORKERS and len(by_status[429]) == WORKERS


def test_two_workers_share_the_limits_on_the_database_cache(workdir):
    with gunicorn(workdir) as server:
        _assert_limits_hold(server)


def test_two_workers_share_the_limits_on_redis(workdir, redis_url):
    with gunicorn(workdir, REDIS_URL=redis_url) as server:
        _assert_limits_hold(server)


def _log_in(server: Server, address: str, username: str, password: str) -> int:
    session = client(address)
    login = f"{server.base_url}/admin/login/"
    form = {"csrfmiddlewaretoken": _form_token(session, login), "username": username, "password": password}
    return session.post(login, data=form, allow_redirects=False, timeout=TIMEOUT).status_code


def test_logins_are_locked_per_address_and_per_account_across_workers(workdir):
    # One attempt after another may all land on one worker; workers replaced after every two requests make
    # the attempts cross processes for sure, so the lockout must live outside any one of them.
    with gunicorn(workdir, max_requests=2) as server:
        # Password spraying: one wrong password for each of many accounts, all from one address.
        sprayed = [_log_in(server, "127.0.0.2", f"officer-{n}", "Spring2026!") for n in range(AXES_LIMIT + 2)]
        assert sprayed == [200] * (AXES_LIMIT - 1) + [429] * 3
        assert _log_in(server, "127.0.0.2", WARDEN, PASSWORD) == 429  # even the right password
        assert _log_in(server, "127.0.0.3", WARDEN, PASSWORD) == 302  # another address logs in

        # Guessing one account's password from many addresses, one try each.
        guessed = [_log_in(server, f"127.0.0.{10 + n}", INSPECTOR, f"guess-{n}") for n in range(AXES_LIMIT)]
        assert guessed == [200] * (AXES_LIMIT - 1) + [429]
        assert _log_in(server, "127.0.0.30", INSPECTOR, PASSWORD) == 429
        assert _log_in(server, "127.0.0.31", "officer-9", "still-wrong") == 200  # other accounts are not
        assert len(set().union(*server.workers_by_status().values())) > WORKERS
