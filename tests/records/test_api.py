"""The JSON API /api/v1/: token authentication, create / read / transitions / perform, errors as JSON with a
stable code and the right 4xx, nothing written on a refusal, the OpenAPI document, and fuzzed bodies that
never produce a 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import SERVICES
from catalogue.roles import Role
from records.api_tokens import ApiToken, hash_key
from records.applicants import Applicant
from records.applications import Application
from records.services import available_transitions, describe_transition, service_transitions

from .conftest import FILING_DATA, doc, required_docs, valid_iin
from .ui_support import audit_count

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"code", "message", "field_errors"}


class Api:
    """A test client speaking JSON with a bearer token."""

    def __init__(self, client, key: str | None) -> None:
        self.client, self.key = client, key

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def get(self, path: str):
        return self.client.get(path, **self._headers())

    def post(self, path: str, body=None, raw: bytes | str | None = None):
        data = raw if raw is not None else json.dumps({} if body is None else body)
        return self.client.post(path, data, content_type="application/json", **self._headers())


@pytest.fixture
def api(client, users):
    """api(role) -> a JSON client holding a token of that role's user."""

    def _api(role: Role | None):
        if role is None:
            return Api(client, None)
        _token, key = ApiToken.issue(users[role], services=SERVICES if role is Role.PORTAL else ())
        return Api(client, key)

    return _api


def create_body(identifier: str, service: str = "vet_sanitary_conclusion", **extra) -> dict:
    return {
        "service": service,
        "applicant": {"kind": "individual", "identifier": identifier, "name": "Асқаров Нұрлан"},
        "data": dict(FILING_DATA[service]),
        "documents": required_docs(service),  # the portal channel requires them (issue 14)
        **extra,
    }


def apps_url() -> str:
    return reverse("records_api:applications")


def app_url(app_id: int) -> str:
    return reverse("records_api:application", args=[app_id])


def transitions_url(app_id: int) -> str:
    return reverse("records_api:transitions", args=[app_id])


def perform_url(app_id: int, name: str) -> str:
    return reverse("records_api:perform", args=[app_id, name])


def is_error(response, status: int, code: str) -> bool:
    body = response.json()
    return response.status_code == status and set(body) == ERROR_KEYS and body["code"] == code


@pytest.fixture
def registered(file, step):
    return step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)


# -- the happy path ----------------------------------------------------------------------------------------


def test_create_read_list_and_perform(api, users, clock, person):
    clerk, head = api(Role.OFFICE), api(Role.HEAD)
    created = clerk.post(apps_url(), create_body(person.identifier))
    assert created.status_code == 201
    app = created.json()
    assert (app["state"], app["channel"], app["service"]) == (
        "submitted",
        "office",
        "vet_sanitary_conclusion",
    )
    assert created["Location"] == app_url(app["id"])
    assert [e["transition"] for e in app["timeline"]] == ["file"]
    listed = clerk.get(transitions_url(app["id"])).json()
    assert [t["name"] for t in listed["transitions"]] == ["register"]
    registered = clerk.post(perform_url(app["id"], "register"), {"expected_state": "submitted"})
    assert registered.status_code == 200 and registered.json()["state"] == "registered"
    offered = head.get(transitions_url(app["id"])).json()["transitions"]
    assign = next(t for t in offered if t["name"] == "assign")
    assert {f["name"] for f in assign["fields"]} == {"comment", "executor", "resolution_text"}
    executor = next(f for f in assign["fields"] if f["name"] == "executor")
    assert {"value": str(users[Role.EXECUTOR].pk), "label": users[Role.EXECUTOR].get_full_name()} in executor[
        "choices"
    ]
    data = {"executor": users[Role.EXECUTOR].pk, "resolution_text": "Орындауға."}
    assigned = head.post(assign["url"], {"data": data})
    assert assigned.status_code == 200
    body = assigned.json()
    assert body["state"] == "assigned" and body["assigned_executor"]["id"] == users[Role.EXECUTOR].pk
    assert [e["transition"] for e in body["timeline"]] == ["file", "register", "assign"]
    assert head.get(app_url(app["id"])).json() == body


def test_the_portal_account_files_through_the_portal_with_the_signature_recorded(api, clock):
    iin = valid_iin(start=600)
    created = api(Role.PORTAL).post(apps_url(), create_body(iin, "vet_certificate", signature="MIIB..."))
    assert created.status_code == 201
    body = created.json()
    assert body["channel"] == "portal" and body["signature"]["status"] == "not_verified"


# -- authentication and permissions -----------------------------------------------------------------------


def test_no_token_a_wrong_token_and_a_revoked_token_are_401(api, client, users, registered):
    assert is_error(api(None).get(app_url(registered.pk)), 401, "unauthorized")
    assert api(None).get(app_url(registered.pk))["WWW-Authenticate"].startswith("Bearer")
    assert is_error(Api(client, "vrp_not-a-token").get(app_url(registered.pk)), 401, "unauthorized")
    token, key = ApiToken.issue(users[Role.HEAD])
    assert Api(client, key).get(app_url(registered.pk)).status_code == 200
    token.revoke()
    assert is_error(Api(client, key).get(app_url(registered.pk)), 401, "unauthorized")
    users[Role.OFFICE].is_active = False
    users[Role.OFFICE].save()
    _token, office_key = ApiToken.issue(users[Role.OFFICE])
    assert is_error(Api(client, office_key).get(app_url(registered.pk)), 401, "unauthorized")
    # A session does not authenticate the API.
    client.force_login(users[Role.HEAD])
    assert is_error(client.get(app_url(registered.pk)), 401, "unauthorized")


def test_tokens_are_stored_hashed_and_record_their_use(api, users, registered):
    token, key = ApiToken.issue(users[Role.HEAD], "staff tool")
    assert token.key_hash == hash_key(key) and key not in token.key_hash and token.last_used is None
    Api(api(None).client, key).get(app_url(registered.pk))
    token.refresh_from_db()
    assert token.last_used is not None


def test_not_allowed_is_403_and_changes_nothing(api, registered):
    before = audit_count(registered)
    denied = api(Role.OFFICE).post(perform_url(registered.pk, "assign"), {"data": {"resolution_text": "x"}})
    assert is_error(denied, 403, "permission_denied")
    assert is_error(api(Role.EDITOR).get(app_url(registered.pk)), 403, "permission_denied")
    assert (
        Application.objects.get(pk=registered.pk).state == "registered" and audit_count(registered) == before
    )


def test_unknown_ids_and_addresses_are_404(api):
    head = api(Role.HEAD)
    assert is_error(head.get(app_url(999_999)), 404, "not_found")
    assert is_error(head.post(perform_url(999_999, "assign"), {}), 404, "not_found")
    assert is_error(head.get("/api/v1/nothing-here"), 404, "not_found")
    assert is_error(head.client.delete(app_url(1)), 405, "method_not_allowed")


# -- bad input ---------------------------------------------------------------------------------------------


PERSON = {"kind": "individual", "identifier": "880515300120", "name": "Асқаров Нұрлан"}
VALID = {
    "service": "vet_certificate",
    "applicant": PERSON,
    "data": {"subject": "animal", "description": "сиыр"},
}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("{not json", "body"),
        ("[1, 2]", ""),
        ('{"service": NaN}', "body"),
        ('{"service": "vet_certificate", "data": {"description": "a\\u0000b"}}', "body"),
        ('{"service": "vet_certificate", "data": {"description": "\\ud800"}}', "body"),
        ('{"service": "vet_certificate", "applicant": {"\\udfff": 1}}', "body"),
        (json.dumps({**VALID, "service": 5}), "service"),
        (json.dumps({**VALID, "service": "no_such_service"}), "service"),
        (json.dumps({**VALID, "applicant": "me"}), "applicant"),
        (json.dumps({**VALID, "extra": 1}), "extra"),
        (json.dumps({**VALID, "applicant": {**PERSON, "identifier": 880515300120}}), "applicant.identifier"),
        (json.dumps({**VALID, "applicant": {**PERSON, "name": "x" * 301}}), "applicant.name"),
        (json.dumps({**VALID, "data": {"description": ["a"]}}), "data.description"),
        (
            json.dumps({**VALID, "data": {"subject": "animal", "description": "a", "unknown": "a"}}),
            "data.unknown",
        ),
        (json.dumps({**VALID, "data": {"subject": "unicorn", "description": "a"}}), "data.subject"),
        (json.dumps({**VALID, "documents": {"name": "a"}}), "documents"),
        (json.dumps({**VALID, "documents": [{"name": "a", "sha256": "xyz"}]}), "documents"),
        (json.dumps({**VALID, "subcase": "assign"}), "subcase"),
        (json.dumps({**VALID, "channel": "fax"}), "channel"),
        (json.dumps({**VALID, "representative": {"name": "A"}}), "representative.iin"),
    ],
)
def test_malformed_bodies_are_400_invalid_input_and_file_nothing(api, clock, raw, field):
    before = (Application.objects.count(), Applicant.objects.count())
    response = api(Role.OFFICE).post(apps_url(), raw=raw)
    assert is_error(response, 400, "invalid_input"), response.json()
    errors = response.json()["field_errors"]
    assert field == "" or field in errors, errors
    assert (Application.objects.count(), Applicant.objects.count()) == before


def test_the_valid_body_of_those_cases_is_accepted(api, clock):
    assert api(Role.EXECUTOR).post(apps_url(), {**VALID, "documents": [doc()]}).status_code == 201


def test_an_oversized_body_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(Role.OFFICE).post(apps_url(), {**VALID, "signature": "x" * 2000})
    assert is_error(response, 413, "payload_too_large")
    assert not Application.objects.exists()


def test_a_representative_iin_typed_with_dashes_is_stored_as_its_digits(api, clock):
    representative = {
        "name": "Омаров Ерлан",
        "iin": "880-515-300-120",
        "power_of_attorney_no": "17",
        "power_of_attorney_date": "2025-01-10",
    }
    body = {**VALID, "documents": [doc()], "representative": representative}
    response = api(Role.EXECUTOR).post(apps_url(), body)
    assert response.status_code == 201, response.json()
    assert Application.objects.get(pk=response.json()["id"]).representative_iin == "880515300120"


def test_a_wrong_iin_is_400_naming_the_field(api, clock):
    response = api(Role.OFFICE).post(apps_url(), create_body("880515300129"))
    assert is_error(response, 400, "invalid_input")
    assert "applicant.identifier" in response.json()["field_errors"]
    assert not Applicant.objects.filter(identifier="880515300129").exists()


def test_missing_filing_data_is_400_naming_the_data_field(api, person, clock):
    body = create_body(person.identifier)
    del body["data"]["object_name"]
    response = api(Role.OFFICE).post(apps_url(), body)
    assert is_error(response, 400, "invalid_input")
    assert "data.object_name" in response.json()["field_errors"]
    assert not Application.objects.exists()


def test_transition_errors_have_their_codes_and_change_nothing(api, users, registered):
    head = api(Role.HEAD)
    before = audit_count(registered)
    executor = users[Role.EXECUTOR].pk
    missing = head.post(perform_url(registered.pk, "assign"), {"data": {"executor": executor}})
    assert (
        is_error(missing, 400, "invalid_input") and "data.resolution_text" in missing.json()["field_errors"]
    )
    wrong_type = head.post(
        perform_url(registered.pk, "assign"), {"data": {"executor": executor, "resolution_text": 7}}
    )
    assert is_error(wrong_type, 400, "invalid_input")
    unknown = head.post(
        perform_url(registered.pk, "assign"), {"data": {"executor": executor, "colour": "red"}}
    )
    assert is_error(unknown, 400, "invalid_input")
    forbidden = api(Role.OFFICE).post(perform_url(registered.pk, "register"))
    assert is_error(forbidden, 409, "forbidden_transition")
    assert is_error(head.post(perform_url(registered.pk, "fly")), 409, "forbidden_transition")
    stale = head.post(
        perform_url(registered.pk, "assign"),
        {"data": {"executor": executor, "resolution_text": "x"}, "expected_state": "submitted"},
    )
    assert is_error(stale, 409, "conflict")
    assert (
        Application.objects.get(pk=registered.pk).state == "registered" and audit_count(registered) == before
    )


def test_a_failed_guard_is_422(api, run_path, clock):
    from .paths import PATHS_BY_KEY

    app = run_path(PATHS_BY_KEY["s1-office"], until=5, check=False)  # inspected: the act must be attached
    response = api(Role.EXECUTOR).post(perform_url(app.pk, "submit_act"), {"data": {"act_number": "17"}})
    assert is_error(response, 422, "guard_failed")
    assert Application.objects.get(pk=app.pk).state == "inspected"


# -- the OpenAPI document -----------------------------------------------------------------------------------


def refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


def test_the_schema_is_openapi_3_1_built_from_the_transition_descriptions(client, users):
    response = client.get(reverse("records_api:schema"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {
        "/applications/",
        "/applications/{id}/",
        "/applications/{id}/transitions/",
        "/applications/{id}/transitions/{name}/",
        "/search/",
        "/schema/",
        "/acts/",  # public: the published acts (portal.acts_api)
        "/acts/{code}/",
        "/acts/{code}/points/{eid}/",
    }
    components = schema["components"]
    for ref in refs(schema):  # every reference resolves
        section, name = ref.removeprefix("#/components/").split("/", 1)
        assert name in components[section], ref
    for service in FILING_DATA:
        for spec in service_transitions(service):
            info = describe_transition(service, spec.name)
            data = components["schemas"][f"TransitionData.{service}.{spec.name}"]
            assert set(data["properties"]) == {f.name for f in info.fields}
            assert set(data.get("required", [])) == {f.name for f in info.fields if f.required}
            assert data["x-attachment-required"] == info.attachment_required
    assign = components["schemas"]["TransitionData.vet_sanitary_conclusion.assign"]
    assert str(users[Role.EXECUTOR].pk) in assign["properties"]["executor"]["enum"]


def test_listed_transitions_match_the_records_services(api, users, registered):
    for role in (Role.HEAD, Role.OFFICE, Role.EXECUTOR):
        listed = api(role).get(transitions_url(registered.pk)).json()["transitions"]
        assert [t["name"] for t in listed] == [t.name for t in available_transitions(registered, users[role])]


# -- api_token -------------------------------------------------------------------------------------------


def test_the_api_token_command_prints_the_token_once(users, client, registered):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "create", users[Role.HEAD].username, "--name", "tool", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert ApiToken.objects.get(key_hash=hash_key(key)).user == users[Role.HEAD]
    assert Api(client, key).get(app_url(registered.pk)).status_code == 200
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert key[:12] in listing.getvalue() and key not in listing.getvalue()
    call_command("api_token", "revoke", key[:12], stdout=io.StringIO())
    assert Api(client, key).get(app_url(registered.pk)).status_code == 401


# -- fuzzing -----------------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
FIELD_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=40)
    | st.lists(st.text(max_size=5), max_size=2)
)


def create_bodies():
    applicant = st.fixed_dictionaries(
        {},
        optional={
            "kind": st.sampled_from(["individual", "legal_entity", "robot"]) | JSON,
            "identifier": st.text(alphabet="0123456789 -", max_size=14) | JSON,
            "name": st.text(max_size=20) | JSON,
            "email": st.text(max_size=20),
        },
    )
    return (
        st.fixed_dictionaries(
            {},
            optional={
                "service": st.sampled_from([*FILING_DATA, "nope"]) | JSON,
                "subcase": st.sampled_from(["", "assign", "issue", "passport_extract", "x"]) | JSON,
                "channel": st.sampled_from(["office", "portal", "fax"]) | JSON,
                "applicant": applicant | JSON,
                "data": st.dictionaries(
                    st.sampled_from(
                        [
                            "object_name",
                            "object_address",
                            "description",
                            "subject",
                            "activity",
                            "head_count",
                            "x",
                        ]
                    ),
                    FIELD_VALUES,
                    max_size=4,
                )
                | JSON,
                "documents": st.lists(
                    st.fixed_dictionaries({"name": st.text(max_size=8), "sha256": st.text(max_size=64)}),
                    max_size=2,
                )
                | JSON,
                "representative": JSON,
                "signature": JSON,
            },
        )
        | JSON
    )


def transition_bodies():
    return (
        st.fixed_dictionaries(
            {},
            optional={
                "data": st.dictionaries(
                    st.sampled_from(
                        ["executor", "resolution_text", "comment", "documents_complete", "reason", "x"]
                    ),
                    FIELD_VALUES,
                    max_size=4,
                )
                | JSON,
                "attachments": JSON,
                "expected_state": st.sampled_from(["registered", "assigned", "nope"]) | JSON,
            },
        )
        | JSON
    )


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(body=create_bodies())
def test_no_create_body_gives_a_500(api, clock, body):
    response = api(Role.OFFICE).post(apps_url(), body)
    assert response.status_code in (201, 400, 403, 409, 422), response.content
    if response.status_code != 201:
        assert set(response.json()) == ERROR_KEYS


@FUZZ
@given(
    name=st.sampled_from(["assign", "register", "refuse_incomplete", "confirm_complete", "x"]),
    body=transition_bodies(),
)
def test_no_transition_body_gives_a_500(api, registered, name, body):
    response = api(Role.HEAD).post(perform_url(registered.pk, name), body)
    assert response.status_code in (200, 400, 403, 409, 422), response.content
    if response.status_code != 200:
        assert set(response.json()) == ERROR_KEYS


@FUZZ
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_no_raw_body_gives_a_500(api, registered, raw):
    for path in (apps_url(), perform_url(registered.pk, "assign")):
        response = api(Role.HEAD).post(path, raw=raw)
        assert 400 <= response.status_code < 500 or response.status_code in (200, 201), response.content


@pytest.mark.parametrize("path", ["/api/v1/%0A", "/api/v1/%0Aapplications/", "/api/v1/nothing%0D%0A/here"])
def test_a_newline_in_an_api_path_is_a_json_404(api, path):
    # Percent-encoded: the test client (urllib) silently drops a raw newline from a URL.
    assert is_error(api(Role.HEAD).get(path), 404, "not_found")
