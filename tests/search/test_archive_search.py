"""The archivist search and its JSON API: login and roles, one query box over every record type, facets, date
range, sort, CSV export, saved searches, permalinks, record pages; IIN/BIN masked unless the role needs
them."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from catalogue.roles import Role
from records.api_tokens import ApiToken
from search import outbox

from .conftest import make_user, valid_iin

IIN = valid_iin(start=7)


@pytest.fixture
def records(embedded, file_app, users):
    from certificates.samples import PAYLOADS
    from certificates.services import issue_document

    apps = [file_app(name="Асқаров Нұрлан", iin=IIN) for _ in range(3)]
    apps.append(
        file_app(
            "vet_sanitary_conclusion",
            name="«Жамбыл Агро» ЖШС",
            iin=valid_iin(start=40),
            data={"object_name": "Сүт цехы", "object_address": "Тараз қ., Абай к-сі 1"},
        )
    )
    receipt = issue_document(
        "receipt",
        holder_name="Асқаров Нұрлан",
        holder_id=IIN,
        payload=PAYLOADS["receipt"],
        issued_by=users[Role.OFFICE],
        source_record=("records.application", str(apps[0].pk)),
    )
    outbox.drain()
    return {"apps": apps, "receipt": receipt}


def hits(html: str) -> list[str]:
    return re.findall(r'<li class="hit" data-id="([^"]+)"', html)


def test_login_and_a_staff_role_are_required(db, client, django_user_model):
    response = client.get("/kk/archive/", {"q": "өтініш"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=/kk/archive/")
    editor = make_user(django_user_model, "editor", Role.EDITOR)
    client.force_login(editor)
    assert client.get("/kk/archive/").status_code == 403
    token = f"Bearer {ApiToken.issue(editor)[1]}"  # the API takes a token, as all of /api/v1/
    assert client.get("/api/v1/search/", HTTP_AUTHORIZATION=token).status_code == 403
    client.logout()
    assert client.get("/api/v1/search/").status_code == 401


def test_one_box_over_every_record_type_with_facets(records, client, users):
    client.force_login(users[Role.ARCHIVIST])
    html = client.get("/kk/archive/", {"q": "Асқаров"}).content.decode()
    assert sorted(hits(html)) == sorted(
        [*(f"application:{a.pk}" for a in records["apps"][:3]), f"issued_document:{records['receipt'].pk}"]
    )
    facet = re.search(r'<ul data-facet="record_type">(.*?)</ul>', html, re.S).group(1)
    link = re.search(r'<a href="([^"]+)">[^<]+</a> <span class="facet-count">1</span>', facet).group(1)
    filtered = client.get("/kk/archive/" + link.replace("&amp;", "&")).content.decode()
    assert hits(filtered) == [f"issued_document:{records['receipt'].pk}"]
    assert "<mark>Асқаров</mark>" in filtered


def test_date_range_sort_and_pagination(records, client, users):
    client.force_login(users[Role.ARCHIVIST])
    today = timezone.localdate()
    newest = hits(client.get("/kk/archive/", {"sort": "newest", "type": "application"}).content.decode())
    oldest = hits(client.get("/kk/archive/", {"sort": "oldest", "type": "application"}).content.decode())
    assert newest == list(reversed(oldest)) and len(newest) == 4
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert hits(client.get("/kk/archive/", {"date_from": tomorrow}).content.decode()) == []
    assert len(hits(client.get("/kk/archive/", {"date_to": today.isoformat()}).content.decode())) == 5
    page = client.get("/kk/archive/", {"sort": "oldest", "per_page": 2, "page": 2}).content.decode()
    assert len(hits(page)) == 2 and 'rel="prev"' in page and 'rel="next"' in page  # page 2 of 3
    bad = client.get("/kk/archive/", {"date_from": tomorrow, "date_to": today.isoformat()})
    assert bad.status_code == 400 and hits(bad.content.decode()) == []


def test_identifiers_are_masked_for_the_archivist_and_shown_to_the_office(records, client, users):
    client.force_login(users[Role.ARCHIVIST])
    html = client.get("/kk/archive/", {"q": "Асқаров"}).content.decode()
    assert IIN not in html and "••••••••" + IIN[-4:] in html
    assert hits(client.get("/kk/archive/", {"q": IIN}).content.decode()) == []  # no search by IIN either
    client.force_login(users[Role.OFFICE])
    html = client.get("/kk/archive/", {"q": IIN}).content.decode()
    assert IIN in html and len(hits(html)) == 4


def test_csv_export_of_the_result_set(records, client, users):
    client.force_login(users[Role.ARCHIVIST])
    response = client.get("/kk/archive/export.csv", {"q": "Асқаров", "sort": "oldest"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert len(rows) == 1 + 4
    assert [row[1] for row in rows[1:4]] == [a.registration_no for a in records["apps"][:3]]
    assert all(IIN not in ";".join(row) for row in rows)
    assert rows[1][-1].startswith("http://testserver/kk/archive/records/")


def test_saved_searches_and_permalinks(records, client, users, django_user_model):
    client.force_login(users[Role.ARCHIVIST])
    html = client.get("/kk/archive/", {"type": "application", "q": "Асқаров", "page": "1"}).content.decode()
    assert (
        'value="http://testserver/kk/archive/?q=%D0%90%D1%81%D2%9B%D0%B0%D1%80%D0%BE%D0%B2&amp;type=application"'
        in html
    )
    response = client.post(
        "/kk/archive/saved/", {"name": "Асқаровтың өтініштері", "q": "Асқаров", "type": "application"}
    )
    assert response.status_code == 302
    saved = users[Role.ARCHIVIST].saved_searches.get()
    assert saved.query_string == "q=%D0%90%D1%81%D2%9B%D0%B0%D1%80%D0%BE%D0%B2&type=application"
    opened = client.get(f"/kk/archive/saved/{saved.pk}/", follow=True).content.decode()
    assert len(hits(opened)) == 3 and "Асқаровтың өтініштері" in opened
    client.force_login(make_user(django_user_model, "other", Role.ARCHIVIST))
    assert client.get(f"/kk/archive/saved/{saved.pk}/").status_code == 404  # one's own searches only
    client.force_login(users[Role.ARCHIVIST])
    client.post(f"/kk/archive/saved/{saved.pk}/delete/")
    assert not users[Role.ARCHIVIST].saved_searches.exists()


def test_record_page_from_a_hit(records, client, users, django_user_model):
    app = records["apps"][3]
    client.force_login(users[Role.ARCHIVIST])
    html = client.get(f"/kk/archive/records/application/{app.pk}/").content.decode()
    assert app.registration_no in html and "Сүт цехы" in html
    assert client.get("/kk/archive/records/application/999999/").status_code == 404
    assert client.get("/kk/archive/records/nothing/1/").status_code == 404
    client.force_login(make_user(django_user_model, "rp", Role.RESPONSIBLE_PERSON))
    assert client.get(f"/kk/archive/records/application/{app.pk}/").status_code in (403, 404)


def test_json_api_takes_the_same_parameters(records, client, users):
    token = f"Bearer {ApiToken.issue(users[Role.ARCHIVIST])[1]}"
    params = {"q": "Асқаров", "type": "application", "sort": "oldest"}
    data = client.get("/api/v1/search/", params, HTTP_AUTHORIZATION=token).json()
    assert data["count"] == 3
    assert [r["title"] for r in data["results"]] == [a.registration_no for a in records["apps"][:3]]
    assert [(f["value"], f["count"], f["selected"]) for f in data["facets"]["record_type"]] == [
        ("application", 3, True)
    ]
    assert all(IIN not in str(r["fields"]) for r in data["results"])
    assert "<mark>" in data["results"][0]["snippet"]
    response = client.get("/api/v1/search/", {"date_from": "not a date"}, HTTP_AUTHORIZATION=token)
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"
    assert "date_from" in response.json()["field_errors"]


def test_the_admin_menu_leads_archivists_to_the_archive_search(records, client, users, django_user_model):
    from records.staff.access import ensure_staff_access

    ensure_staff_access()  # what setup_portal gives the staff roles: the admin
    client.force_login(users[Role.ARCHIVIST])
    assert '"/kk/archive/"' in client.get("/admin/").content.decode()  # the sidebar's JSON props
    client.force_login(make_user(django_user_model, "editor2", Role.EDITOR))
    assert "/archive/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_labels_of_types_and_states_are_searched_in_both_languages(records, users, language):
    """«лицензия» finds the licence register, «Қабылдау қолхаты» the receipts: the kk and ru labels of each
    record's type and state are indexed (never shown in its snippet)."""
    from django.utils import translation

    from search import registry
    from search.services import Criteria, search_records

    application = records["apps"][0]
    record_type = registry.record_type("application")
    with translation.override(language):
        state_label = str(record_type.state_labels[application.state])
        type_label = str(registry.record_type("issued_document").label)
    by_state = search_records(users[Role.ARCHIVIST], Criteria(text=f'"{state_label}"', per_page=100))
    assert f"application:{application.pk}" in [hit.id for hit in by_state.hits]
    assert all(state_label.lower() not in hit.snippet.lower() for hit in by_state.hits)
    by_type = search_records(users[Role.ARCHIVIST], Criteria(text=type_label, per_page=100))
    assert by_type.hits[0].record_type == "issued_document"
