"""GET /api/v1/search/ as an endpoint of /api/v1/: a bearer token (a session is not enough), a staff role,
errors in the shared JSON shape and the caller's language, 404 past the last page, and an OpenAPI
description whose parameters are the ones the search form reads — checked by sending them."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django import forms
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.roles import Role
from records.api_tokens import ApiToken
from search import outbox
from search.forms import FILTER_PARAMS, MAX_VALUES, RecordSearchForm
from tests.records.test_api import ERROR_KEYS, Api, is_error, refs

from .conftest import valid_iin

URL = "/api/v1/search/"
SCHEMA_URL = "/api/v1/schema/"
NAME = "Асқаров Нұрлан"


@pytest.fixture
def filed(embedded, file_app):
    """Three applications of one applicant, indexed."""
    apps = [file_app(name=NAME, iin=valid_iin(start=7)) for _ in range(3)]
    outbox.drain()
    return apps


@pytest.fixture
def api(client, users):
    """api(role) -> a JSON client holding a token of that role's user; api(None) has no token."""

    def _api(role: Role | None) -> Api:
        return Api(client, ApiToken.issue(users[role])[1] if role else None)

    return _api


def search(api: Api, **params):
    return api.get(f"{URL}?{urlencode(params, doseq=True)}")


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


# -- authentication and roles ------------------------------------------------------------------------------


def test_no_token_is_a_json_401_and_a_session_does_not_count(api, client, users, filed):
    response = api(None).get(URL)
    assert is_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert is_error(Api(client, "vrp_not-a-token").get(URL), 401, "unauthorized")
    client.force_login(users[Role.ARCHIVIST])  # the same rule as the rest of /api/v1/
    assert is_error(client.get(URL, {"q": NAME}), 401, "unauthorized")


def test_a_token_without_a_staff_role_is_403_before_its_parameters_are_read(api, filed):
    editor = api(Role.EDITOR)
    assert is_error(search(editor, q="Асқаров"), 403, "permission_denied")
    assert is_error(search(editor, page="abc"), 403, "permission_denied")


def test_an_archivist_token_finds_the_records_with_identifiers_masked(api, filed):
    response = search(api(Role.ARCHIVIST), q="Асқаров", type="application", sort="oldest")
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert (data["count"], data["page"], data["pages"]) == (3, 1, 1)
    assert [hit["title"] for hit in data["results"]] == [app.registration_no for app in filed]
    assert valid_iin(start=7) not in json.dumps(data, ensure_ascii=False)
    assert "<mark>Асқаров</mark>" in data["results"][0]["snippet"]
    assert [(f["value"], f["count"], f["selected"]) for f in data["facets"]["record_type"]] == [
        ("application", 3, True)
    ]


def test_only_get_and_head_are_allowed(api, filed):
    response = api(Role.ARCHIVIST).post(URL, {"q": "Асқаров"})
    assert is_error(response, 405, "method_not_allowed") and response["Allow"] == "GET, HEAD"


# -- pages and parameters ------------------------------------------------------------------------------


def test_a_page_past_the_last_is_a_json_404_and_an_empty_first_page_is_200(api, filed):
    archivist = api(Role.ARCHIVIST)
    last = search(archivist, q="Асқаров", per_page=1, page=3)
    assert last.status_code == 200 and last.json()["pages"] == 3 and len(last.json()["results"]) == 1
    past = search(archivist, q="Асқаров", per_page=1, page=4)
    assert is_error(past, 404, "not_found") and "3" in past.json()["message"]
    assert is_error(search(archivist, q="Асқаров", page=999), 404, "not_found")
    empty = search(archivist, q="жоқсөз")
    assert empty.status_code == 200
    assert (empty.json()["count"], empty.json()["pages"], empty.json()["results"]) == (0, 1, [])
    assert is_error(search(archivist, q="жоқсөз", page=2), 404, "not_found")


TOMORROW = (date.today() + timedelta(days=1)).isoformat()
BAD_PARAMS = [
    ({"date_from": "2025-13-01"}, "date_from"),
    ({"date_to": "yesterday"}, "date_to"),
    ({"date_from": TOMORROW, "date_to": "2020-01-01"}, "date_to"),
    ({"sort": "best"}, "sort"),
    ({"page": "abc"}, "page"),
    ({"page": "0"}, "page"),
    ({"per_page": "0"}, "per_page"),
    ({"per_page": "101"}, "per_page"),
    ({"q": "x" * 201}, "q"),
    ({"type": "<script>"}, "__all__"),
]


@pytest.mark.parametrize("params,field", BAD_PARAMS)
def test_malformed_parameters_are_a_json_400_naming_the_parameter(api, filed, params, field):
    response = search(api(Role.ARCHIVIST), **params)
    assert is_error(response, 400, "invalid_input"), response.content
    assert list(response.json()["field_errors"]) == [field]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_errors_speak_the_language_of_accept_language(api, client, users, filed, language):
    key = ApiToken.issue(users[Role.ARCHIVIST])[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": language}
    bad = client.get(URL, {"date_from": "2025-13-01"}, **headers).json()
    past = client.get(URL, {"q": "Асқаров", "page": 2}, **headers).json()
    with translation.override(language):
        expected = gettext("Invalid search parameters.")
        invalid_date = str(forms.DateField().error_messages["invalid"])
        past_end = gettext("No such page: the results end at page %(pages)s.") % {"pages": 1}
    assert expected != "Invalid search parameters."  # translated, not the msgid
    assert bad["message"] == expected and bad["field_errors"]["date_from"] == [invalid_date]
    assert past["message"] == past_end != "No such page: the results end at page 1."
    no_token = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).json()["message"]
    with translation.override(language):
        assert no_token == gettext("Send a valid API token: «Authorization: Bearer <token>».")


# -- the OpenAPI description -----------------------------------------------------------------------------


@pytest.fixture
def described(client, db) -> dict:
    """The schema document and its search operation."""
    document = client.get(SCHEMA_URL).json()
    return {"document": document, "operation": document["paths"]["/search/"]["get"]}


def test_the_schema_describes_the_search_with_the_parameters_of_the_form(described):
    document, operation = described["document"], described["operation"]
    names = [p["name"] for p in operation["parameters"]]
    assert sorted(names) == sorted([*RecordSearchForm.base_fields, *FILTER_PARAMS])
    assert all(p["in"] == "query" and not p["required"] for p in operation["parameters"])
    described_as = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert all(described_as[name]["maxItems"] == MAX_VALUES for name in FILTER_PARAMS)
    sort_choices = [value for value, _label in RecordSearchForm.base_fields["sort"].choices]
    assert described_as["sort"]["enum"] == sort_choices
    responses = operation["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchResults"
    }
    for status in ("401", "403", "404", "503"):
        assert _resolve(document, responses[status])["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "search_unavailable" in document["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    assert "security" not in operation and document["security"] == [{"bearerAuth": []}]
    for ref in refs(document):  # every reference resolves
        section, name = ref.removeprefix("#/components/").split("/", 1)
        assert name in document["components"][section], ref


def test_every_value_the_schema_allows_at_its_bounds_is_accepted_and_past_them_refused(api, described, filed):
    """Sends each parameter at the edges its schema gives: the form must agree with the document."""
    archivist = api(Role.ARCHIVIST)
    for parameter in described["operation"]["parameters"]:
        name, schema = parameter["name"], parameter["schema"]
        for value in _allowed(name, schema):
            response = search(archivist, **{name: value})
            assert response.status_code == 200, (name, value, response.content)
        for value in _refused(schema):
            response = search(archivist, **{name: value})
            assert is_error(response, 400, "invalid_input"), (name, value)


def _allowed(name: str, schema: dict) -> list:
    if name == "page":  # the upper bound is past the last page: 404, checked above
        return [schema["minimum"]]
    if schema["type"] == "integer":
        return [schema["minimum"], schema["maximum"]]
    if schema["type"] == "boolean":
        return ["true", "false"]
    if "enum" in schema:
        return schema["enum"]
    if schema.get("format") == "date":
        return ["2025-02-28"]
    if schema["type"] == "array":
        return [["a"] * schema["maxItems"]]
    return ["a" * schema["maxLength"]]


def _refused(schema: dict) -> list:
    if schema["type"] == "integer":
        return [schema["minimum"] - 1, schema["maximum"] + 1, "1.5"]
    if "enum" in schema:
        return ["-".join(schema["enum"])]
    if schema.get("format") == "date":
        return ["2025-02-30"]
    if schema["type"] == "array":
        return [["a"] * (schema["maxItems"] + 1), ["b" * (schema["items"]["maxLength"] + 1)]]
    if schema["type"] == "string":
        return ["a" * (schema["maxLength"] + 1)]
    return []  # a boolean: Django reads any text as true or false


def test_answers_match_their_schemas(api, described, filed):
    document = described["document"]
    responses = described["operation"]["responses"]
    archivist = api(Role.ARCHIVIST)
    for response in (
        search(archivist, q="Асқаров"),
        search(archivist, q="Асқаров", per_page=2, page=2),
        search(archivist, q="жоқсөз"),
        search(archivist, page=99),
        search(archivist, sort="x"),
        api(None).get(URL),
        search(api(Role.EDITOR)),
    ):
        declared = _resolve(document, responses[str(response.status_code)])
        _check(document, declared["content"]["application/json"]["schema"], response.json())


def _resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        section, name = node["$ref"].removeprefix("#/components/").split("/", 1)
        node = document["components"][section][name]
    return node


_JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def _check(document: dict, schema: dict, value, where: str = "$") -> None:
    """The JSON Schema keywords the search answers use; an unknown keyword fails rather than passes."""
    schema = _resolve(document, schema)
    known = {"type", "properties", "required", "items", "additionalProperties", "enum", "minimum"}
    assert set(schema) - {"title", "description", "format", "minItems", "maxItems"} <= known, schema
    types = _listed(schema.get("type", []))
    assert not types or any(
        isinstance(value, _JSON_TYPES[t]) and not (t == "integer" and isinstance(value, bool)) for t in types
    ), (where, value, types)
    assert "enum" not in schema or value in schema["enum"], (where, value)
    assert "minimum" not in schema or value >= schema["minimum"], (where, value)
    if isinstance(value, dict):
        assert set(schema.get("required", [])) <= set(value), (where, value)
        for key, item in value.items():
            child = schema.get("properties", {}).get(key, schema.get("additionalProperties"))
            if isinstance(child, dict):
                _check(document, child, item, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(document, schema["items"], item, f"{where}[{index}]")


# -- fuzzing: no parameters give a 500 ---------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_param_values = st.dictionaries(
    st.sampled_from([*RecordSearchForm.base_fields, *FILTER_PARAMS]),
    st.lists(_text | st.integers(-5, 20_000).map(str) | st.dates().map(str), min_size=1, max_size=3),
    max_size=5,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=_param_values)
def test_no_parameters_give_a_500(archivist, filed, params):
    response = archivist.client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {archivist.key}")
    assert response.status_code in (200, 400, 404), response.content
    assert response.status_code == 200 or set(response.json()) == ERROR_KEYS


@pytest.fixture
def archivist(api) -> Api:
    return api(Role.ARCHIVIST)  # one token for all the examples


# -- a real server and a real token --------------------------------------------------------------------------


def _get(url: str, key: str | None = None, language: str = "kk") -> tuple[int, dict]:
    headers = {"Accept-Language": language, **({"Authorization": f"Bearer {key}"} if key else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _token_from_the_command(username: str) -> str:
    out = io.StringIO()
    call_command("api_token", "create", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


@pytest.mark.django_db(transaction=True)
def test_a_real_server_with_a_token_from_the_command(live_server, filed, users):
    archivist_key = _token_from_the_command(users[Role.ARCHIVIST].username)
    editor_key = _token_from_the_command(users[Role.EDITOR].username)
    base = live_server.url + URL

    status, body = _get(base + "?q=%D0%90%D1%81%D2%9B%D0%B0%D1%80%D0%BE%D0%B2", archivist_key)
    assert status == 200 and body["count"] == 3 and len(body["results"]) == 3
    status, body = _get(base)
    assert status == 401 and set(body) == ERROR_KEYS and body["code"] == "unauthorized"
    status, body = _get(base, editor_key)
    assert status == 403 and body["code"] == "permission_denied"
    status, body = _get(base + "?page=999", archivist_key)
    assert status == 404 and set(body) == ERROR_KEYS and body["code"] == "not_found"
    status, body = _get(base + "?per_page=500&sort=best", archivist_key, language="ru")
    assert status == 400 and body["code"] == "invalid_input"
    assert sorted(body["field_errors"]) == ["per_page", "sort"]
    with translation.override("ru"):
        assert body["message"] == gettext("Invalid search parameters.")
    status, schema = _get(live_server.url + SCHEMA_URL)
    assert status == 200 and "/search/" in schema["paths"]
