"""The bodies and answers of /api/v1/ as Pydantic models: ninja checks the bodies against them and builds the
OpenAPI document from them.  Bodies are strict (no coercion, no unknown field; ``null`` stands for an absent
optional field).  The ``data`` of a filing or a transition depends on the service and the transition, so its
model is made from their field descriptions (``data_model``), for checking and for the document alike."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from catalogue import SERVICES
from catalogue.documents import DOCUMENT_LABELS

from ..applicants import Applicant
from ..identifiers import normalize
from ..names import validate_person_name
from ..services import FieldInfo
from ..states import CHANNEL_CHOICES, STATE_LABELS
from .errors import OWN_MESSAGE, STATUS

MAX_INTEGER = 2**53  # what every JSON reader represents exactly
SHA256 = "^[0-9a-f]{64}$"
# The services strip (Python's) whitespace and refuse what is left empty; JSON Schema's \s is narrower.
NOT_BLANK = r"[^\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
# Twelve digits, with the spaces and dashes people type (records.identifiers.normalize); then a checksum.
IIN_BIN = r"^[ \t\u00a0-]*([0-9][ \t\u00a0-]*){12}$"
TIME = r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
ServiceCode = Literal[tuple(SERVICES)]  # type: ignore[valid-type]
StateCode = Literal[tuple(STATE_LABELS)]  # type: ignore[valid-type]
Channel = Literal[tuple(code for code, _label in CHANNEL_CHOICES)]  # type: ignore[valid-type]
DocumentCode = Literal[tuple(DOCUMENT_LABELS)]  # type: ignore[valid-type]


def _email(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError as error:
        raise PydanticCustomError(OWN_MESSAGE, str(error.messages[0])) from error
    return value


def _whole(value: Any) -> Any:
    """2.0 is an integer to JSON Schema."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class FileRef(Body):
    """A file uploaded before: its name and SHA-256 (the records services check both)."""

    name: str = Field(max_length=255, json_schema_extra={"pattern": NOT_BLANK})
    sha256: str = Field(json_schema_extra={"pattern": SHA256})
    document: DocumentCode | None = Field(
        None,
        description=_("Which required document of the service it is (catalogue.documents); none: another."),
    )


class ApplicantInput(Body):
    kind: Literal[Applicant.INDIVIDUAL, Applicant.LEGAL_ENTITY]
    identifier: str = Field(
        max_length=20,
        description=_("IIN (individual) or BIN (legal entity)"),
        json_schema_extra={"pattern": IIN_BIN},
    )
    name: str = Field(max_length=300, json_schema_extra={"pattern": NOT_BLANK})
    address: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=40)
    email: Annotated[str, AfterValidator(_email)] | None = Field(
        None, max_length=254, json_schema_extra={"format": "email"}
    )


def _person_name(value: str) -> str:
    try:
        return validate_person_name(value)
    except DjangoValidationError as error:
        raise PydanticCustomError(OWN_MESSAGE, str(error.messages[0])) from error


class Representative(Body):
    name: Annotated[str, AfterValidator(_person_name)] = Field(
        max_length=300, json_schema_extra={"pattern": NOT_BLANK}
    )
    iin: Annotated[str, AfterValidator(normalize)] = Field(
        max_length=20, json_schema_extra={"pattern": IIN_BIN}
    )
    power_of_attorney_no: str = Field(max_length=60, json_schema_extra={"pattern": NOT_BLANK})
    power_of_attorney_date: str = Field(max_length=10, json_schema_extra={"format": "date"})


class ApplicationCreate(Body):
    service: ServiceCode
    subcase: str | None = Field(None, max_length=40)
    channel: Channel | None = Field(
        None, description=_("Default: portal for the portal account, office otherwise.")
    )
    unit: str | None = Field(
        None,
        max_length=40,
        description=_(
            "Code of the unit that handles the application. Optional when only one unit can: the filing "
            "clerk's own, or the oblast department for the services it alone provides."
        ),
    )
    applicant: ApplicantInput
    data: dict[str, Any] | None = None
    documents: list[FileRef] | None = Field(
        None,
        description=_(
            "The files uploaded before. Through the portal channel, the documents the service and kind "
            "require, each marked with its «document» code (see ApplicationCreate.<service>)."
        ),
    )
    representative: Representative | None = None
    signature: str | None = Field(
        None, max_length=100_000, description=_("CMS signature of the request (base64).")
    )


class TransitionRequest(Body):
    data: dict[str, Any] | None = Field(
        None, description=_("The fields of TransitionData.<service>.<transition>.")
    )
    attachments: list[FileRef] | None = None
    expected_state: str | None = Field(
        None,
        max_length=40,
        description=_("The state the caller saw; another state gives a conflict."),
        json_schema_extra={"enum": [*STATE_LABELS, None]},
    )


# -- the data of a filing or a transition ----------------------------------------------------------------


def _kind_type(info: FieldInfo) -> tuple[Any, dict[str, Any]]:
    """The JSON type of a field's kind, and its constraints."""
    if info.kind == "boolean":
        return bool, {}
    if info.kind == "integer":
        return int, {"ge": -MAX_INTEGER, "le": MAX_INTEGER}
    if info.kind == "choice":  # an id may come as a number too
        values = [value for value, _label in info.choices]
        if not values:  # e.g. no executor yet: nothing is valid, as the form will say
            return Annotated[str | int, WithJsonSchema({"enum": []})], {}
        return Literal[(*values, *(int(v) for v in values if v.isdecimal()))], {}
    if info.kind == "time":
        return str, {"pattern": TIME}
    extra: dict[str, Any] = {"pattern": NOT_BLANK} if info.required else {}
    if info.kind == "date":
        extra["format"] = "date"
    elif info.kind == "datetime":
        extra["description"] = "YYYY-MM-DDTHH:MM (Asia/Almaty unless an offset is given)"
    return str, {"json_schema_extra": extra or None}


@functools.lru_cache(maxsize=512)
def data_model(fields: tuple[FieldInfo, ...], title: str, *, types_only: bool = False) -> type[BaseModel]:
    """The model of a ``data`` object with these fields (each of its kind's JSON type, no others).
    ``types_only``: every field optional, as the services' forms report a missing one after the role."""
    definitions: dict[str, Any] = {}
    for info in fields:
        kind_type, constraints = _kind_type(info)
        if info.required and not types_only:
            definitions[info.name] = (kind_type, Field(title=info.label, **constraints))
        else:
            definitions[info.name] = (kind_type | None, Field(None, title=info.label, **constraints))
    config = ConfigDict(extra="forbid", strict=True, title=title)
    return create_model(title.replace(".", "_"), __config__=config, **definitions)


def checked_data(value: dict[str, Any] | None, fields: tuple[FieldInfo, ...], title: str) -> dict[str, Any]:
    """``value``'s types checked against ``data_model``; the absent and ``null`` fields left out, choices as
    text."""
    kinds = {info.name: info.kind for info in fields}
    value = {k: _whole(v) if kinds.get(k) == "integer" else v for k, v in (value or {}).items()}
    model = data_model(fields, title, types_only=True).model_validate(value)
    return {
        name: str(item) if kinds[name] == "choice" else item
        for name, item in model.model_dump(exclude_unset=True).items()
        if item is not None
    }


# -- answers ---------------------------------------------------------------------------------------------


class Error(BaseModel):
    code: Literal[tuple(sorted(STATUS))]  # type: ignore[valid-type]
    message: str
    field_errors: dict[str, list[str]]


class Choice(BaseModel):
    value: str
    label: str


class FormField(BaseModel):
    name: str
    label: str
    kind: Literal["text", "textarea", "boolean", "date", "datetime", "time", "integer", "choice"]
    required: bool
    choices: list[Choice] | None = None  # only for a choice


class Transition(BaseModel):
    name: str
    label: str
    target: StateCode
    target_label: str
    fields: list[FormField]
    attachment_required: bool
    roles: list[str]
    url: str


class TransitionList(BaseModel):
    state: StateCode
    transitions: list[Transition]


class TimelineEntry(BaseModel):
    seq: int
    at: datetime
    transition: str
    label: str
    from_state: str
    to_state: str
    actor_name: str
    reason: str
    data: dict[str, Any]
    due_at: datetime | None
    late: bool | None
    result_kk: str
    result_url: str


class Holder(BaseModel):
    kind: str
    identifier: str
    name: str


class Step(BaseModel):
    code: str
    action: str
    limit_text: str
    point_anchor: str
    regulation_url: str


class Person(BaseModel):
    id: int
    name: str


class SignatureCheck(BaseModel):
    status: Literal["verified", "not_verified", "refused"]
    detail: str


class Application(BaseModel):
    id: int
    registration_no: str
    service: ServiceCode
    service_label: str
    subcase: str
    subcase_label: str
    channel: Channel
    state: StateCode
    state_label: str
    applicant: Holder
    received_at: datetime
    registered_at: datetime | None
    due_at: datetime | None
    deadline_status: Literal["overdue", "due_today", "ok", ""]
    current_step: Step | None
    assigned_executor: Person | None
    resolution_text: str
    refusal_reason: str
    portal_refusal: str
    decision: str
    result_number: str
    details: dict[str, Any]
    documents: list[dict[str, Any]]
    signature: SignatureCheck | None
    timeline: list[TimelineEntry]
    transitions_url: str
