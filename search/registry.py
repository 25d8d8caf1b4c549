"""The registry of what is indexed.  A *source* turns database objects into index documents; the outbox,
the worker, ``search_reindex`` and ``search_check`` only ever talk to sources.

Search knows no other app: each app plugs its own record types in from its AppConfig.ready() (the
records, certificates and recorders apps in their ``search_records`` modules, the published acts' points in
portal.search_records).  A record type is one call and one small function that describes a record::

    register_record_type(RecordType(
        name="journal_entry", label=_("Journal entry"), model="recorders.JournalEntry",
        describe=describe_entry,                  # obj -> Record (or None: not indexed)
        roles=JOURNAL_ROLES,                      # who may see these records (catalogue.roles)
        queryset=lambda: JournalEntry.objects.select_related("book", "unit"),
        state_labels=dict(JournalEntry.State.choices),
    ))

Whatever search shows about a record comes with its registration: the labels of its states and fields,
who may see it, and for records seen only within a territorial unit the units a user may see (the labels
of the services come from the catalogue).  Saving or deleting an object of ``model`` (or of a model in
``related``) queues it for indexing in the same transaction (search.signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils.functional import Promise

Docs = dict[str, list[dict[str, Any]]]  # object id -> its documents ([] = none: remove what is indexed)


@dataclass(frozen=True)
class Source:
    name: str
    index: str
    build: Callable[[list[str]], Docs]
    object_ids: Callable[[], Iterator[str]]  # every object to index (search_reindex, search_check)
    count: Callable[[], int]
    # "app_label.ModelName" -> the ids of this source's objects to re-index when such an object is saved
    # or deleted (post_save / post_delete).
    triggers: Mapping[str, Callable[[Model], Iterable[Any]]] = field(default_factory=dict)
    # A Wagtail page published or unpublished -> the ids to re-index (unpublishing a page of any type hides
    # its descendants, so this sees every page, not only the source's models).
    page_changes: Callable[[Model], Iterable[Any]] | None = None
    # facet field -> a function giving value -> label, read at query time (an act's title may change).
    facet_labels: Mapping[str, Callable[[], Mapping[str, str | Promise]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """What a record type says about one record; search.sources.records turns it into a document."""

    title: str
    text: list[str]  # searchable text, shown in snippets (no IIN/BIN: those go to ``identifiers``)
    date: datetime | date | None
    numbers: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # IIN/BIN: masked unless the role needs them
    service: str = ""
    state: str = ""
    unit: str = ""  # territorial unit
    retention: str = ""  # retention class
    due_at: datetime | None = None
    units_acl: list[str] = field(default_factory=list)  # when set: only staff of these units see it
    fields: dict[str, str] = field(default_factory=dict)  # shown on the hit, labelled by RecordType.fields


@dataclass(frozen=True)
class RecordType:
    name: str
    label: str | Promise
    model: str  # "app_label.ModelName"
    describe: Callable[[Any], Record | None]
    roles: frozenset[str]  # the roles that may see these records
    queryset: Callable[[], QuerySet] | None = None  # default: the model's default manager
    related: Mapping[str, Callable[[Model], Iterable[Any]]] = field(default_factory=dict)
    state_labels: Mapping[str, str | Promise] = field(default_factory=dict)
    fields: Mapping[str, str | Promise] = field(default_factory=dict)  # Record.fields key -> label
    unit_scoped: bool = False  # seen only by staff of the record's unit (recordings)
    # unit_scoped: user -> the codes of the units whose records the user may see (Record.units_acl holds
    # the record's own).
    user_units: Callable[[Any], Iterable[str]] | None = None
    # Rows of the record page: obj, user -> [(label, value)]; default: the hit's fields.
    detail: Callable[[Any, Any], list[tuple[str, str]]] | None = None

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def objects(self) -> QuerySet:
        return self.queryset() if self.queryset else self.model_class()._default_manager.all()


_sources: dict[str, Source] = {}
_record_types: dict[str, RecordType] = {}
_triggers: dict[str, list] | None = None


def register_source(source: Source) -> Source:
    global _triggers
    _sources[source.name] = source
    _triggers = None
    return source


def register_record_type(record_type: RecordType) -> RecordType:
    """Index ``record_type`` in the archivist search (see the module's docstring)."""
    from .sources.records import source_for

    _record_types[record_type.name] = record_type
    register_source(source_for(record_type))
    return record_type


def sources(index: str | None = None) -> list[Source]:
    return [s for s in _sources.values() if index is None or s.index == index]


def source(name: str) -> Source:
    return _sources[name]


def record_types() -> list[RecordType]:
    return list(_record_types.values())


def record_type(name: str) -> RecordType | None:
    return _record_types.get(name)


def triggers() -> dict[str, list[tuple[Source, Callable[[Model], Iterable[Any]]]]]:
    """model label -> [(source, function giving the ids to re-index)] (read on every save: cached)."""
    global _triggers
    if _triggers is None:
        found: dict[str, list] = {}
        for src in _sources.values():
            for label, function in src.triggers.items():
                found.setdefault(label, []).append((src, function))
        _triggers = found
    return _triggers
