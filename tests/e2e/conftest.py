"""The README's real path, end to end: the set-up steps of `make run` in a temporary directory, each a
separate process, then a real server answering real HTTP requests.

Every process gets its own PYTHONHASHSEED on purpose: what one process writes (doc values, outbox, caches)
must be readable by another whose string hashes differ, as on a real machine where `make run` runs the
commands one after another. In-process tests share one hash seed and cannot see that class of bug.

The set-up is expensive (migrate, two acts, demo data): it runs once per session, and only when an e2e test
is selected.
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
ACTS = ROOT / "portal" / "fixtures" / "acts"
ACT_FILES = ("000_04a4b0dd9774c7c6.txt", "003_b299304cea067258.txt")
DEMO_APPLICATIONS = "40"  # instead of 300: the same kinds of records, a fraction of the time
SETUP_STEPS = (
    ("migrate", "--noinput", "-v", "0"),
    ("createcachetable",),
    ("import_act", f"portal/fixtures/acts/{ACT_FILES[0]}"),
    ("import_act", f"portal/fixtures/acts/{ACT_FILES[1]}"),
    ("seed_demo", "--applications", DEMO_APPLICATIONS),
)
TOKEN_SEED = len(SETUP_STEPS) + 1
SERVER_SEED = len(SETUP_STEPS) + 2
# Set by a developer's shell, they would take the demo off its defaults (Elasticsearch, debug pages, inline
# search delivery): a fresh machine has none of them.
FOREIGN_ENV = ("ELASTICSEARCH_URL", "DEBUG", "SEARCH_OUTBOX_INLINE", "SEARCH_INDEX_PREFIX", "STATIC_ROOT")
STEP_TIMEOUT = 600
SERVER_START_TIMEOUT = 90
REQUEST_TIMEOUT = 60
SERVER_LINES = 12  # of the server's log after a failed request: the end of its traceback
LOGIN_LINE = re.compile(r"^ {2}(\S+) +(\S+) +\S", re.MULTILINE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass
class Portal:
    """The demo portal of one test session: its directory, its server and the logins seed_demo printed."""

    workdir: Path
    base_url: str
    server_log: Path
    logins: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def env(self, seed: int) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.dev",  # as manage.py (and so `make run`) defaults
            DATABASE_URL=f"sqlite:///{self.workdir / 'db.sqlite3'}",
            MEDIA_ROOT=str(self.workdir / "media"),
            RECORDER_STORAGE_ROOT=str(self.workdir / "evidence"),
            AUDIT_CHECKPOINT_PATH=str(self.workdir / "audit-checkpoints.jsonl"),  # never the checkout's own
            EMAIL_FILE_PATH=str(self.workdir / "mail"),  # notifications (and Wagtail's mails), not var/mail/
            RECORDS_SMS_FILE_PATH=str(self.workdir / "sms"),
            PORTAL_BASE_URL=self.base_url,  # the verify links printed in issued PDFs point here
            RECORDS_EDS_DEMO_PKI=str(self.workdir / "demo_pki"),  # the demo EDS certificates of seed_demo
            CERTIFICATES_TEST_PKI=str(self.workdir / "test_pki"),  # the demo's signing keys (issue 16)
            PYTHONHASHSEED=str(seed),
        )
        return env

    def manage(self, *args: str, seed: int) -> str:
        """Run `manage.py ARGS` in its own process; its stdout, or the test fails with its stderr."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(seed),
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        if done.returncode:
            pytest.fail(
                f"`manage.py {' '.join(args)}` (PYTHONHASHSEED={seed}) exited {done.returncode} in "
                f"{self.workdir}\n--- stderr:\n{_tail(done.stderr, 60)}\n--- stdout:\n{_tail(done.stdout)}",
                pytrace=False,
            )
        return done.stdout

    def start_server(self) -> None:
        port = self.base_url.rsplit(":", 1)[1]
        with self.server_log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env=self.env(SERVER_SEED),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_since(0)
                pytest.fail(f"runserver exited {self.process.returncode}:\n{log}", pytrace=False)
            try:
                requests.get(f"{self.base_url}/kk/", timeout=5)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        log = self.log_since(0)
        pytest.fail(f"runserver did not answer in {SERVER_START_TIMEOUT} s:\n{log}", pytrace=False)

    def stop_server(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_size(self) -> int:
        return self.server_log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.server_log.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> Portal:
    workdir = tmp_path_factory.mktemp("readme_path")
    portal = Portal(workdir, f"http://127.0.0.1:{_free_port()}", workdir / "server.log")
    outputs = [portal.manage(*step, seed=seed) for seed, step in enumerate(SETUP_STEPS, start=1)]
    portal.logins = dict(LOGIN_LINE.findall(outputs[-1]))  # seed_demo prints "  username  password  role"
    portal.start_server()
    yield portal
    portal.stop_server()


@pytest.fixture(scope="session")
def api_token(portal: Portal) -> str:
    """A JSON API token of the demo office clerk, made as the README says (`manage.py api_token create`)."""
    return portal.manage("api_token", "create", "office_clerk", seed=TOKEN_SEED).strip()


@pytest.fixture(scope="session")
def act_titles() -> dict[str, str]:
    """Act code → title: the first paragraph of the export file itself, independent of the importer."""
    titles = {}
    for name in ACT_FILES:
        first = (ACTS / name).read_text(encoding="utf-8").strip().split("\n\n")[0]
        titles[name[:3]] = " ".join(first.split())
    return titles


def _summary(response: requests.Response) -> str:
    """What an error page says: the title of Django's debug page, or the code and message of a JSON error."""
    if response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        return f"{body.get('code')}: {body.get('message')}" if isinstance(body, dict) else str(body)[:200]
    title = re.search(r"<title>(.*?)</title>", response.text, re.DOTALL)
    return html.unescape(" ".join(title.group(1).split())) if title else response.text[:200]


class Site:
    """A browser-like HTTP client that notes every failed check instead of stopping at the first one, each
    with the URL, the status, the title of Django's error page and what the server logged meanwhile."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.session = requests.Session()
        self.failures: list[str] = []

    def request(self, method: str, path: str, *, status: int = 200, **kwargs) -> requests.Response | None:
        """The response when it has `status`, else None (and a failure noted)."""
        offset = self.portal.log_size()
        url = path if path.startswith("http") else f"{self.portal.base_url}{path}"
        params = kwargs.pop("params", None)
        prepared = requests.Request(method, url, params=params).prepare().url
        where = f"{method} {unquote(prepared.removeprefix(self.portal.base_url))}"
        try:
            response = self.session.request(method, url, params=params, timeout=REQUEST_TIMEOUT, **kwargs)
        except requests.RequestException as error:
            self.fail(where, f"no answer: {error!r}\n{_tail(self.portal.log_since(offset), SERVER_LINES)}")
            return None
        if response.status_code == status:
            return response
        server = _tail(self.portal.log_since(offset), SERVER_LINES)
        summary = _summary(response)
        self.fail(where, f"HTTP {response.status_code} (expected {status}): {summary}\n{server}")
        return None

    def get(self, path: str, **kwargs) -> requests.Response | None:
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, form_page: requests.Response, data: dict, **kwargs):
        """POST a form with the CSRF token of the page it was read from, as a browser does."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text)
        if token is None:
            self.fail(f"GET {form_page.url}", "no CSRF token in the form")
            return None
        data = {"csrfmiddlewaretoken": token.group(1), **data}
        return self.request("POST", path, data=data, headers={"Referer": form_page.url}, **kwargs)

    def check(self, ok: bool, where: str, what: str) -> bool:
        if not ok:
            self.fail(where, what)
        return ok

    def fail(self, where: str, what: str) -> None:
        self.failures.append(f"{where}: {what}")

    def assert_ok(self) -> None:
        report = "\n\n".join(f"[{n}] {failure}" for n, failure in enumerate(self.failures, start=1))
        assert not self.failures, f"{len(self.failures)} failed checks:\n\n{report}"


@pytest.fixture
def site(portal: Portal) -> Site:
    return Site(portal)
