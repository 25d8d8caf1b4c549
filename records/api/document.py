"""What the OpenAPI document adds to ninja's: the bearer token declared once for the whole API, the error
answers described, and the ``data`` of each service's filing and of each transition, which depend on the
service (``FilingData.<service>``, ``TransitionData.<service>.<transition>``: schemas.data_model)."""

from __future__ import annotations

from dataclasses import replace
from http.client import responses
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue import SERVICES
from catalogue.documents import required_documents

from ..filing import FILING_FORMS
from ..services import FieldInfo, describe_transition, filing_fields, service_kinds, service_transitions
from .schemas import data_model

REF = "#/components/schemas/"
REQUIRED = forms.Field.default_error_messages["required"]
ERRORS = {
    400: gettext_lazy("Malformed JSON, a wrong type, an unknown or missing field (invalid_input)."),
    401: gettext_lazy("No API token, or a revoked or unknown one (unauthorized)."),
    403: gettext_lazy("The user's roles do not allow this (permission_denied)."),
    404: gettext_lazy("No such application (not_found)."),
    409: gettext_lazy(
        "The action is not possible in the current state, or the state changed meanwhile "
        "(forbidden_transition, conflict)."
    ),
    422: gettext_lazy("A condition of the action is not met (guard_failed)."),
}


def complete(document: dict[str, Any], scheme: str) -> dict[str, Any]:
    components = document["components"]
    schemes = components.pop("securitySchemes", {})
    components["securitySchemes"] = {scheme: next(iter(schemes.values()))}
    document["security"] = [{scheme: []}]
    for item in document["paths"].values():
        for operation in item.values():
            _describe(operation)
    filing = _filing_schemas()
    components["schemas"].update({**filing, **_transition_schemas()})
    create = document["paths"]["/applications/"]["post"]["requestBody"]["content"]["application/json"]
    create["schema"] = {"oneOf": [{"$ref": REF + name} for name in filing if name.startswith("Application")]}
    return document


def _describe(operation: dict[str, Any]) -> None:
    """The token applies unless the operation says it needs none; each error answer says when it comes."""
    if "security" in operation:
        del operation["security"]
    else:
        operation["security"] = []
    for status, answer in operation["responses"].items():
        if answer["description"] == responses.get(int(status)) and int(status) in ERRORS:
            answer["description"] = str(ERRORS[int(status)])


def _data_schema(fields: tuple[FieldInfo, ...], title: str, form: forms.Form) -> dict[str, Any]:
    """The data model's schema, with the bounds the form's fields check (lengths, numbers' range)."""
    schema = data_model(fields, title).model_json_schema()
    for name, prop in schema["properties"].items():
        field = form.fields[name]
        bounds = {
            "maxLength": getattr(field, "max_length", None),
            "minimum": getattr(field, "min_value", None),
            "maximum": getattr(field, "max_value", None),
        }
        prop.update({key: value for key, value in bounds.items() if value is not None})
    return schema


def _filing_schemas() -> dict[str, Any]:
    """Per service and kind: the data (with the fields that kind requires) and the body filing it."""
    schemas = {}
    for code in SERVICES:
        kinds = service_kinds(code)
        for kind, label in kinds:
            name = f"{code}.{kind}" if kind else code
            form = FILING_FORMS[code](data={}, subcase=kind)
            fields = _kind_fields(code, kind, form)
            schemas[f"FilingData.{name}"] = _data_schema(fields, label, form)
            first = kind == kinds[0][0]  # an absent or empty subcase is the first kind
            required = ([] if first else ["subcase"]) + (["data"] if any(f.required for f in fields) else [])
            schemas[f"ApplicationCreate.{name}"] = {
                "allOf": [{"$ref": REF + "ApplicationCreate"}],
                "properties": {
                    "service": {"const": code},
                    "subcase": {"enum": list(dict.fromkeys([kind, "", None] if first else [kind]))},
                    "data": {"$ref": f"{REF}FilingData.{name}"},
                    "documents": _documents_schema(code, kind),
                },
                "required": required,
            }
    return schemas


def _documents_schema(code: str, kind: str) -> dict[str, Any]:
    """The documents the kind requires (catalogue.documents): the portal channel is refused without them."""
    required = required_documents(code, kind)
    listed = "; ".join(f"{doc.code} ({doc.label})" for doc in required)
    return {
        "description": _(
            "Through the portal channel one file for each required document, its «document» naming it: "
            "%(documents)s. Without them: 400 invalid_input on «documents»."
        )
        % {"documents": listed},
        "x-required-documents": [{"code": doc.code, "label": str(doc.label)} for doc in required],
    }


def _kind_fields(code: str, kind: str, form: forms.Form) -> tuple[FieldInfo, ...]:
    """The filing fields, required as the kind's form (given no data) requires them: some only for some
    kinds."""
    form.is_valid()
    missing = {name for name, messages in form.errors.items() if str(REQUIRED) in messages}
    return tuple(replace(info, required=info.name in missing) for info in filing_fields(code, kind))


def _transition_schemas() -> dict[str, Any]:
    schemas = {}
    for code in SERVICES:
        for spec in service_transitions(code):
            info = describe_transition(code, spec.name)
            schema = _data_schema(info.fields, info.label, spec.form(application=None))
            schema["description"] = _("From %(sources)s to %(target)s; roles: %(roles)s.") % {
                "sources": ", ".join(spec.sources),
                "target": info.target,
                "roles": ", ".join(info.roles),
            }
            schema["x-attachment-required"] = info.attachment_required
            schemas[f"TransitionData.{code}.{spec.name}"] = schema
    return schemas
