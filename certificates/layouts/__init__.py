"""The registry of document types.  Each module of this package describes one type in a ``DOCUMENT``
constant: its number prefix, its Kazakh title, the payload fields it needs and a small ``draw`` function
that prints the body on the shared base (certificates/pdf/base.py).
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from certificates.pdf.base import Context, Sheet


@dataclass(frozen=True)
class DocumentType:
    code: str  # stored in IssuedDocument.doc_type; never change it once documents exist
    prefix: str  # of the readable number: «ВА-2026-000123»
    title: str  # Kazakh, printed on the document
    label: Promise  # English msgid, shown in the interface
    draw: Callable[[Sheet, Context], None]
    required: tuple[str, ...] = ()
    holder_label: str = "Иесі"
    check: Callable[[Mapping[str, Any]], list[str]] | None = None  # extra rules; returns translated errors
    landscape: bool = False  # A4 turned sideways (wide tables)
    statutory_form: bool = False  # a form fixed by a legal act: no issuing-body header, no title block

    def problems(self, payload: Mapping[str, Any]) -> list[str]:
        """Translated reasons why the payload cannot be printed as this type (empty when it can)."""
        found = [
            _("The field “%(field)s” is required for %(type)s.") % {"field": name, "type": self.label}
            for name in self.required
            if payload.get(name) in (None, "", [], {})
        ]
        if self.check and not found:
            found.extend(self.check(payload))
        return found


class UnknownDocumentType(LookupError):
    pass


@cache
def registry() -> dict[str, DocumentType]:
    found: dict[str, DocumentType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):  # shared helpers, not a document type
            continue
        document = import_module(f"{__name__}.{info.name}").DOCUMENT
        found[document.code] = document
    prefixes = [d.prefix for d in found.values()]
    if len(set(prefixes)) != len(prefixes):
        raise RuntimeError("two document types share a number prefix")
    return found


def get(code: str) -> DocumentType:
    try:
        return registry()[code]
    except KeyError:
        raise UnknownDocumentType(_("Unknown document type: %(code)s") % {"code": code}) from None


def choices() -> list[tuple[str, Promise]]:
    return [(code, document.label) for code, document in registry().items()]
