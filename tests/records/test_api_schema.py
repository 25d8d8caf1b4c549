"""The OpenAPI document of /api/v1/ against the server, by schemathesis: requests generated from the document
(valid and invalid ones) sent to the WSGI application in process, with the token of an office clerk (the
demo's `office_clerk`).  The server must never fail (5xx), answer only the statuses the document lists, with
bodies of the documented schemas, accept what the document allows and refuse what it does not.

What a JSON Schema cannot say is taught to the generator rather than left out of the checks: a valid
request carries IIN/BINs with a right checksum, a power of attorney dated in the past, a date range in order
and, half the time, the id of an application that exists (``map_case``); no text holds a NUL character,
which the API refuses in any string (``allow-x00``).  Only one refusal of a valid request is the server
being right: a licence number the database does not hold for the applicant; and an invalid query that
reached the server as a valid one is no acceptance of invalid data (``filter_failure``).

Then chains of calls (schemathesis's state machine, links inferred from the document): file, read, list the
transitions and perform them on the application the chain filed."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import hypothesis
import jsonschema_rs
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import RejectedPositiveData

from catalogue.roles import Role
from records.api_tokens import ApiToken
from records.applications import Application
from records.identifiers import make_bin, make_iin
from records.services import available_transitions

pytestmark = pytest.mark.django_db
LICENCE_NUMBERS = {"data.licence_number", "data.annex_to"}  # must name an active licence of the applicant
CHECKS = {
    "not_a_server_error": {},
    "status_code_conformance": {},
    "content_type_conformance": {},
    "response_schema_conformance": {},
    "negative_data_rejection": {},
    "positive_data_acceptance": {},
}


# Schemathesis calls the WSGI app directly, with requests' default "Accept-Encoding: gzip", and does not
# decode what the compression middleware (portal.compression) then sends: ask for the plain body.
PLAIN = {"Accept-Encoding": "identity"}


def identifiers(make) -> Iterator[str]:
    """Distinct valid numbers: ``make(serial)`` for serials that give one."""
    return (number for serial in itertools.count(1) if (number := make(serial)))


IINS = identifiers(lambda serial: make_iin(date(1990, 4, 2), female=False, serial=serial))
BINS = identifiers(lambda serial: make_bin(2012, 6, serial=serial))


def map_case(context, case):
    """A valid request as the server's rules beyond the document want it."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    body = case.body if isinstance(case.body, dict) and case.operation.label == "POST /applications/" else {}
    if isinstance(body.get("applicant"), dict):
        applicant = body["applicant"]
        applicant["identifier"] = next(IINS if applicant.get("kind") == "individual" else BINS)
        # Names in Kazakh/Russian letters (records.names, issue 14)
        applicant["name"] = "Асқаров Нұрлан" if applicant.get("kind") == "individual" else "«Агро» ЖШС"
    if isinstance(body.get("representative"), dict):  # and a power of attorney not dated in the future
        representative = {"iin": next(IINS), "power_of_attorney_date": "2025-01-10", "name": "Омаров Ерлан"}
        body["representative"].update(representative)
    path = case.path_parameters or {}
    if isinstance(path.get("id"), int) and path["id"] % 2 == 0:  # half of them: an application that exists
        known = list(Application.objects.order_by("pk").values_list("pk", flat=True))
        path["id"] = known[path["id"] % len(known)]
    query = case.query or {}
    start, end = query.get("date_from"), query.get("date_to")
    if case.operation.label == "GET /search/" and start and end and end < start:
        query["date_from"], query["date_to"] = end, start
    return case


def filter_failure(context, failure, case, response) -> bool:
    """False (dropped) for a valid filing refused for naming a licence the applicant does not hold, and for
    an invalid query that reached the server as a valid one (``[]`` sends nothing, ``false`` is text too)."""
    if isinstance(failure, AcceptedNegativeData):
        return not _sent_query_is_valid(case, response.request.url)
    if not isinstance(failure, RejectedPositiveData) or case.operation.label != "POST /applications/":
        return True
    answer = response.json()
    return not (answer["code"] == "invalid_input" and set(answer["field_errors"]) <= LICENCE_NUMBERS)


def _sent_query_is_valid(case, url: str) -> bool:
    negative = {where for where, part in case.meta.components.items() if part.mode.is_negative}
    if negative != {ParameterLocation.QUERY}:
        return False
    parameters = {p["name"]: p for p in case.operation.definition.raw["parameters"] if p["in"] == "query"}
    for name, values in parse_qs(urlsplit(url).query, keep_blank_values=True).items():
        parameter, schema = parameters.get(name), parameters.get(name, {}).get("schema", {})
        if parameter is None or (values == [""] and parameter.get("allowEmptyValue")):
            continue  # an unknown parameter is ignored; an empty one is absent
        if schema.get("type") != "array" and len(values) > 1:
            return False
        sent = values if schema.get("type") == "array" else _typed(values[0], schema.get("type"))
        if not jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(sent):
            return False
    return True


def _typed(text: str, json_type: str | None):
    if json_type == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    return {"true": True, "false": False}.get(text, text) if json_type == "boolean" else text


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, without the closing of old connections at each request's start and end
    (as Django's test client does): on PostgreSQL it would end the test's transaction."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(users, file, step, wsgi_app):
    """The document as the server gives it, a few applications to read, and the clerk's token."""
    step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    file("vet_certificate")
    _token, key = ApiToken.issue(users[Role.OFFICE])
    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {key}", **PLAIN},
            "generation": {"max-examples": 100, "deterministic": True, "allow-x00": False},
            "checks": CHECKS,
            "phases": {"stateful": {"enabled": False}},
        }
    )
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, config=config)
    loaded.hook(map_case)
    loaded.hook(filter_failure)
    answers: set[tuple[str, int]] = set()

    @loaded.hook
    def after_call(context, case, response):
        answers.add((case.operation.label, response.status_code))

    yield loaded
    # The generated requests reached the answers worth checking against their schemas, not only errors.
    assert {
        ("POST /applications/", 201),
        ("GET /applications/{id}/", 200),
        ("GET /search/", 200),
    } <= answers, sorted(answers)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def node_id(request):
    """schemathesis 4.32 names its subtests through ``node._nodeid``, which pytest 9 no longer sets."""
    request.node._nodeid = request.node.nodeid


@schema.parametrize()
def test_the_server_does_what_its_document_says(case):
    # call_and_validate raises on any failed check (CHECKS); the answer itself is never a server error.
    response = case.call_and_validate()
    assert response.status_code < 500, response.text


# --- Chains of calls ---------------------------------------------------------------------------------------


def name_a_transition(context, case):
    """Half of the transitions asked for in a chain are ones the token's user may perform on the application
    the chain created (schemathesis links the id; the document cannot say which names a state allows)."""
    path = case.path_parameters or {}
    if case.operation.label != "POST /applications/{id}/transitions/{name}/" or not isinstance(
        path.get("id"), int
    ):
        return case
    app = Application.objects.filter(pk=path["id"]).first() if 0 < path["id"] < 2**63 else None
    clerk = ApiToken.objects.filter(revoked__isnull=True).select_related("user").first().user
    names = [info.name for info in available_transitions(app, clerk)] if app is not None else []
    if names and len(str(path.get("name", ""))) % 2 == 0:
        path["name"] = names[len(str(path["name"])) % len(names)]
    return case


@pytest.fixture
def api_state_machine(users, file, wsgi_app):
    """The state machine schemathesis infers from the document: POST /applications/ gives the id that
    GET /applications/{id}/ and the transitions read (links inferred from the response schemas)."""
    file("vet_certificate")
    _token, key = ApiToken.issue(users[Role.OFFICE])
    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {key}", **PLAIN},
            "generation": {"deterministic": True, "allow-x00": False, "mode": "positive"},
            "checks": CHECKS,
        }
    )
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, config=config)
    loaded.hook(map_case)
    loaded.hook(filter_failure)
    loaded.hook("map_case")(name_a_transition)
    return loaded.as_state_machine()


def test_chains_of_calls_keep_to_the_document(api_state_machine):
    """File, read, list the transitions, perform them, in chains: every answer as documented, none a 5xx."""
    answers: set[tuple[str, int]] = set()

    class Machine(api_state_machine):
        def after_call(self, response, case):
            super().after_call(response, case)
            answers.add((case.operation.label, response.status_code))

    Machine.run(
        settings=hypothesis.settings(
            max_examples=25,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
    # The chains reached the answers that need an application created earlier in the same chain.
    assert {
        ("POST /applications/", 201),
        ("GET /applications/{id}/transitions/", 200),
        ("POST /applications/{id}/transitions/{name}/", 200),
    } <= answers, sorted(answers)
    assert not any(status >= 500 for _label, status in answers)
