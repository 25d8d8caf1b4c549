"""The OpenAPI 3.1 document of /api/v1/, generated from the same descriptions the views check bodies against:
the filing fields of each service (``filing_fields``) and the fields of each transition
(``describe_transition``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from portal.procedure import SERVICES

from ..applicants import Applicant
from ..services import FieldInfo, describe_transition, filing_fields, service_kinds, service_transitions
from ..states import CHANNEL_CHOICES, STATE_LABELS
from .errors import STATUS

REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def field_schema(info: FieldInfo) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": info.label}
    if info.kind == "boolean":
        schema["type"] = "boolean"
    elif info.kind == "integer":
        schema["type"] = "integer"
    elif info.kind == "choice":
        schema.update(type="string", enum=[value for value, _label in info.choices])
    elif info.kind == "date":
        schema.update(type="string", format="date")
    elif info.kind == "datetime":
        schema.update(type="string", description="YYYY-MM-DDTHH:MM (Asia/Almaty unless an offset is given)")
    elif info.kind == "time":
        schema.update(type="string", pattern=r"^\d{2}:\d{2}(:\d{2})?$")
    else:
        schema["type"] = "string"
    return schema


def object_schema(fields: tuple[FieldInfo, ...], title: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "title": title,
        "properties": {info.name: field_schema(info) for info in fields},
        "additionalProperties": False,
    }
    required = [info.name for info in fields if info.required]
    if required:
        schema["required"] = required
    return schema


def _filing_schemas() -> tuple[dict[str, Any], list[dict[str, str]]]:
    schemas, variants = {}, []
    for code, info in SERVICES.items():
        kinds = [kind for kind, _label in service_kinds(code)]
        data_name = f"FilingData.{code}"
        schemas[data_name] = object_schema(filing_fields(code, kinds[0]), str(info.label))
        schemas[data_name]["description"] = _(
            "Some fields are required only for some kinds of application; the answer names the missing ones."
        )
        request_name = f"ApplicationCreate.{code}"
        schemas[request_name] = {
            "allOf": [_ref("ApplicationCreateBase")],
            "properties": {
                "service": {"const": code},
                "subcase": {"enum": kinds},
                "data": _ref(data_name),
            },
            "required": ["service", "applicant"],
        }
        variants.append(_ref(request_name))
    return schemas, variants


def _transition_schemas() -> dict[str, Any]:
    schemas = {}
    for code in SERVICES:
        for spec in service_transitions(code):
            info = describe_transition(code, spec.name)
            schema = object_schema(info.fields, info.label)
            schema["description"] = _("From %(sources)s to %(target)s; roles: %(roles)s.") % {
                "sources": ", ".join(spec.sources),
                "target": info.target,
                "roles": ", ".join(info.roles),
            }
            schema["x-attachment-required"] = info.attachment_required
            schemas[f"TransitionData.{code}.{spec.name}"] = schema
    return schemas


def _common_schemas() -> dict[str, Any]:
    string, nullable_string = {"type": "string"}, {"type": ["string", "null"]}
    moment = {"type": "string", "format": "date-time"}
    nullable_moment = {"type": ["string", "null"], "format": "date-time"}
    file_ref = {
        "type": "object",
        "properties": {"name": string, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        "required": ["name", "sha256"],
        "additionalProperties": False,
    }
    return {
        "Error": {
            "type": "object",
            "properties": {
                "code": {"enum": sorted(STATUS)},
                "message": string,
                "field_errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": string},
                },
            },
            "required": ["code", "message", "field_errors"],
        },
        "FileRef": file_ref,
        "ApplicantInput": {
            "type": "object",
            "properties": {
                "kind": {"enum": [Applicant.INDIVIDUAL, Applicant.LEGAL_ENTITY]},
                "identifier": {"type": "string", "description": _("IIN (individual) or BIN (legal entity)")},
                "name": string,
                "address": string,
                "phone": string,
                "email": string,
            },
            "required": ["kind", "identifier", "name"],
            "additionalProperties": False,
        },
        "Representative": {
            "type": "object",
            "properties": {
                "name": string,
                "iin": string,
                "power_of_attorney_no": string,
                "power_of_attorney_date": {"type": "string", "format": "date"},
            },
            "required": ["name", "iin", "power_of_attorney_no", "power_of_attorney_date"],
            "additionalProperties": False,
        },
        "ApplicationCreateBase": {
            "type": "object",
            "properties": {
                "service": {"enum": list(SERVICES)},
                "subcase": string,
                "channel": {
                    "enum": [code for code, _label in CHANNEL_CHOICES],
                    "description": _("Default: portal for the portal account, office otherwise."),
                },
                "applicant": _ref("ApplicantInput"),
                "data": {"type": "object"},
                "documents": {"type": "array", "items": _ref("FileRef")},
                "representative": _ref("Representative"),
                "signature": {"type": "string", "description": _("CMS signature of the request (base64).")},
            },
        },
        "TransitionRequest": {
            "type": "object",
            "properties": {
                "data": {
                    "type": "object",
                    "description": _("The fields of TransitionData.<service>.<transition>."),
                },
                "attachments": {"type": "array", "items": _ref("FileRef")},
                "expected_state": {
                    "enum": list(STATE_LABELS),
                    "description": _("The state the caller saw; another state gives a conflict."),
                },
            },
            "additionalProperties": False,
        },
        "Field": {
            "type": "object",
            "properties": {
                "name": string,
                "label": string,
                "kind": {
                    "enum": ["text", "textarea", "boolean", "date", "datetime", "time", "integer", "choice"]
                },
                "required": {"type": "boolean"},
                "choices": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"value": string, "label": string}},
                },
            },
            "required": ["name", "label", "kind", "required"],
        },
        "Transition": {
            "type": "object",
            "properties": {
                "name": string,
                "label": string,
                "target": {"enum": list(STATE_LABELS)},
                "target_label": string,
                "fields": {"type": "array", "items": _ref("Field")},
                "attachment_required": {"type": "boolean"},
                "roles": {"type": "array", "items": string},
                "url": string,
            },
            "required": ["name", "label", "target", "fields", "attachment_required", "url"],
        },
        "TransitionList": {
            "type": "object",
            "properties": {"state": string, "transitions": {"type": "array", "items": _ref("Transition")}},
            "required": ["state", "transitions"],
        },
        "TimelineEntry": {
            "type": "object",
            "properties": {
                "seq": {"type": "integer"},
                "at": moment,
                "transition": string,
                "label": string,
                "from_state": string,
                "to_state": string,
                "actor_name": string,
                "reason": string,
                "data": {"type": "object"},
                "due_at": nullable_moment,
                "late": {"type": ["boolean", "null"]},
                "result_kk": string,
                "result_url": string,
            },
            "required": ["seq", "at", "transition", "label", "to_state"],
        },
        "Application": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "registration_no": string,
                "service": {"enum": list(SERVICES)},
                "service_label": string,
                "subcase": string,
                "subcase_label": string,
                "channel": {"enum": [code for code, _label in CHANNEL_CHOICES]},
                "state": {"enum": list(STATE_LABELS)},
                "state_label": string,
                "applicant": {
                    "type": "object",
                    "properties": {"kind": string, "identifier": string, "name": string},
                    "required": ["kind", "identifier", "name"],
                },
                "received_at": moment,
                "registered_at": nullable_moment,
                "due_at": nullable_moment,
                "deadline_status": {"enum": ["overdue", "due_today", "ok", ""]},
                "current_step": {
                    "type": ["object", "null"],
                    "properties": {
                        "code": string,
                        "action": string,
                        "limit_text": string,
                        "point_anchor": string,
                        "regulation_url": string,
                    },
                },
                "assigned_executor": {
                    "type": ["object", "null"],
                    "properties": {"id": {"type": "integer"}, "name": string},
                },
                "resolution_text": string,
                "refusal_reason": string,
                "portal_refusal": string,
                "decision": string,
                "result_number": string,
                "details": {"type": "object"},
                "documents": {"type": "array", "items": {"type": "object"}},
                "signature": {
                    "type": ["object", "null"],
                    "properties": {
                        "status": {"enum": ["verified", "not_verified", "refused"]},
                        "detail": string,
                    },
                },
                "timeline": {"type": "array", "items": _ref("TimelineEntry")},
                "transitions_url": nullable_string,
            },
            "required": ["id", "registration_no", "service", "state", "applicant", "received_at", "timeline"],
        },
    }


def form_parameter(name: str, field: forms.Field) -> dict[str, Any]:
    """A query parameter described from the form field that reads it."""
    schema: dict[str, Any]
    if isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [value for value, _label in field.choices]}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer", "minimum": field.min_value, "maximum": field.max_value}
    else:
        schema = {"type": "string", "maxLength": field.max_length}
    schema = {key: value for key, value in schema.items() if value is not None}
    parameter = {"name": name, "in": "query", "required": False, "schema": schema}
    if field.label:
        parameter["description"] = str(field.label)
    return parameter


def _search_parameters() -> list[dict[str, Any]]:
    """Every parameter RecordSearchForm reads: its fields, then the repeatable facet filters."""
    from search.forms import FILTER_PARAMS, MAX_VALUES, RecordSearchForm
    from search.services import PER_PAGE

    defaults = {"sort": "relevance", "page": 1, "per_page": PER_PAGE, "overdue": False}
    query_words = _('Words, "exact phrases", or a 12-digit IIN/BIN (for the roles that may search by them).')
    parameters = []
    for name, field in RecordSearchForm.base_fields.items():
        parameter = form_parameter(name, field)
        if name in defaults:
            parameter["schema"]["default"] = defaults[name]
        if name == "q":
            parameter["description"] = query_words
        parameters.append(parameter)
    for param, index_field in FILTER_PARAMS.items():
        parameters.append(
            {
                "name": param,
                "in": "query",
                "required": False,
                "style": "form",
                "explode": True,
                "description": _(
                    "Values of the facet «%(facet)s» (any of them); repeat the parameter for several. "
                    "Letters, digits, spaces and - . : / only."
                )
                % {"facet": index_field},
                "schema": {
                    "type": "array",
                    "maxItems": MAX_VALUES,
                    "items": {"type": "string", "maxLength": 100},
                },
            }
        )
    return parameters


def _search_schemas() -> dict[str, Any]:
    string = {"type": "string"}
    return {
        "SearchHit": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "description": _("The record type and id, as «application:17».")},
                "type": string,
                "type_label": string,
                "title": string,
                "url": {"type": "string", "description": _("The record's page in the archive.")},
                "date": {"type": ["string", "null"], "format": "date-time"},
                "state": string,
                "state_label": string,
                "service": string,
                "service_label": string,
                "overdue": {"type": "boolean"},
                "fields": {
                    "type": "array",
                    "description": _("[label, value] pairs; IIN/BIN masked unless the role needs them."),
                    "items": {"type": "array", "items": string, "minItems": 2, "maxItems": 2},
                },
                "snippet": {"type": "string", "description": _("HTML: the matched words in <mark>.")},
            },
            "required": ["id", "type", "title", "url", "date", "state", "overdue", "fields", "snippet"],
        },
        "FacetOption": {
            "type": "object",
            "properties": {
                "value": string,
                "label": string,
                "count": {"type": "integer", "minimum": 0},
                "selected": {"type": "boolean"},
            },
            "required": ["value", "label", "count", "selected"],
        },
        "SearchResults": {
            "type": "object",
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "results": {"type": "array", "items": _ref("SearchHit")},
                "facets": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": _ref("FacetOption")},
                },
            },
            "required": ["count", "page", "pages", "per_page", "results", "facets"],
        },
    }


def _search_path(errors: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": "searchRecords",
            "summary": _("Search the records (the parameters of the archive search)"),
            "parameters": _search_parameters(),
            "responses": {
                "200": _json(_("One page of hits, with the facets of the whole result."), "SearchResults"),
                **errors,
                "404": _error(_("A page past the last one (not_found); page 1 of no hits is a 200.")),
                "503": _error(_("The search server cannot be reached (search_unavailable).")),
            },
        }
    }


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _paths(create_variants: list[dict[str, str]]) -> dict[str, Any]:
    errors = {
        "400": {"$ref": "#/components/responses/InvalidInput"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "403": {"$ref": "#/components/responses/PermissionDenied"},
    }
    pk = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    name = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "/applications/": {
            "post": {
                "operationId": "createApplication",
                "summary": _("File an application"),
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"oneOf": create_variants}}},
                },
                "responses": {
                    "201": _json(_("The application, in its first state."), "Application"),
                    **errors,
                    "422": {"$ref": "#/components/responses/GuardFailed"},
                },
            }
        },
        "/applications/{id}/": {
            "get": {
                "operationId": "getApplication",
                "summary": _("Read an application with its timeline"),
                "parameters": [pk],
                "responses": {
                    "200": _json(_("The application."), "Application"),
                    **errors,
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            }
        },
        "/applications/{id}/transitions/": {
            "get": {
                "operationId": "listTransitions",
                "summary": _("The transitions the authenticated user may perform now"),
                "parameters": [pk],
                "responses": {
                    "200": _json(_("The transitions, with the fields of their data."), "TransitionList"),
                    **errors,
                    "404": {"$ref": "#/components/responses/NotFound"},
                },
            }
        },
        "/applications/{id}/transitions/{name}/": {
            "post": {
                "operationId": "performTransition",
                "summary": _("Perform a transition with its data"),
                "parameters": [pk, name],
                "requestBody": {
                    "required": False,
                    "content": {"application/json": {"schema": _ref("TransitionRequest")}},
                },
                "responses": {
                    "200": _json(_("The application after the transition."), "Application"),
                    **errors,
                    "404": {"$ref": "#/components/responses/NotFound"},
                    "409": {"$ref": "#/components/responses/Conflict"},
                    "422": {"$ref": "#/components/responses/GuardFailed"},
                },
            }
        },
        "/search/": _search_path(errors),
        "/schema/": {
            "get": {
                "operationId": "getSchema",
                "summary": _("This document"),
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    filing, variants = _filing_schemas()
    schemas = {**_common_schemas(), **_search_schemas(), **filing, **_transition_schemas()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("Veterinary records portal API"),
            "version": "1.0.0",
            "description": _(
                "Applications for the state veterinary services: the e-government intake files them, staff "
                "tools read them and move them through their lawful states. Errors are JSON objects with a "
                "stable code."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _paths(variants),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": _("A token from «manage.py api_token create <username>»."),
                }
            },
            "schemas": schemas,
            "responses": {
                "InvalidInput": _error(
                    _("Malformed JSON, a wrong type, an unknown or missing field (invalid_input).")
                ),
                "Unauthorized": _error(_("No API token, or a revoked or unknown one (unauthorized).")),
                "PermissionDenied": _error(_("The user's roles do not allow this (permission_denied).")),
                "NotFound": _error(_("No such application (not_found).")),
                "Conflict": _error(
                    _(
                        "The action is not possible in the current state, or the state changed meanwhile "
                        "(forbidden_transition, conflict)."
                    )
                ),
                "GuardFailed": _error(_("A condition of the action is not met (guard_failed).")),
            },
        },
    }
