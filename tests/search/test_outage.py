"""A search-server outage: the osmem server is stopped in the middle of the test.  Changes still commit, the
outbox grows, search pages answer «unavailable» while the rest of the portal works; after the restart the
outbox drains and search_check finds no difference.

osmem keeps its data in memory, so the test saves the index as a seed before stopping the server and
restarts it from that seed — as a real cluster comes back with the data it had."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.roles import Role
from search import outbox
from search.backends import get_backend, reset_backend
from search.indexing import check
from search.testing import free_port, start_osmem

from .conftest import valid_iin


@pytest.fixture
def server(settings, db, tmp_path):
    port = free_port()
    state = {"server": start_osmem(port)}
    reset_backend()
    settings.ELASTICSEARCH_URL = state["server"].url
    settings.SEARCH_INDEX_PREFIX = f"out{uuid.uuid4().hex[:8]}"

    def stop(seed_dir: Path) -> None:
        save_seed(state["server"], settings.SEARCH_INDEX_PREFIX, seed_dir)
        state["server"].close()

    def restart(seed_dir: Path) -> None:
        state["server"] = start_osmem(port, seed=[str(seed_dir)])

    yield stop, restart
    reset_backend()
    state["server"].close()


def save_seed(server, prefix: str, seed_dir: Path) -> None:
    """Write every index of ``prefix`` as an osmem seed directory (settings, mappings, documents, aliases)."""
    seed_dir.mkdir(parents=True, exist_ok=True)
    aliases = []
    for name, info in server.request("GET", f"/{prefix}-*").items():
        (seed_dir / f"{name}.index.json").write_text(json.dumps({"mappings": info["mappings"]}))
        aliases += [{"add": {"index": name, "alias": alias}} for alias in info.get("aliases", {})]
        hits = server.request("POST", f"/{name}/_search", {"size": 10000, "query": {"match_all": {}}})["hits"]
        lines = [
            line
            for hit in hits["hits"]
            for line in (json.dumps({"index": {"_id": hit["_id"]}}), json.dumps(hit["_source"]))
        ]
        (seed_dir / f"{name}.ndjson").write_text("\n".join(lines) + "\n" if lines else "")
    (seed_dir / "aliases.json").write_text(json.dumps({"actions": aliases}))


def test_nothing_is_lost_when_the_search_server_is_down(server, tmp_path, file_app, users, client):
    from records.services import perform_transition

    stop, restart = server
    first = [file_app() for _ in range(3)]
    outbox.drain()
    assert check("records").ok and get_backend().count("records") == 3

    stop(tmp_path / "seed")
    # The portal keeps working: filings and transitions commit; only the outbox grows.
    later = [file_app(name="Кейінгі Өтініш Беруші", iin=valid_iin(start=50)) for _ in range(2)]
    perform_transition(first[0].pk, "register", user=users[Role.EXECUTOR])
    assert outbox.pending_count() == 3
    report = outbox.drain()
    assert (report.delivered, report.failed) == (0, 3)
    assert outbox.pending_count() == 3
    client.force_login(users[Role.ARCHIVIST])
    response = client.get("/kk/archive/", {"q": "өтініш"})
    assert response.status_code == 503 and 'class="notice" role="alert"' in response.content.decode()
    assert client.get("/kk/track/").status_code == 200

    restart(tmp_path / "seed")
    assert get_backend().count("records") == 3  # the data the server had before the outage
    outbox.retry_now()
    assert outbox.drain().delivered == 3
    assert outbox.pending_count() == 0
    call_command("search_check", "records")  # raises CommandError on any difference
    assert get_backend().count("records") == 5
    registered = get_backend().group_ids("records", [f"application:{app.pk}" for app in later])
    assert all(registered.values())
