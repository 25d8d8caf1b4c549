"""The public API of the search app: the views, the JSON API and other apps search through these functions.

search_points("лицензияларды", acts=["003"], statuses=["in_force"])   # public: published text only
search_records(user, criteria)                                        # staff: what the role may see
record_detail(user, "application", "17")                              # one record, or None
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import registry
from .access import Scope, mask_identifier, scope_for
from .analysis import normalize, stem, tokens
from .backends import get_backend
from .highlight import snippet
from .query import OVERDUE, Query, parse_text, search_with_fallback

PER_PAGE = 20
MAX_RESULTS = 10_000  # the deepest page reachable (Elasticsearch's result window)
RECORD_FACETS = ["record_type", "service", "state", "unit", "year", OVERDUE, "retention"]
POINT_FACETS = ["act_code", "status"]


# -- public search ---------------------------------------------------------------------------------------


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""  # the search with this value toggled (set by the views)


@dataclass
class PointHit:
    id: str
    url: str
    act_code: str
    act_title: str
    document_title: str
    status: str
    kind: str
    number: str
    point_number: str
    snippet: SafeString


@dataclass
class PointResults:
    text: str
    total: int
    hits: list[PointHit]
    facets: dict[str, list[Option]]
    page: int
    pages: int
    suggestion: str = ""


def _page_bounds(page: int, per_page: int) -> tuple[int, int]:
    page = max(1, page)
    per_page = max(1, min(per_page, 100))
    offset = min((page - 1) * per_page, MAX_RESULTS - per_page)
    return offset, per_page


def search_points(
    text: str, *, acts: list[str] = (), statuses: list[str] = (), page: int = 1, per_page: int = PER_PAGE
) -> PointResults:
    parsed = parse_text(text)
    offset, size = _page_bounds(page, per_page)
    query = Query(
        index="points",
        **parsed,
        terms={"act_code": list(acts), "status": list(statuses)},
        facets=POINT_FACETS,
        offset=offset,
        size=size,
    )
    result = search_with_fallback(get_backend(), query) if query.has_text else None
    hits = [_point_hit(h.id, h.source, query) for h in result.hits] if result else []
    labels = source_facet_labels("points")
    selected = {"act_code": set(acts), "status": set(statuses)}
    facets = {
        name: [
            Option(f.value, labels.get(name, {}).get(f.value, f.value), f.count, f.value in selected[name])
            for f in values
        ]
        for name, values in (result.facets.items() if result else ())
    }
    total = result.total if result else 0
    suggestion = did_you_mean(text, parsed["stems"], total, acts, statuses) if query.stems else ""
    return PointResults(
        text=text,
        total=total,
        hits=hits,
        facets=facets,
        page=offset // size + 1,
        pages=_pages(total, size),
        suggestion=suggestion,
    )


def source_facet_labels(index: str) -> dict[str, dict[str, str]]:
    """facet field -> value -> label, as the sources of ``index`` registered them (the points: the acts'
    titles by code, the statuses)."""
    found: dict[str, dict[str, str]] = {}
    for source in registry.sources(index):
        for name, labels_of in source.facet_labels.items():
            found.setdefault(name, {}).update((str(k), str(v)) for k, v in labels_of().items())
    return found


def _pages(total: int, size: int) -> int:
    return max(1, (min(total, MAX_RESULTS) + size - 1) // size)


def _point_hit(doc_id: str, source: dict[str, Any], query: Query) -> PointHit:
    anchor = source.get("anchor") or ""
    url = f"/{translation.get_language() or settings.LANGUAGE_CODE}{source.get('path', '/')}"
    return PointHit(
        id=doc_id,
        url=f"{url}#{anchor}" if anchor else url,
        act_code=source.get("act_code", ""),
        act_title=source.get("act_title", ""),
        document_title=source.get("document_title", ""),
        status=source.get("status", ""),
        kind=source.get("kind", ""),
        number=source.get("number", ""),
        point_number=source.get("point_number", ""),
        snippet=marked_snippet(source.get("text", ""), query),
    )


def marked_snippet(text: str, query: Query) -> SafeString:
    stems, folded, typos = query.marked_terms()
    return snippet(text, sorted(stems), query.phrases, folded=folded, typos=typos)


def did_you_mean(text: str, stems: list[str], found: int, acts=(), statuses=()) -> str:
    """The whole query with each word that no published point has replaced by the closest word that one has
    — offered only when it finds something, and never less than the query as typed."""
    suggestion = _corrected(text, stems)
    if not suggestion or normalize(suggestion) == normalize(text):
        return ""
    parsed = parse_text(suggestion)
    query = Query(index="points", **parsed, terms={"act_code": list(acts), "status": list(statuses)}, size=1)
    total = search_with_fallback(get_backend(), query).total
    return suggestion if total and total >= found else ""


def _corrected(text: str, stems: list[str]) -> str:
    replacements = get_backend().suggest("points", stems)
    if not replacements:
        return ""
    words = []
    for token in tokens(text):
        stemmed = stem(token.word)
        better = replacements.get(stemmed)
        if better is None:
            words.append(token.word)
        elif token.word.startswith(stemmed):  # keep the ending: «лицензыяларды» → «лицензияларды»
            words.append(better + token.word[len(stemmed) :])
        else:
            words.append(better)
    return " ".join(words)


# -- record search ---------------------------------------------------------------------------------------


@dataclass
class Criteria:
    """What the archivist (or the JSON API) asks for; see forms.RecordSearchForm."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet field -> values
    overdue: bool = False
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class RecordHit:
    id: str
    record_type: str
    type_label: str
    record_id: str
    title: str
    url: str
    date: datetime | None
    state: str
    state_label: str
    service: str
    service_label: str
    overdue: bool
    fields: list[tuple[str, str]]
    snippet: SafeString


@dataclass
class RecordResults:
    criteria: Criteria
    total: int
    hits: list[RecordHit]
    facets: dict[str, list[Option]]
    page: int
    pages: int


def required_scope(user: Any) -> Scope:
    scope = scope_for(user) if getattr(user, "is_authenticated", False) else None
    if scope is None:
        raise PermissionDenied(_("Record search needs a staff role."))
    return scope


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def record_query(scope: Scope, criteria: Criteria, *, now: datetime | None = None) -> Query:
    parsed = parse_text(criteria.text, identifiers=scope.identifiers)
    offset, size = _page_bounds(criteria.page, criteria.per_page)
    return Query(
        index="records",
        **parsed,
        terms={name: list(values) for name, values in criteria.filters.items() if values},
        date_from=_local_midnight(criteria.date_from) if criteria.date_from else None,
        date_to=_local_midnight(criteria.date_to) + timedelta(days=1) if criteria.date_to else None,
        overdue=criteria.overdue,
        now=now or timezone.now(),
        scope_types=sorted(scope.record_types),
        scope_units=sorted(scope.units) if scope.units is not None else None,
        facets=RECORD_FACETS,
        sort=criteria.sort,
        offset=offset,
        size=size,
    )


def search_records(user: Any, criteria: Criteria, *, now: datetime | None = None) -> RecordResults:
    """Raises PermissionDenied when the user has no role that may see records."""
    scope = required_scope(user)
    query = record_query(scope, criteria, now=now)
    result = search_with_fallback(get_backend(), query)
    hits = [record_hit(h.id, h.source, query, scope) for h in result.hits]
    selected = {
        **{k: set(v) for k, v in criteria.filters.items()},
        OVERDUE: {"1"} if criteria.overdue else set(),
    }
    facets = {
        name: [
            Option(f.value, facet_label(name, f.value), f.count, f.value in selected.get(name, ()))
            for f in values
        ]
        for name, values in result.facets.items()
    }
    return RecordResults(
        criteria=criteria,
        total=result.total,
        hits=hits,
        facets=facets,
        page=query.offset // query.size + 1,
        pages=_pages(result.total, query.size),
    )


def facet_label(name: str, value: str) -> str:
    from catalogue import SERVICE_CHOICES

    if name == "record_type":
        record_type = registry.record_type(value)
        return str(record_type.label) if record_type else value
    if name == "service":
        return str(dict(SERVICE_CHOICES).get(value, value))
    if name == "state":
        for record_type in registry.record_types():
            if value in record_type.state_labels:
                return str(record_type.state_labels[value])
    if name == OVERDUE:
        return str(_("Overdue"))
    return value


def record_hit(doc_id: str, source: dict[str, Any], query: Query, scope: Scope) -> RecordHit:
    name = source.get("record_type", "")
    record_type = registry.record_type(name)
    due = source.get("due_at")
    return RecordHit(
        id=doc_id,
        record_type=name,
        type_label=facet_label("record_type", name),
        record_id=source.get("record_id", ""),
        title=source.get("title", ""),
        url=reverse("search:record", args=[name, source.get("record_id", "")]),
        date=parse_iso(source.get("sort_date")),
        state=source.get("state", ""),
        state_label=facet_label("state", source.get("state", "")),
        service=source.get("service", ""),
        service_label=facet_label("service", source.get("service", "")) if source.get("service") else "",
        overdue=bool(due and query.now and due < _iso_ms(query.now)),
        fields=visible_fields(record_type, source.get("fields") or {}, scope),
        snippet=marked_snippet(source.get("text", ""), query),
    )


def parse_iso(value: str | None) -> datetime | None:
    """A document's date text as an aware datetime (dates alone: midnight UTC)."""
    if not value:
        return None
    parsed = (
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        if "T" in value
        else datetime.fromisoformat(value)
    )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("UTC"))


def _iso_ms(value: datetime) -> str:
    from .sources.dates import iso

    return iso(value) or ""


def visible_fields(record_type, fields: dict[str, str], scope: Scope) -> list[tuple[str, str]]:
    labels = record_type.fields if record_type else {}
    rows = []
    for key, value in fields.items():
        if key == "identifier" and not scope.identifiers:
            value = mask_identifier(value)
        rows.append((str(labels.get(key, key)), str(value)))
    return rows


@dataclass
class RecordDetail:
    record_type: str
    type_label: str
    record_id: str
    title: str
    state_label: str
    service_label: str
    date: datetime | None
    text: str
    fields: list[tuple[str, str]]
    extra: list[tuple[str, str]]


def record_detail(user: Any, type_name: str, record_id: str) -> RecordDetail | None:
    """The record as the database has it now, or None when it does not exist or the user may not see it."""
    from .sources.records import record_document

    scope = required_scope(user)
    record_type = registry.record_type(type_name)
    if record_type is None:
        return None
    obj = record_type.objects().filter(pk=record_id).first()
    record = record_type.describe(obj) if obj is not None else None
    if record is None:
        return None
    doc = record_document(record_type, obj.pk, record)
    if not scope.may_see(doc):
        return None
    extra = record_type.detail(obj, user) if record_type.detail else []
    return RecordDetail(
        record_type=type_name,
        type_label=str(record_type.label),
        record_id=str(obj.pk),
        title=record.title,
        state_label=facet_label("state", record.state),
        service_label=facet_label("service", record.service) if record.service else "",
        date=parse_iso(doc.get("sort_date")),
        text=doc["text"],
        fields=visible_fields(record_type, doc["fields"], scope),
        extra=extra,
    )
