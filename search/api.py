"""GET /search/ of the JSON API — record search with the parameters of the archivist page (search.forms) — as
a django-ninja Router.  The API that mounts it (records.api) authenticates the token (``request.auth``) and
answers the errors raised here in its error shape: a ``HttpError`` may carry the ``code`` and
``field_errors`` to answer with, and the OpenAPI document refers to that shape as ``Error``.

Errors: 403 without a staff role (before the parameters are read: a 400 would tell something), 400 the
form's errors by parameter, 404 a page past the last (page 1 of no hits is an empty 200), 503 the search
server down.  IIN/BIN are masked for the roles that do not need them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django import forms
from django.core.validators import RegexValidator
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field, WithJsonSchema

from .backends import SearchUnavailable
from .forms import FILTER_PARAMS, MAX_VALUES, RecordSearchForm
from .services import PER_PAGE, RecordHit, RecordResults, required_scope, search_records

router = Router()
# The form reads any text but "false" as true; the API takes a boolean, as its document says (and the "1" of
# the archive page's links, and an empty value: no value).
BOOLEAN_TEXT = {"true", "false", "1", "0", ""}
# Facet values are codes (a slug, a year, a state): what a JSON Schema pattern and Python read alike.
FILTER_VALUE = re.compile(r"^[A-Za-z0-9_\-.:/ ]*$")
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


class Refusal(HttpError):
    def __init__(self, status: int, code: str, message: Any, field_errors: dict | None = None) -> None:
        super().__init__(status, message)
        self.code, self.field_errors = code, field_errors or {}


# The answers, read from search.services' RecordResults (ninja's Schema reads attributes).
class FacetOption(Schema):
    value: str
    label: str
    count: int = Field(ge=0)
    selected: bool


class SearchHit(Schema):
    id: str = Field(description=_("The record type and id, as «application:17»."))
    type: str = Field(validation_alias="record_type")
    type_label: str
    title: str
    url: str = Field(description=_("The record's page in the archive."))
    date: Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})]
    state: str
    state_label: str
    service: str
    service_label: str
    overdue: bool
    fields: list[Annotated[list[str], Field(min_length=2, max_length=2)]] = Field(
        description=_("[label, value] pairs; IIN/BIN masked unless the role needs them.")
    )
    snippet: str = Field(description=_("HTML: the matched words in <mark>."))

    @staticmethod
    def resolve_date(hit: RecordHit) -> str | None:
        return hit.date.isoformat() if hit.date else None


class SearchResults(Schema):
    count: int = Field(ge=0, validation_alias="total")
    page: int = Field(ge=1)
    pages: int = Field(ge=1)
    per_page: int = Field(ge=1)
    results: list[SearchHit] = Field(validation_alias="hits")
    facets: dict[str, list[FacetOption]]

    @staticmethod
    def resolve_per_page(results: RecordResults) -> int:
        return results.criteria.per_page


def _facet_description(index_field: str) -> str:
    return gettext(
        "Values of the facet «%(facet)s» (any of them); repeat the parameter for several. "
        "Letters, digits, spaces and - . : / only."
    ) % {"facet": index_field}


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
        schema = {"type": "string", "maxLength": field.max_length, "pattern": "^[^\\x00]*$"}
    # An empty value is an absent parameter, as in the archive page's form.
    parameter = {"name": name, "in": "query", "required": False, "allowEmptyValue": True}
    parameter["schema"] = {key: value for key, value in schema.items() if value is not None}
    if field.label:
        parameter["description"] = field.label
    return parameter


def search_parameters() -> list[dict[str, Any]]:
    """Every parameter RecordSearchForm reads: its fields, then the repeatable facet filters."""
    defaults = {"sort": "relevance", "page": 1, "per_page": PER_PAGE, "overdue": False}
    parameters = []
    for name, field in RecordSearchForm.base_fields.items():
        parameter = form_parameter(name, field)
        if name in defaults:
            parameter["schema"]["default"] = defaults[name]
        if name == "q":
            parameter["description"] = _(
                'Words, "exact phrases", or a 12-digit IIN/BIN (for the roles that may search by them).'
            )
        parameters.append(parameter)
    for param, index_field in FILTER_PARAMS.items():
        items = {"type": "string", "maxLength": 100, "pattern": FILTER_VALUE.pattern}
        parameters.append(
            {
                "name": param,
                "in": "query",
                "required": False,
                "style": "form",
                "explode": True,
                "description": lazy(_facet_description, str)(index_field),
                "schema": {"type": "array", "maxItems": MAX_VALUES, "items": items},
            }
        )
    return parameters


@router.get(
    "/search/",
    response=SearchResults,
    url_name="search_api",
    operation_id="searchRecords",
    summary=_("Search the records (the parameters of the archive search)"),
    openapi_extra={
        "parameters": search_parameters(),
        "responses": {
            200: {"description": _("One page of hits, with the facets of the whole result.")},
            400: {"description": _("Invalid search parameters."), "content": ERROR},
            401: {
                "description": _("Send a valid API token: «Authorization: Bearer <token>»."),
                "content": ERROR,
            },
            403: {"description": _("Record search needs a staff role."), "content": ERROR},
            404: {
                "description": _("A page past the last one (not_found); page 1 of no hits is a 200."),
                "content": ERROR,
            },
            503: {
                "description": _("The search server cannot be reached (search_unavailable)."),
                "content": ERROR,
            },
        },
    },
)
def search(request: HttpRequest) -> RecordResults:
    required_scope(request.auth)  # PermissionDenied before the parameters are read
    form = RecordSearchForm(request.GET)
    errors = {} if form.is_valid() else {name: [str(m) for m in ms] for name, ms in form.errors.items()}
    for name, message in beyond_the_form(request.GET):
        errors.setdefault(name, []).append(str(message))
    if errors:
        raise Refusal(400, "invalid_input", _("Invalid search parameters."), errors)
    criteria = form.criteria()
    try:
        results = search_records(request.auth, criteria)
    except SearchUnavailable as error:
        raise Refusal(503, "search_unavailable", _("Search is unavailable; try again later.")) from error
    if criteria.page > results.pages:
        message = _("No such page: the results end at page %(pages)s.") % {"pages": results.pages}
        raise Refusal(404, "not_found", message)
    return results


def beyond_the_form(query) -> list[tuple[str, Any]]:
    """What the document says and the archive page's form lets pass: a parameter given twice, an
    ``overdue`` that is no boolean, more values of a filter than allowed when some are empty, a filter value
    with other letters than ASCII ones."""
    invalid = RegexValidator.message  # "Enter a valid value."
    found = [(name, invalid) for name in RecordSearchForm.base_fields if len(query.getlist(name)) > 1]
    if any(value.lower() not in BOOLEAN_TEXT for value in query.getlist("overdue")):
        found.append(("overdue", invalid))
    for param in FILTER_PARAMS:  # the form counts the non-empty values only, and takes any letter
        values = query.getlist(param)
        if len(values) > MAX_VALUES or not all(FILTER_VALUE.fullmatch(value) for value in values):
            found.append(("__all__", _("The filter «%(name)s» has an invalid value.") % {"name": param}))
    return found
