"""Turning what callers send (forms' data, file references) into validated, JSON-storable values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import InvalidInput

_SHA256 = re.compile(r"[0-9a-f]{64}")


def clean_attachments(items: Iterable[Mapping[str, str]], field: str) -> list[dict[str, str]]:
    """``[{"name", "sha256"}]`` checked (a name, a lowercase hex SHA-256), with ``document`` (the code of the
    required document it is) when given; ``field`` names them in errors."""
    cleaned = []
    for item in items:
        name, digest = item.get("name"), item.get("sha256")
        if (
            not isinstance(name, str)
            or not name.strip()
            or not isinstance(digest, str)
            or not _SHA256.fullmatch(digest)
        ):
            raise InvalidInput(
                field_errors={field: [_("Each file needs a name and its SHA-256 (64 hex digits).")]}
            )
        ref = {"name": name.strip(), "sha256": digest}
        code = item.get("document")  # which required document it is (catalogue.documents), if said
        if code:
            if not isinstance(code, str) or len(code) > 40:
                raise InvalidInput(field_errors={field: [_("Name the document by its code.")]})
            ref["document"] = code
        cleaned.append(ref)
    return cleaned


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


def jsonable(value: Any) -> Any:
    """A form value as stored in JSON: model instances as ``{"id", "name"}``, dates in ISO format."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": _display_name(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [jsonable(v) for v in value]
    return value


def _display_name(obj: models.Model) -> str:
    full = obj.get_full_name().strip() if hasattr(obj, "get_full_name") else ""
    return full or str(obj)


def parse_datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
