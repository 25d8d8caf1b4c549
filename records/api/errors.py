"""Errors of the JSON API and their HTTP statuses."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from ..errors import InvalidInput, RecordsError

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


def invalid(field: str, message: Any) -> InvalidInput:
    return InvalidInput(field_errors={field: [message]})


def invalid_form(form: Any, message: Any = None) -> InvalidInput:
    """A bound form's errors as ``invalid_input``, one entry per field (``__all__``: the form as a whole)."""
    field_errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return InvalidInput(message, field_errors=field_errors)


def json_response(data: Any, status: int = 200, **kwargs: Any) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}, **kwargs)


def error_response(error: RecordsError) -> JsonResponse:
    response = json_response(error.as_dict(), status=STATUS.get(error.code, 400))
    if error.code == "unauthorized":
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
