"""The endpoints of /api/v1/ (see records/api/__init__.py for the error codes)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from catalogue.roles import Role, user_roles
from portal.procedure import SERVICES

from ..api_tokens import user_for_key
from ..applications import Application
from ..errors import InvalidInput, NotFound, PermissionDenied, RecordsError
from ..portal_intake import file_application_signed
from ..services import (
    available_transitions,
    describe_transition,
    filing_fields,
    get_or_create_applicant,
    perform_transition,
)
from ..staff.access import STAFF_ROLES
from ..states import OFFICE, PORTAL
from . import bodies
from .errors import (
    InternalError,
    MethodNotAllowed,
    PayloadTooLarge,
    Unauthorized,
    UnknownEndpoint,
    error_response,
    invalid,
    json_response,
)
from .schema import openapi_document
from .serialize import application_json, transition_json

logger = logging.getLogger(__name__)
READ_ROLES = STAFF_ROLES | {Role.PORTAL}
CREATE_KEYS = (
    "service",
    "subcase",
    "channel",
    "applicant",
    "data",
    "documents",
    "representative",
    "signature",
)


def endpoint(*methods: str, authenticated: bool = True) -> Callable:
    """JSON in, JSON out: checks the method and the token; every error is ``{"code", "message", …}``."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> JsonResponse:
            response = _answer(view, allowed, authenticated, request, *args, **kwargs)
            request.urlconf = "records.api.root_urls"  # see that module: a JSON 404 stays a 404
            return response

        return csrf_exempt(never_cache(wrapped))

    return decorator


def _answer(view, allowed, authenticated, request, *args, **kwargs) -> JsonResponse:
    try:
        if request.method not in allowed:
            response = error_response(MethodNotAllowed())
            response["Allow"] = ", ".join(sorted(allowed))
            return response
        user = authenticate(request) if authenticated else None
        return view(request, user, *args, **kwargs)
    except RecordsError as error:
        return error_response(error)
    except RequestDataTooBig:
        return error_response(PayloadTooLarge())
    except Exception:  # a bug: logged, and still answered in JSON
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(InternalError())


def authenticate(request: HttpRequest):
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if not header or scheme.lower() not in ("bearer", "token"):
        raise Unauthorized()
    user = user_for_key(key.strip())
    if user is None:
        raise Unauthorized(_("The API token is not valid or has been revoked."))
    return user


def _readable(user, pk: int) -> Application:
    if not user_roles(user) & READ_ROLES:
        raise PermissionDenied()
    app = Application.objects.select_related("applicant", "assigned_executor").filter(pk=pk).first()
    if app is None:
        raise NotFound()
    return app


@contextmanager
def _data_errors(fields):
    """Name the errors of the body's ``data`` fields as ``data.<field>``, as the body nests them."""
    names = {info.name for info in fields}
    try:
        yield
    except InvalidInput as error:
        renamed = {f"data.{k}" if k in names else k: v for k, v in error.field_errors.items()}
        raise InvalidInput(error.message, field_errors=renamed) from error


@endpoint("POST")
def create_application(request: HttpRequest, user) -> JsonResponse:
    body = bodies.expect_object(bodies.parse_json(request.body), "", CREATE_KEYS)
    service = body.get("service")
    if not isinstance(service, str) or service not in SERVICES:
        raise invalid("service", _("Unknown service."))
    subcase = bodies.optional_string(body, "subcase", "", 40)
    default_channel = PORTAL if Role.PORTAL in user_roles(user) else OFFICE
    channel = bodies.optional_string(body, "channel", "", 10) or default_channel
    applicant = bodies.checked_form(bodies.ApplicantInput, body.get("applicant"), "applicant")
    data = bodies.typed_data(body.get("data"), filing_fields(service, subcase), "data")
    documents = bodies.file_references(body.get("documents"), "documents")
    representative = body.get("representative")
    if representative is not None:
        representative = bodies.checked_form(bodies.RepresentativeInput, representative, "representative")
    signature = bodies.optional_string(body, "signature", "", 100_000)
    with transaction.atomic():
        try:
            holder = get_or_create_applicant(
                applicant["kind"],
                applicant["identifier"],
                applicant["name"],
                address=applicant["address"],
                phone=applicant["phone"],
                email=applicant["email"],
            )
        except InvalidInput as error:
            raise InvalidInput(
                error.message, field_errors={f"applicant.{k}": v for k, v in error.field_errors.items()}
            ) from error
        with _data_errors(filing_fields(service, subcase)):
            app = file_application_signed(
                service,
                applicant=holder,
                channel=channel,
                subcase=subcase,
                data=data,
                documents=documents,
                by=user,
                representative=representative,
                signature=signature,
            )
    app = _readable(user, app.pk)
    response = json_response(application_json(app), status=201)
    response["Location"] = reverse("records_api:application", args=[app.pk])
    return response


@endpoint("GET")
def application(request: HttpRequest, user, pk: int) -> JsonResponse:
    return json_response(application_json(_readable(user, pk)))


@endpoint("GET")
def transitions(request: HttpRequest, user, pk: int) -> JsonResponse:
    app = _readable(user, pk)
    return json_response(
        {
            "state": app.state,
            "transitions": [transition_json(t, app) for t in available_transitions(app, user)],
        }
    )


@endpoint("POST")
def perform(request: HttpRequest, user, pk: int, name: str) -> JsonResponse:
    app = _readable(user, pk)
    body = bodies.expect_object(
        bodies.parse_json(request.body), "", ("data", "attachments", "expected_state")
    )
    info = next((t for t in available_transitions(app, user) if t.name == name), None)
    info = info or describe_transition(app.service, name)
    if info is None:  # no such transition: the records services say so in their words
        perform_transition(app.pk, name, user=user)
    data = bodies.typed_data(body.get("data"), info.fields, "data")
    attachments = bodies.file_references(body.get("attachments"), "attachments")
    expected = bodies.optional_string(body, "expected_state", "", 40) or None
    with _data_errors(info.fields):
        perform_transition(
            app.pk, name, user=user, data=data, attachments=attachments, expected_state=expected
        )
    return json_response(application_json(_readable(user, pk)))


@endpoint("GET", authenticated=False)
def schema(request: HttpRequest, user) -> JsonResponse:
    return json_response(openapi_document())


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE", authenticated=False)
def unknown(request: HttpRequest, user, path: str = "") -> JsonResponse:
    raise UnknownEndpoint()
