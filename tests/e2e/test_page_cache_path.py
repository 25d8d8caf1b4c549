"""The act-page cache across processes (issue 17): two real servers, each with its own in-memory page cache
(the demo's default, no Redis), and a publish in a third process (`manage.py shell`).  The publish must stop
both servers from answering the changed pages from their memory, and only those pages."""

from __future__ import annotations

import pytest
import requests

from .conftest import REQUEST_TIMEOUT, Portal, _free_port

STATE = "X-Page-Cache"
PUBLISH = """
from portal.models import LegalActPage
act = LegalActPage.objects.get(code="003").get_latest_revision_as_object()
act.title = act.title + " [жаңа редакция]"
act.save_revision().publish()
"""


class CachePortal(Portal):
    def env(self, seed: int) -> dict[str, str]:
        env = super().env(seed)
        env["PAGE_CACHE_DIR"] = str(self.workdir / "page-versions")  # the tokens every process reads
        return env


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("page_cache")
    first = CachePortal(workdir, f"http://127.0.0.1:{_free_port()}", workdir / "server-a.log")
    for seed, step in enumerate(
        (
            ("migrate", "--noinput", "-v", "0"),
            ("import_act", "portal/fixtures/acts/000_04a4b0dd9774c7c6.txt"),
            ("import_act", "portal/fixtures/acts/003_b299304cea067258.txt"),
        ),
        start=1,
    ):
        first.manage(*step, seed=seed)
    second = CachePortal(workdir, f"http://127.0.0.1:{_free_port()}", workdir / "server-b.log")
    started = []
    try:
        for portal in (first, second):
            portal.start_server()
            started.append(portal)
        yield first, second
    finally:
        for portal in started:
            portal.stop_server()


def _get(portal: Portal, path: str) -> requests.Response:
    response = requests.get(
        portal.base_url + path, headers={"Accept-Encoding": "br, gzip"}, timeout=REQUEST_TIMEOUT
    )
    assert response.status_code == 200, (path, portal.log_since(0)[-2000:])
    return response


def test_a_publish_in_another_process_reaches_every_server(servers):
    first, second = servers
    act, other = "/kk/acts/003/", "/kk/acts/000/"
    for portal in servers:
        assert _get(portal, act).headers[STATE] == "miss"
        hit = _get(portal, act)
        assert hit.headers[STATE] == "hit" and hit.headers["Content-Encoding"] == "br"
        assert "жаңа редакция" not in hit.text
    assert _get(first, other).headers[STATE] == "miss" and _get(first, other).headers[STATE] == "hit"

    first.manage("shell", "-c", PUBLISH, seed=9)

    for portal in servers:
        fresh = _get(portal, act)
        assert fresh.headers[STATE] == "miss", portal.base_url
        assert "жаңа редакция" in fresh.text
        assert _get(portal, act).headers[STATE] == "hit"
    assert _get(first, other).headers[STATE] == "hit"  # the other act was not changed: still from memory
