"""Every error of /api/v1/ as ``{"code", "message", "field_errors"}`` with its HTTP status: the records
services' errors, the framework's (django-ninja: validation, ``HttpError``, authentication) and Django's
(``PermissionDenied``, ``Http404``, a body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``).  A router mounted on the
API (search) raises ``ninja.errors.HttpError``; a ``code`` or ``field_errors`` attribute on it is kept."""

from __future__ import annotations

import logging
from typing import Any

import pydantic
from django import forms
from django.core import exceptions as django
from django.core.exceptions import RequestDataTooBig
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from ..errors import InvalidInput, NotFound, PermissionDenied, RecordsError

logger = logging.getLogger(__name__)
STATUS = {
    "invalid_input": 400,
    "unauthorized": 401,
    "permission_denied": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "forbidden_transition": 409,
    "conflict": 409,
    "payload_too_large": 413,
    "guard_failed": 422,
    "internal_error": 500,
    "search_unavailable": 503,
}


class Unauthorized(RecordsError):
    code = "unauthorized"
    default_message = _("Send a valid API token: «Authorization: Bearer <token>».")


class MethodNotAllowed(RecordsError):
    code = "method_not_allowed"
    default_message = _("This method is not allowed here.")


class PayloadTooLarge(RecordsError):
    code = "payload_too_large"
    default_message = _("The request body is too large.")


class UnknownEndpoint(RecordsError):
    code = "not_found"
    default_message = _("There is no such API address.")


class InternalError(RecordsError):
    code = "internal_error"
    default_message = _("The request could not be completed because of an error on the server.")


class Refused(RecordsError):
    """An ``HttpError`` of a mounted router (search), in the records' shape, with its status."""

    def __init__(self, error: HttpError) -> None:
        self.status = error.status_code
        self.code = getattr(error, "code", None) or next(
            (code for code, status in STATUS.items() if status == self.status), "invalid_input"
        )
        super().__init__(error.message, field_errors=getattr(error, "field_errors", None))


def error_response(api: NinjaAPI, request: HttpRequest, error: RecordsError) -> HttpResponse:
    status = getattr(error, "status", None) or STATUS.get(error.code, 400)
    response = api.create_response(request, error.as_dict(), status=status)
    if error.code == "unauthorized":
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def as_records_error(exc: Exception) -> RecordsError:
    """The records' error an exception answers as; an unexpected one answers 500."""
    if isinstance(exc, RecordsError):
        return exc
    if isinstance(exc, ValidationError):
        return invalid_input(exc.errors, skip=2)
    if isinstance(exc, HttpError) and isinstance(exc.__cause__, RecordsError):  # from our body parser
        return exc.__cause__
    if isinstance(exc, HttpError):
        return Unauthorized() if exc.status_code == 401 else Refused(exc)
    if isinstance(exc, django.PermissionDenied):
        return PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return NotFound(str(exc) or None)
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    return InternalError()


def install(api: NinjaAPI) -> None:
    """Answer every exception of ``api``'s operations in the records' shape (ninja's defaults replaced); a
    bug is logged, and still answered in JSON."""

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        error = as_records_error(exc)
        if isinstance(error, InternalError):
            logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(api, request, error)

    for exception in (Exception, Http404, HttpError, ValidationError):
        api.add_exception_handler(exception, handle)


# -- validation errors (pydantic) ---------------------------------------------------------------------------

OWN_MESSAGE = "invalid_value"  # the type of a PydanticCustomError whose message is the one to show
_JSON_TYPES = {"string": "string", "int": "integer", "bool": "boolean", "list": "array", "dict": "object"}


def invalid_input(errors: list[dict[str, Any]], skip: int = 0, prefix: str = "") -> InvalidInput:
    """Pydantic's errors as ``invalid_input`` by field (``applicant.name``, ``documents[0].sha256``); ``skip``
    drops the leading parts of each location (ninja's ``("body", "payload")``)."""
    field_errors: dict[str, list[str]] = {}
    for error in errors:
        field_errors.setdefault(_field(error["loc"][skip:], prefix), []).append(_message(error))
    return InvalidInput(field_errors=field_errors)


def from_pydantic(error: pydantic.ValidationError, prefix: str = "") -> InvalidInput:
    return invalid_input(error.errors(include_url=False), prefix=prefix)


def _field(loc: tuple, prefix: str) -> str:
    name = prefix
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name


def _message(error: dict[str, Any]) -> str:
    kind, context = error["type"], error.get("ctx", {})
    base = kind.removesuffix("_type")
    if kind == "missing":
        return str(forms.Field.default_error_messages["required"])
    if kind == "extra_forbidden":
        return gettext("Unknown field.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return gettext("Expected a JSON object.")
    if kind.endswith("_type") and base in _JSON_TYPES:
        return gettext("Wrong type: expected %(type)s.") % {"type": _JSON_TYPES[base]}
    if kind == "string_too_long":
        return gettext("The text is too long.")
    if kind == "literal_error":
        return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])
    if kind in ("less_than_equal", "greater_than_equal"):
        validator = MaxValueValidator if kind == "less_than_equal" else MinValueValidator
        limit = context.get("le", context.get("ge"))
        return str(validator.message) % {"limit_value": limit}
    if kind == OWN_MESSAGE:  # raised by our validators (schemas.py) in the request's language
        return error["msg"]
    return str(RegexValidator.message)  # "Enter a valid value."
