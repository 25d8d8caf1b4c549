"""The archive's CSV export and result list give Almaty time (UTC+5), not the UTC of the index: an
application filed at 20:30 UTC on 10 March 2026 was filed on 11 March at 01:30 for the person reading it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from catalogue.roles import Role
from records import clock
from search import outbox

from .conftest import valid_iin

STORED = datetime(2026, 3, 10, 20, 30, tzinfo=UTC)


@pytest.fixture
def filed_at_night(embedded, file_app, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: STORED)
    app = file_app(name="Асқаров Нұрлан", iin=valid_iin(start=9))
    outbox.drain()
    assert app.received_at == STORED
    return app


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_csv_export_gives_almaty_time(filed_at_night, client, users, language):
    client.force_login(users[Role.ARCHIVIST])
    response = client.get(f"/{language}/archive/export.csv", {"q": filed_at_night.registration_no})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert [(row[1], row[2]) for row in rows[1:]] == [(filed_at_night.registration_no, "2026-03-11 01:30")]


def test_the_result_list_gives_the_almaty_date(filed_at_night, client, users):
    client.force_login(users[Role.ARCHIVIST])
    content = client.get("/kk/archive/", {"q": filed_at_night.registration_no}).content.decode()
    assert '<time datetime="2026-03-11T01:30:00+05:00">11.03.2026</time>' in content
