"""The body-camera journal in the archivist search: journal entries for the journal's roles, recordings'
metadata only for the responsible persons and heads of the recording's unit (act 000, point 6)."""

from __future__ import annotations

import re

import pytest

from records.recorders import services
from search import outbox
from tests.recorders.conftest import (  # noqa: F401 - fixtures of the recorders tests
    book,
    clock,
    devices,
    issue,
    other_unit,
    staff,
    storage,
    through_upload,
    unit,
)


@pytest.fixture
def recorded(embedded, staff, unit, book, devices):  # noqa: F811
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"video-a", b"video-b")
    outbox.drain()
    return entry


def hits(client, user, **params) -> list[str]:
    client.force_login(user)
    response = client.get("/kk/archive/", {"q": "REC", **params})
    if response.status_code != 200:
        return [f"status {response.status_code}"]
    return re.findall(r'<li class="hit" data-id="([^"]+)"', response.content.decode())


def test_recordings_only_for_their_units_responsible_person_and_head(recorded, staff, client):  # noqa: F811
    media_ids = sorted(f"recording:{pk}" for pk in recorded.media.values_list("pk", flat=True))
    assert len(media_ids) == 2
    assert sorted(hits(client, staff.rp, type="recording")) == media_ids
    assert sorted(hits(client, staff.head, type="recording")) == media_ids
    assert hits(client, staff.other_rp, type="recording") == []  # another unit's responsible person
    assert hits(client, staff.other_head, type="recording") == []
    assert hits(client, staff.office, type="recording") == []  # an office clerk sees applications only
    assert hits(client, staff.inspector) == ["status 403"]  # no record search for inspectors
    client.force_login(staff.other_rp)
    assert client.get(f"/kk/archive/records/{media_ids[0].replace(':', '/')}/").status_code == 404


def test_journal_entries_and_their_facets(recorded, staff, client):  # noqa: F811
    client.force_login(staff.rp)
    html = client.get("/kk/archive/", {"q": recorded.inspector_name.split()[0]}).content.decode()
    assert f'data-id="journal_entry:{recorded.pk}"' in html
    assert re.search(r'<ul data-facet="record_type">.*?type=journal_entry', html, re.S)
    assert re.search(r'<ul data-facet="unit">.*?Тараз', html, re.S)
    retention = client.get("/kk/archive/", {"type": "recording", "q": "REC"}).content.decode()
    assert re.search(r'<ul data-facet="retention">.*?retention=1y', retention, re.S)
    services.extend_retention(recorded.media.first(), category="inspection", reference="А-17", by=staff.rp)
    outbox.drain()
    assert len(hits(client, staff.rp, type="recording", retention="5y")) == 1


def test_who_may_see_a_type_is_read_at_query_time(recorded, staff, client, monkeypatch):  # noqa: F811
    """Documents carry their record type, not a copy of the roles: a change of the registry's roles for a
    type applies to the next search, with nothing re-indexed."""
    from dataclasses import replace

    from search import registry

    name = recorded.inspector_name.split()[0]
    entry = [f"journal_entry:{recorded.pk}"]
    assert hits(client, staff.rp, q=name, type="journal_entry") == entry
    journal = registry.record_type("journal_entry")
    monkeypatch.setitem(registry._record_types, "journal_entry", replace(journal, roles=frozenset({"head"})))
    assert hits(client, staff.rp, q=name, type="journal_entry") == []
    assert hits(client, staff.head, q=name, type="journal_entry") == entry
