"""What is indexed: one elasticsearch.dsl Document per index.  Both backends read these mappings — the
Elasticsearch backend creates its indices from them, the embedded backend derives its tables from them.

Full text is analysed in Python (search.analysis) and indexed pre-analysed: ``text_stems`` holds the stems,
``text_words`` the normalised words (exact phrases), both whitespace-tokenised by every backend; ``text``
keeps the original for display and highlighting.  ``digest`` is a hash of the rest of the document, which
``search_check`` compares with the database.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from elasticsearch.dsl import Date, Document, Integer, Keyword, Object, Text

PREANALYSED = "whitespace"


def shown() -> Keyword:
    """A value only shown, never searched or sorted on: kept in the source, nothing indexed."""
    return Keyword(index=False, doc_values=False)


def sortable() -> Keyword:
    """A value sorted on but never searched: doc values only (no inverted index to build)."""
    return Keyword(index=False)


class SearchDocument(Document):
    """The fields every index has."""

    group = Keyword()  # the database object the document came from ("page:12", "application:7")
    sort_key = sortable()  # the last tie-break of every sort order: stable and unique
    sort_date = Date()
    text = Text(index=False)
    text_stems = Text(analyzer=PREANALYSED)
    text_words = Text(analyzer=PREANALYSED)
    text_folded = Text(analyzer=PREANALYSED)  # the stems without Kazakh letters (search.analysis.fold)
    refs = Text(analyzer=PREANALYSED)  # cited dates and numbers, point numbers (search.analysis.citations)
    digest = shown()


class PointDocument(SearchDocument):
    """A point, sub-point or paragraph of a published act (the public search)."""

    act_code = Keyword()
    act_title = shown()
    status = Keyword()  # of the act: in_force / repealed
    document_title = shown()
    service = Keyword()
    division = shown()
    kind = Keyword()  # point, subpoint, paragraph, preamble, appendix
    number = shown()
    point_number = shown()  # the enclosing point of a sub-point
    path = shown()  # the page's path without the language prefix
    anchor = shown()
    page_id = Integer(index=False, doc_values=False)

    class Index:
        name = "points"


class RecordDocument(SearchDocument):
    """An application, licence, issued document, journal entry or recording (the archivist search)."""

    record_type = Keyword()
    record_id = shown()
    title = shown()
    numbers = Keyword(multi=True, index=False, doc_values=False)
    service = Keyword()
    state = Keyword()
    unit = Keyword()
    year = Keyword()
    retention = Keyword()
    due_at = Date()
    identifiers = Text(analyzer=PREANALYSED)  # IIN/BIN, matched only for the roles that may see them
    units_acl = Keyword(multi=True)  # when set: only staff of these territorial units
    fields = Object(enabled=False)  # label → value pairs shown on the hit

    class Index:
        name = "records"


INDEXES: dict[str, type[SearchDocument]] = {"points": PointDocument, "records": RecordDocument}


def index_name(index: str) -> str:
    """The alias name of a logical index ("points" → "vet-points")."""
    return f"{getattr(settings, 'SEARCH_INDEX_PREFIX', 'vet')}-{index}"


def with_digest(doc: dict[str, Any]) -> dict[str, Any]:
    body = {key: value for key, value in doc.items() if key != "digest"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return {**body, "digest": hashlib.sha1(canonical.encode()).hexdigest()}


def field_kinds(index: str) -> dict[str, str]:
    """name → "keyword" | "keywords" (multi-valued) | "date" | "integer" | "fulltext" | "stored" (only in the
    source: neither indexed nor sortable), for the embedded backend.

    In the order of the names: elasticsearch.dsl iterates a mapping in an order that changes with the
    process's hash seed, and the embedded backend lays out columns by this order."""
    kinds = {}
    mapping = INDEXES[index]._doc_type.mapping
    for name in sorted(mapping):
        field = mapping[name]
        params = field.to_dict()
        if params.get("enabled") is False or (
            params.get("index") is False and (params.get("doc_values") is False or params["type"] == "text")
        ):
            kinds[name] = "stored"
        elif params["type"] == "text":
            kinds[name] = "fulltext"
        elif params["type"] == "keyword":
            kinds[name] = "keywords" if field._multi else "keyword"
        else:
            kinds[name] = params["type"]
    return kinds
