"""The applications' endpoints of /api/v1/: file, read, list the transitions the user may perform, perform
one.  The token is checked by the API (records.api.main); every error is answered by records.api.errors."""

from __future__ import annotations

from contextlib import contextmanager

import pydantic
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from catalogue.roles import STAFF_ROLES, Role, user_roles

from ..api_tokens import granted_services
from ..applications import Application
from ..errors import InvalidInput, NotFound, PermissionDenied
from ..portal_intake import file_application_signed
from ..scope import visible_applications
from ..services import (
    FieldInfo,
    available_transitions,
    describe_transition,
    filing_fields,
    get_or_create_applicant,
    perform_transition,
)
from ..states import OFFICE, PORTAL
from .errors import from_pydantic
from .schemas import Application as ApplicationAnswer
from .schemas import ApplicationCreate, Error, TransitionList, TransitionRequest, checked_data
from .serialize import application_json, transition_json

router = Router()
READ_ROLES = STAFF_ROLES | {Role.PORTAL}
MAX_ID = 2**63 - 1  # the largest primary key; a larger number names no application
NO_BODY = TransitionRequest()


def errors(*statuses: int) -> dict[int, type[Error]]:
    return {status: Error for status in (400, 401, 403, *statuses)}


def _readable(user, pk: int) -> Application:
    """The application, if ``user`` may read it (records.scope); one outside the scope is not found."""
    if not user_roles(user) & READ_ROLES:
        raise PermissionDenied()
    app = None
    if 0 < pk <= MAX_ID:
        applications = Application.objects.select_related("applicant", "assigned_executor")
        app = visible_applications(user, applications).filter(pk=pk).first()
    if app is None:
        raise NotFound()
    return app


def _check_filing_scope(user, service: str) -> None:
    """An integration token files only the services it was granted (records.api_tokens)."""
    roles = user_roles(user)
    if Role.PORTAL in roles and not user.is_superuser and service not in granted_services(user):
        raise PermissionDenied(
            _("This API token is not granted the service «%(service)s»."), params={"service": service}
        )


@contextmanager
def _named(prefix: str, names=None):
    """Errors of a nested object named as the body nests them (``applicant.identifier``, ``data.x``)."""
    try:
        yield
    except pydantic.ValidationError as error:
        raise from_pydantic(error, prefix) from error
    except InvalidInput as error:
        renamed = {
            f"{prefix}.{k}" if names is None or k in names else k: v for k, v in error.field_errors.items()
        }
        raise InvalidInput(error.message, field_errors=renamed) from error


def _data(value, fields: tuple[FieldInfo, ...], title: str) -> dict:
    with _named("data"):
        return checked_data(value, fields, title)


@router.post(
    "/applications/",
    response={201: ApplicationAnswer, **errors(409, 422)},
    url_name="applications",
    operation_id="createApplication",
    summary=_("File an application"),
)
def create_application(request: HttpRequest, payload: ApplicationCreate, response: HttpResponse):
    user = request.auth
    _check_filing_scope(user, payload.service)
    fields = filing_fields(payload.service, payload.subcase or "")
    data = _data(payload.data, fields, f"FilingData.{payload.service}")
    default_channel = PORTAL if Role.PORTAL in user_roles(user) else OFFICE
    applicant = payload.applicant
    with transaction.atomic():
        with _named("applicant"):
            holder = get_or_create_applicant(
                applicant.kind,
                applicant.identifier,
                applicant.name,
                address=applicant.address or "",
                phone=applicant.phone or "",
                email=applicant.email or "",
            )
        with _named("data", {info.name for info in fields}):
            app = file_application_signed(
                payload.service,
                applicant=holder,
                channel=payload.channel or default_channel,
                subcase=payload.subcase or "",
                data=data,
                documents=[file.model_dump(exclude_none=True) for file in payload.documents or ()],
                by=user,
                representative=payload.representative and payload.representative.model_dump(),
                signature=payload.signature or "",
                unit=payload.unit or "",
            )
    app = _readable(user, app.pk)
    response["Location"] = reverse("records_api:application", args=[app.pk])
    return Status(201, application_json(app))


@router.get(
    "/applications/{int:id}/",
    response={200: ApplicationAnswer, **errors(404)},
    url_name="application",
    operation_id="getApplication",
    summary=_("Read an application with its timeline"),
)
def application(request: HttpRequest, id: int):
    return application_json(_readable(request.auth, id))


@router.get(
    "/applications/{int:id}/transitions/",
    response={200: TransitionList, **errors(404)},
    url_name="transitions",
    operation_id="listTransitions",
    summary=_("The transitions the authenticated user may perform now"),
    exclude_unset=True,
)
def transitions(request: HttpRequest, id: int):
    app = _readable(request.auth, id)
    offered = available_transitions(app, request.auth)
    return {"state": app.state, "transitions": [transition_json(t, app) for t in offered]}


@router.post(
    "/applications/{int:id}/transitions/{name}/",
    response={200: ApplicationAnswer, **errors(404, 409, 422)},
    url_name="perform",
    operation_id="performTransition",
    summary=_("Perform a transition with its data"),
)
def perform(request: HttpRequest, id: int, name: str, payload: TransitionRequest = NO_BODY):
    user = request.auth
    app = _readable(user, id)
    info = next((t for t in available_transitions(app, user) if t.name == name), None)
    info = info or describe_transition(app.service, name)
    if info is None:  # no such transition: the records services say so in their words
        perform_transition(app.pk, name, user=user)
    data = _data(payload.data, info.fields, f"TransitionData.{app.service}.{name}")
    with _named("data", {field.name for field in info.fields}):
        perform_transition(
            app.pk,
            name,
            user=user,
            data=data,
            attachments=[file.model_dump() for file in payload.attachments or ()],
            expected_state=payload.expected_state or None,
        )
    return application_json(_readable(user, id))
