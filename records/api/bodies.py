"""Reading JSON request bodies strictly, before any schema: malformed JSON, NaN or Infinity, nesting past
``MAX_DEPTH``, a string the database cannot store (a lone surrogate, a NUL) — each is ``invalid_input``
naming ``body``.  The types and fields are then the schemas' business (schemas.py)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

from ..errors import InvalidInput

MAX_DEPTH = 20


def _invalid(message: Any) -> InvalidInput:
    return InvalidInput(field_errors={"body": [message]})


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
            raise _invalid(_("The JSON is nested too deeply."))
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
        raise _invalid(_("The text contains characters that are not valid Unicode.")) from error
    if "\x00" in text:
        raise _invalid(_("The text contains a NUL character."))


class StrictJsonParser(Parser):
    """ninja's parser with the checks above; its errors reach the API's handlers as ``invalid_input``."""

    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json(request.body)
