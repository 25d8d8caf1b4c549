"""Records in the archivist search: one document per record, from a RecordType's ``describe`` function.

The record types themselves are registered by the apps that own them (records.search_records: applications
and licences; certificates.search_records: issued documents; records.recorders.search_records: journal
entries and recordings); this module only turns their Records into documents, with the helpers they share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalogue import SERVICE_CHOICES

from ..analysis import analyze
from ..analysis.citations import citation_tokens
from ..documents import with_digest
from ..registry import Docs, Record, RecordType, Source
from .dates import iso, local_year

LABEL_LANGUAGES = ("kk", "ru")
_IDENTIFIER_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def source_for(record_type: RecordType) -> Source:
    def build(object_ids: list[str]) -> Docs:
        found = {str(obj.pk): obj for obj in record_type.objects().filter(pk__in=object_ids)}
        docs: Docs = {}
        for object_id in object_ids:
            obj = found.get(str(object_id))
            record = record_type.describe(obj) if obj is not None else None
            docs[str(object_id)] = [record_document(record_type, obj.pk, record)] if record else []
        return docs

    def object_ids() -> Iterator[str]:
        for pk in record_type.objects().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000):
            yield str(pk)

    concrete = record_type.model_class()._meta.label
    return Source(
        name=record_type.name,
        index="records",
        build=build,
        object_ids=object_ids,
        count=lambda: record_type.objects().count(),
        triggers={concrete: lambda obj: [obj.pk], **record_type.related},
    )


def record_document(record_type: RecordType, pk: Any, record: Record) -> dict[str, Any]:
    # IIN/BIN never reach the searchable text: they are matched only for the roles that may see them.
    parts = [_IDENTIFIER_RE.sub(" ", str(part)) for part in (record.title, *record.text) if part]
    text = "\n".join(dict.fromkeys(part.strip() for part in parts if part.strip()))
    # The labels of the record's type, state and service in both languages are searched («лицензия» finds the
    # licence register) but not shown in the snippet.
    analysis = analyze("\n".join([text, *labels(record_type, record)]))
    key = f"{record_type.name}:{pk}"
    return with_digest(
        {
            "id": key,
            "group": key,
            "sort_key": f"{record_type.name}:{int(pk):012d}" if str(pk).isdigit() else key,
            "sort_date": iso(record.date),
            "record_type": record_type.name,
            "record_id": str(pk),
            "title": record.title,
            "numbers": [n for n in record.numbers if n],
            "service": record.service,
            "state": record.state,
            "unit": record.unit,
            "year": local_year(record.date),
            "retention": record.retention,
            "due_at": iso(record.due_at),
            "identifiers": " ".join(i for i in record.identifiers if i),
            "units_acl": sorted(record.units_acl) if record_type.unit_scoped else [],
            "fields": {key: str(value) for key, value in record.fields.items() if value not in (None, "")},
            "text": text,
            "text_stems": analysis.stems,
            "text_words": analysis.words,
            "text_folded": analysis.folded,
            "refs": " ".join(citation_tokens(text)),
        }
    )


def labels(record_type: RecordType, record: Record) -> list[str]:
    """The Kazakh and Russian labels of the record's type, state and service."""
    return list(_labels(record_type.name, record.state, record.service))


@lru_cache(maxsize=4096)  # a handful of combinations, met once per document when a whole index is built
def _labels(type_name: str, state: str, service: str) -> tuple[str, ...]:
    from ..registry import record_type as registered

    record_type = registered(type_name)
    found = []
    for language in LABEL_LANGUAGES:
        with translation.override(language):
            found.append(str(record_type.label))
            if state in record_type.state_labels:
                found.append(str(record_type.state_labels[state]))
            if service:
                found.append(str(dict(SERVICE_CHOICES).get(service, "")))
    return tuple(dict.fromkeys(label for label in found if label))


def json_strings(data: Any) -> Iterator[str]:
    """The text values of a JSON object (an application's filed details, a document's payload), skipping
    identifiers' keys: IIN/BIN go to ``Record.identifiers``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not any(word in str(key).lower() for word in ("iin", "bin", "identifier")):
                yield from json_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from json_strings(value)
    elif isinstance(data, str) and data.strip():
        yield data


# The labels of the hit fields that name a record's holder; search masks ``identifier`` for the roles that
# may not see IIN/BIN (services.visible_fields).
HOLDER_FIELDS = {
    "applicant": _("Applicant or holder"),
    "identifier": _("IIN / BIN"),
}
