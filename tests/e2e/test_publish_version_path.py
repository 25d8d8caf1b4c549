"""A version made by publishing, on the real path (issue 17): a running server with its page cache, and an
editor's publish of a changed regulation in another process (`manage.py shell`, in a transaction, with the
date the changed text enters into force).  The server then shows the new version: the act page's versions
panel (no longer from its cache), the regulation as in force before and from that date, and the comparison
with the change marked."""

from __future__ import annotations

import json

import pytest
import requests

from .conftest import REQUEST_TIMEOUT, Portal, _free_port

NEW_WORDS = "Жарияланған түзету"
IN_FORCE = "2025-03-01"
PUBLISH = f"""
import copy, json
from datetime import date
from django.db import transaction
from portal.models import ApprovedDocumentPage, LegalActPage

def first_text(value):
    if isinstance(value, dict):
        if isinstance(value.get("text"), str) and value["text"].strip():
            return value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = first_text(item)
            if found is not None:
                return found

act = LegalActPage.objects.get(code="000")
live = ApprovedDocumentPage.objects.child_of(act).order_by("path").first()
doc = live.get_latest_revision_as_object()
body = copy.deepcopy(list(doc.body.raw_data))
point = first_text(body)
point["text"] = "{NEW_WORDS}: " + point["text"]
doc.body = body
doc.amendment_in_force_from = date.fromisoformat("{IN_FORCE}")
with transaction.atomic():
    doc.save_revision().publish()
versions = [(v.number, str(v.in_force_from), str(v.in_force_to)) for v in act.versions.order_by("number")]
print(json.dumps({{"url": live.url, "versions": versions}}))
"""
# Again in autocommit (the callback runs at once), without a date: in force from today, inferred.
PUBLISH_AGAIN = """
import json
from django.utils import timezone
from portal.models import ApprovedDocumentPage, LegalActPage
act = LegalActPage.objects.get(code="000")
doc = ApprovedDocumentPage.objects.child_of(act).order_by("path").first().get_latest_revision_as_object()
doc.title = doc.title + " (2)"
doc.save_revision().publish()
last = act.versions.order_by("number").last()
today = str(timezone.localdate())
print(json.dumps([last.number, str(last.in_force_from), last.in_force_from_inferred, today]))
"""


class CachePortal(Portal):
    def env(self, seed: int) -> dict[str, str]:
        env = super().env(seed)
        env["PAGE_CACHE_DIR"] = str(self.workdir / "page-versions")  # the tokens every process reads
        return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("publish_version")
    portal = CachePortal(workdir, f"http://127.0.0.1:{_free_port()}", workdir / "server.log")
    portal.manage("migrate", "--noinput", "-v", "0", seed=1)
    portal.manage("import_act", "portal/fixtures/acts/000_04a4b0dd9774c7c6.txt", seed=2)
    portal.start_server()
    try:
        yield portal
    finally:
        portal.stop_server()


def _get(portal: Portal, path: str) -> requests.Response:
    response = requests.get(portal.base_url + path, timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200, (path, portal.log_since(0)[-2000:])
    return response


def test_a_publish_in_another_process_is_a_new_version_on_the_server(server):
    act = "/ru/acts/000/"
    assert "редакцией 2" not in _get(server, act).text
    assert _get(server, act).headers["X-Page-Cache"] == "hit"

    published = json.loads(server.manage("shell", "-c", PUBLISH, seed=9).strip().splitlines()[-1])

    assert published["versions"] == [[1, published["versions"][0][1], "2025-02-28"], [2, IN_FORCE, "None"]]
    panel = _get(server, act)
    assert panel.headers["X-Page-Cache"] == "miss" and "Сравнить редакцию 1 с редакцией 2" in panel.text
    regulation = published["url"]
    assert NEW_WORDS not in _get(server, f"{regulation}?at=2025-02-28").text
    assert NEW_WORDS in _get(server, f"{regulation}?at={IN_FORCE}").text
    for language in ("kk", "ru"):
        page = _get(server, f"/{language}/acts/000/?compare=1..2").text
        changes = page.partition('<ol class="compare-list">')[2].partition("</ol>")[0]
        added = [part.partition("</ins>")[0] for part in changes.split("<ins>")[1:]]
        assert any("Жарияланған" in words for words in added), changes[:2000]

    number, start, inferred, today = json.loads(
        server.manage("shell", "-c", PUBLISH_AGAIN, seed=10).splitlines()[-1]
    )
    assert (number, start, inferred) == (3, today, True)
    assert "Сравнить редакцию 2 с редакцией 3" in _get(server, act).text
