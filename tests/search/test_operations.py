"""Operating the indexes: a search server restarted without its data (the pages say so, the worker rebuilds
from the database) and ``search_reindex`` building documents in worker processes (the same documents as one
process, on both backends)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from elastic_transport import ConnectionError as Refused

from catalogue.roles import Role
from search import outbox, registry
from search.backends import SearchUnavailable, get_backend, reset_backend
from search.backends.elastic import ElasticBackend
from search.indexing import _build_in_processes, check, index_lost, rebuild
from search.registry import Source

from .conftest import use_backend

ROOT = Path(__file__).resolve().parents[2]
NOTICE = 'data-notice="rebuilding"'


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit" data-id="([^"]+)"', html)


@pytest.fixture
def fresh_cache():
    """The notice is cached per index alias, and the embedded backend's alias is the same in every test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def elastic(settings, es_server, db, fresh_cache):
    use_backend(settings, "elasticsearch", es_server)
    yield get_backend()
    for index in ("points", "records"):
        get_backend().drop(index)
    reset_backend()


@pytest.fixture
def test_acts(db):
    from portal.publishing import publish_act
    from tests.portal.factories import make_parsed_act

    publish_act(make_parsed_act("003", repealed=True))
    publish_act(make_parsed_act("000", title="Күшіндегі сынақ қағидалары туралы", documents=1))
    outbox.drain()


def lose(backend, index: str, how: str) -> None:
    """What a search server restarted without its data shows: no index, or (an index template, a careless
    script) an empty one behind the alias."""
    backend.drop(index)
    if how == "emptied":
        backend.ensure(index)


def worker_once() -> str:
    out = StringIO()
    call_command("search_worker", "--once", stdout=out)
    return out.getvalue()


# -- a lost index ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["dropped", "emptied"])
def test_the_public_search_says_the_index_is_rebuilt_until_the_worker_has_rebuilt_it(
    elastic, test_acts, client, how
):
    query = {"q": "тармақшалары"}
    before = hit_ids(client.get("/kk/search/", query).content.decode())
    assert before

    lose(elastic, "points", how)
    assert outbox.pending_count() == 0  # nothing queued: only a look at the index finds the loss
    html = client.get("/kk/search/", query).content.decode()
    assert NOTICE not in html  # the page trusts its last look for HEALTH_SECONDS
    cache.clear()  # … which have passed
    response = client.get("/kk/search/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert NOTICE in html and hit_ids(html) == []
    assert "Іздеу индексі қайта құрылып жатыр" in html
    assert "Поисковый индекс перестраивается" in client.get("/ru/search/", query).content.decode()

    assert "rebuilt points" in worker_once()
    html = client.get("/kk/search/", query).content.decode()
    assert NOTICE not in html
    assert hit_ids(html) == before
    assert "rebuilt" not in worker_once()  # a healthy index is left alone


def test_the_archive_says_the_index_is_rebuilt_on_both_backends(
    backend, fresh_cache, file_app, users, client
):
    apps = [file_app() for _ in range(3)]
    outbox.drain()
    client.force_login(users[Role.ARCHIVIST])
    query = {"q": "өтініш", "sort": "oldest"}
    before = hit_ids(client.get("/kk/archive/", query).content.decode())
    assert before == [f"application:{app.pk}" for app in apps]

    lose(backend, "records", "dropped")
    cache.clear()
    response = client.get("/kk/archive/", query)
    assert response.status_code == 200
    assert NOTICE in response.content.decode() and hit_ids(response.content.decode()) == []

    assert "rebuilt records: 3 documents" in worker_once()
    html = client.get("/kk/archive/", query).content.decode()
    assert NOTICE not in html and hit_ids(html) == before


def test_an_empty_index_of_an_empty_database_is_not_lost(backend, fresh_cache):
    backend.ensure("records")
    assert backend.count("records") == 0
    assert not index_lost("records")
    assert "rebuilt" not in worker_once()


def test_objects_without_documents_are_not_rebuilt_again_and_again(elastic, test_acts, monkeypatch):
    # Pages that give no document (as if every block were empty): the rebuild writes nothing, and the
    # next look must not take the empty index for a lost one.
    monkeypatch.setattr("portal.search_records.page_documents", lambda page: iter(()))
    lose(elastic, "points", "dropped")
    assert index_lost("points")
    assert "rebuilt points: 0 documents" in worker_once()
    assert not index_lost("points")
    assert "rebuilt" not in worker_once()


def test_a_rebuild_that_fails_midway_leaves_the_index_as_it_was(elastic, file_app, monkeypatch):
    [file_app() for _ in range(3)]
    outbox.drain()
    original = registry.source("application")
    calls = []

    def failing_build(object_ids: list[str]) -> dict:
        calls.append(object_ids)
        if len(calls) == 2:  # the first batch is with the sender already
            raise RuntimeError("the database went away")
        return original.build(object_ids)

    monkeypatch.setitem(registry._sources, "application", replace(original, build=failing_build))
    with pytest.raises(RuntimeError, match="went away"):
        rebuild("records", batch=1)
    monkeypatch.setitem(registry._sources, "application", original)

    def refused(client, actions, **options):
        next(iter(actions))
        raise Refused("connection refused")

    monkeypatch.setattr("search.backends.elastic.helpers.streaming_bulk", refused)
    with pytest.raises(SearchUnavailable):
        rebuild("records", batch=1)
    assert check("records").ok  # the alias still names the complete version


# -- building in worker processes ------------------------------------------------------------------------


def test_batches_are_built_in_other_processes_and_come_back_in_order(monkeypatch):
    def build(object_ids: list[str]) -> dict:
        return {i: [{"id": i, "pid": os.getpid()}] for i in object_ids}

    source = Source("pids", "records", build, object_ids=lambda: iter(()), count=lambda: 0)
    monkeypatch.setitem(registry._sources, "pids", source)
    batches = [("pids", [str(n) for n in range(start, start + 3)]) for start in range(0, 30, 3)]
    built = list(_build_in_processes(iter(batches), workers=2))
    assert [objects for objects, _docs in built] == [3] * 10
    assert [doc["id"] for _objects, docs in built for doc in docs] == [str(n) for n in range(30)]
    pids = {doc["pid"] for _objects, docs in built for doc in docs}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


POPULATE = """
from catalogue.roles import Role
from tests.search.conftest import make_user, valid_iin, doc
from django.contrib.auth import get_user_model
from portal.publishing import publish_act
from records.services import file_application, get_or_create_applicant
from tests.portal.factories import make_parsed_act

publish_act(make_parsed_act("003", repealed=True))
publish_act(make_parsed_act("000", documents=1))
clerk = make_user(get_user_model(), "clerk", Role.OFFICE)
from django.utils import timezone
from records.units import TerritorialUnit, UnitMembership
unit = TerritorialUnit.objects.create(code="ops", name="Тараз")
UnitMembership.objects.create(unit=unit, user=clerk, role="office_clerk", since=timezone.now())
iins = sorted({valid_iin(start=n + 1) for n in range(23)})
for n in range(23):
    iin = valid_iin(start=n + 1)
    # Letters only, and one name per IIN (records.names; a known IIN with another name is refused).
    name = "Өтініш Беруші " + "АӘБВГҒДЕЖЗИЙКҚЛМНҢОӨПРС"[iins.index(iin)]
    applicant = get_or_create_applicant("individual", iin, name)
    file_application(
        "vet_certificate", applicant=applicant, channel="office", documents=[doc()], by=clerk,
        data={"subject": "animal", "description": f"сиыр, {n} бас", "animal_number": f"KZ{n:06d}"},
    )
"""

DUMP = """
import json
from django.core.management import call_command
from search.backends import get_backend
call_command("search_check")
print(json.dumps({index: sorted(get_backend().digests(index)) for index in ("points", "records")}))
"""


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A SQLite file with the test database's schema and a few acts and applications, for commands run as
    processes of their own (they cannot see the tests' in-memory database)."""
    path = tmp_path_factory.mktemp("operations") / "db.sqlite3"
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            pytest.skip("the commands' database is a SQLite copy of the test database")
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    manage({"DATABASE_URL": f"sqlite:///{path}"}, "shell", "-c", POPULATE)
    return path


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "SEARCH_OUTBOX_INLINE": "0",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("backend_name", ["embedded", "elasticsearch"])
def test_reindex_in_two_processes_gives_the_documents_of_one(database_file, backend_name, request):
    env = {"DATABASE_URL": f"sqlite:///{database_file}", "ELASTICSEARCH_URL": ""}
    if backend_name == "elasticsearch":
        prefix = f"ops{uuid.uuid4().hex[:8]}"
        url = request.getfixturevalue("es_server").url
        env.update(ELASTICSEARCH_URL=url, SEARCH_INDEX_PREFIX=prefix)
        request.addfinalizer(
            lambda: [ElasticBackend(url, prefix=prefix).drop(i) for i in ("points", "records")]
        )
    indexed = {}
    for workers in ("1", "2"):
        out = manage(env, "search_reindex", "--workers", workers, "--batch", "4", "--no-progress")
        assert re.search(r"records: 23 documents from 23 objects", out)
        dump = manage(env, "shell", "-c", DUMP)
        assert "no differences" in dump  # search_check: the index holds what the database gives
        indexed[workers] = json.loads(dump.splitlines()[-1])
    assert len(indexed["1"]["records"]) == 23 and len(indexed["1"]["points"]) > 20
    assert indexed["2"] == indexed["1"]
