"""Reading JSON request bodies strictly: malformed JSON, a wrong type, an unknown field, a string the
database cannot store — each is ``invalid_input`` naming the field, before any service runs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..applicants import Applicant
from ..errors import InvalidInput
from ..identifiers import normalize
from ..services import FieldInfo
from .errors import invalid

MAX_DEPTH = 20
MAX_INTEGER = 2**53  # what every JSON reader represents exactly
_STRING_KINDS = {"text", "textarea", "date", "datetime", "time", "choice"}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(raw: bytes) -> Any:
    """The body as JSON; an empty body is an empty object."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidInput(
            _("The request body is not valid JSON."), field_errors={"body": [str(error)]}
        ) from error
    _check_strings(value)
    return value


def _check_strings(value: Any) -> None:
    """Every string (keys too) must be storable text: UTF-8 encodable, without NUL characters."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise invalid("body", _("The JSON is nested too deeply."))
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise invalid("body", _("The text contains characters that are not valid Unicode.")) from error
    if "\x00" in text:
        raise invalid("body", _("The text contains a NUL character."))


def expect_object(value: Any, field: str, allowed: Iterable[str]) -> dict[str, Any]:
    """``value`` must be an object with no other keys than ``allowed``."""
    if not isinstance(value, dict):
        raise invalid(field, _("Expected a JSON object."))
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise InvalidInput(field_errors={_join(field, key): [_("Unknown field.")] for key in unknown})
    return value


def optional_string(body: Mapping[str, Any], key: str, field: str, max_length: int = 200) -> str:
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise invalid(_join(field, key), _("Expected a string."))
    if len(value) > max_length:
        raise invalid(_join(field, key), _("The text is too long."))
    return value


def typed_data(value: Any, fields: Iterable[FieldInfo], field: str) -> dict[str, Any]:
    """A data object checked against field descriptions: known fields only, each of its kind's JSON type."""
    fields = {info.name: info for info in fields}
    data = expect_object({} if value is None else value, field, fields)
    result = {}
    for name, item in data.items():
        if item is None:
            continue
        kind = fields[name].kind
        if kind == "boolean":
            ok = isinstance(item, bool)
        elif kind == "integer":
            ok = isinstance(item, int) and not isinstance(item, bool) and abs(item) <= MAX_INTEGER
        elif kind == "choice":  # e.g. an executor's id may come as a number
            ok = isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))
            item = str(item)
        else:
            ok = isinstance(item, str)
        if not ok:
            raise invalid(
                _join(field, name), _("Wrong type: expected %(type)s.") % {"type": _TYPE_NAMES[kind]}
            )
        result[name] = item
    return result


_TYPE_NAMES = {
    **{kind: "string" for kind in _STRING_KINDS},
    "boolean": "boolean",
    "integer": "integer",
}


def file_references(value: Any, field: str) -> list[dict[str, str]]:
    """``[{"name": str, "sha256": str}]`` (the records services check the hash's form)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid(field, _("Expected a list of files."))
    files = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        item = expect_object(item, where, ("name", "sha256"))
        if not isinstance(item.get("name"), str) or not isinstance(item.get("sha256"), str):
            raise invalid(where, _("Each file needs a name and its SHA-256 (64 hex digits)."))
        if len(item["name"]) > 255:
            raise invalid(where, _("The file name is too long."))
        files.append({"name": item["name"], "sha256": item["sha256"]})
    return files


class ApplicantInput(forms.Form):
    kind = forms.ChoiceField(choices=Applicant.KIND_CHOICES)
    identifier = forms.CharField(max_length=20)
    name = forms.CharField(max_length=300)
    address = forms.CharField(max_length=500, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(max_length=254, required=False)


class RepresentativeInput(forms.Form):
    """Only the types here; records.filing.RepresentativeForm checks the values."""

    name = forms.CharField(max_length=300)
    iin = forms.CharField(max_length=20)
    power_of_attorney_no = forms.CharField(max_length=60)
    power_of_attorney_date = forms.CharField(max_length=10)

    def clean_iin(self) -> str:
        # Without the spaces and dashes people type: the column holds the twelve digits only.
        return normalize(self.cleaned_data["iin"])


def checked_form(form_class: type[forms.Form], value: Any, field: str) -> dict[str, Any]:
    """An object whose every value is a string, validated by ``form_class``."""
    data = expect_object(value, field, form_class.base_fields)
    for key, item in data.items():
        if item is not None and not isinstance(item, str):
            raise invalid(_join(field, key), _("Expected a string."))
    form = form_class(data={k: v for k, v in data.items() if v is not None})
    if not form.is_valid():
        raise InvalidInput(
            field_errors={_join(field, k): [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key
