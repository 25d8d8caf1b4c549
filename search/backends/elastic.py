"""The Elasticsearch backend (production): indices from the elasticsearch.dsl Documents, versioned behind
aliases, bulk writes through the client's helpers, queries built with elasticsearch.dsl."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from queue import Empty, Full, Queue
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import Index, Q, Search

from ..analysis.expand import COORD, FUZZY_MIN, Alternative, Group
from ..documents import INDEXES, index_name
from ..query import OVERDUE, FacetValue, Hit, Query, Result
from .base import SearchUnavailable

FACET_SIZE = 100
BULK_CHUNK = 2000  # documents per bulk request
FUZZINESS = f"AUTO:{FUZZY_MIN},{FUZZY_MIN + 1}"  # no edit below 5 letters, 1 at 5, 2 from 6


# The settings of a version once it serves searches (SEARCH_ES_REPLICAS: 1 on a production cluster).
def _serving_settings() -> dict:
    replicas = int(getattr(settings, "SEARCH_ES_REPLICAS", 0))
    return {"index": {"refresh_interval": "1s", "number_of_replicas": replicas}}


_ERRORS = (TransportError, ApiError, helpers.BulkIndexError)


class ElasticBackend:
    name = "elasticsearch"

    def __init__(self, url: str, *, prefix: str | None = None) -> None:
        options: dict[str, Any] = {
            "request_timeout": getattr(settings, "SEARCH_ES_TIMEOUT", 10),
            "max_retries": 1,
            "retry_on_timeout": False,
        }
        node_class = getattr(settings, "SEARCH_ES_NODE_CLASS", "")
        if node_class:
            options["node_class"] = import_string(node_class)
        self.client = Elasticsearch(url, **options)
        self.prefix = prefix

    def close(self) -> None:
        self.client.close()

    def alias(self, index: str) -> str:
        return f"{self.prefix}-{index}" if self.prefix else index_name(index)

    # -- index versions ------------------------------------------------------------------------------------

    def _versions(self, index: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias(index)).body)
        except NotFoundError:
            return []

    def ensure(self, index: str) -> bool:
        with _unavailable():
            if self._versions(index):
                return False
            self.promote(index, self.create_version(index))
            return True

    def create_version(self, index: str) -> str:
        name = f"{self.alias(index)}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        version = Index(name, using=self.client)
        version.document(INDEXES[index])
        # Filled in bulk before anyone reads it: no refreshes and no replicas until promote().
        version.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="-1")
        with _unavailable():
            version.create()
        return name

    def promote(self, index: str, version: str) -> None:
        alias = self.alias(index)
        with _unavailable():
            self.client.indices.put_settings(index=version, settings=_serving_settings())
            self.client.indices.refresh(index=version)
            old = [name for name in self._versions(index) if name != version]
            actions = [{"remove": {"index": name, "alias": alias}} for name in old]
            actions.append({"add": {"index": version, "alias": alias}})
            self.client.indices.update_aliases(actions=actions)  # one request: readers never see no alias
            for name in old:
                self.client.indices.delete(index=name)

    def drop(self, index: str) -> None:
        with _unavailable():
            for name in self._versions(index):
                self.client.indices.delete(index=name)

    # -- writing -------------------------------------------------------------------------------------------

    def write(
        self,
        index: str,
        docs: Iterable[dict[str, Any]],
        deletes: Iterable[str] = (),
        version: str | None = None,
    ) -> int:
        target = version or self.alias(index)
        actions = [
            {"_op_type": "index", "_index": target, "_id": doc["id"], "_source": _body(doc)} for doc in docs
        ]
        actions += [{"_op_type": "delete", "_index": target, "_id": doc_id} for doc_id in deletes]
        if not actions:
            return 0
        refresh = getattr(settings, "SEARCH_ES_REFRESH", False)
        with _unavailable():
            written, _errors = helpers.bulk(
                self.client,
                actions,
                chunk_size=BULK_CHUNK,
                ignore_status=(404,),
                refresh=refresh,
            )
        return written

    def write_stream(
        self, index: str, batches: Iterable[list[dict[str, Any]]], version: str | None = None
    ) -> int:
        """Upsert batch after batch (a rebuild): this thread encodes each batch as it comes (from the
        builders) while a sender thread streams the encoded ones to the bulk API, so that the server does
        not wait for the client between requests.  Returns the number written."""
        target = version or self.alias(index)
        dumps = self.client.transport.serializers.get_serializer("application/json").dumps
        queue: Queue = Queue(maxsize=2)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk") as sender:
            sending = sender.submit(self._send, queue, refresh=version is None)
            try:
                for docs in batches:
                    encoded = [({"index": {"_index": target, "_id": d["id"]}}, dumps(_body(d))) for d in docs]
                    _put(queue, encoded, sending)
            except BaseException:
                _stop(queue)  # the sender ends after the request in flight
                raise
            _put(queue, None, sending)
            return sending.result()

    def _send(self, queue: Queue, refresh: bool) -> int:
        def actions() -> Iterator:
            while True:
                try:
                    encoded = queue.get_nowait()
                except Empty:  # nothing more yet: send what there is rather than wait for a full chunk
                    yield helpers.BULK_FLUSH
                    encoded = queue.get()
                if encoded is None:
                    return
                yield from encoded

        written = 0
        with _unavailable():
            for ok, _item in helpers.streaming_bulk(
                self.client,
                actions(),
                chunk_size=BULK_CHUNK,
                expand_action_callback=_as_is,
                refresh=refresh and getattr(settings, "SEARCH_ES_REFRESH", False),
            ):
                written += ok
        return written

    def group_ids(self, index: str, groups: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {group: set() for group in groups}
        if not groups:
            return found
        search = Search(using=self.client, index=self.alias(index)).filter("terms", group=groups)
        with _unavailable():
            for hit in search.source(["group"]).params(size=5000).scan():
                found.setdefault(hit.group, set()).add(hit.meta.id)
        return found

    def digests(self, index: str) -> Iterator[tuple[str, str]]:
        if not self._versions(index):
            return
        search = Search(using=self.client, index=self.alias(index)).source(["digest"]).params(size=5000)
        with _unavailable():
            for hit in search.scan():
                yield hit.meta.id, hit.digest

    def count(self, index: str) -> int:
        with _unavailable():
            try:
                return self.client.count(index=self.alias(index))["count"]
            except NotFoundError:  # nothing indexed yet
                return 0

    def outdated(self, index: str) -> str:
        """Why the index's version cannot serve this code ("" when it can): a field this release searches
        that its mapping lacks (a version built by an older release; search_worker rebuilds it)."""
        with _unavailable():
            try:
                mappings = self.client.indices.get_mapping(index=self.alias(index)).body
            except NotFoundError:
                return ""
        have = {name for body in mappings.values() for name in body.get("mappings", {}).get("properties", {})}
        wanted = INDEXES[index]._doc_type.mapping.to_dict().get("properties", {})
        missing = sorted(set(wanted) - have)
        return f"the search index {index} has no {', '.join(missing)}: rebuild it" if missing else ""

    def value_problems(self, index: str) -> list[str]:
        return []  # Elasticsearch keeps its doc values itself

    # -- reading -------------------------------------------------------------------------------------------

    def search(self, query: Query) -> Result:
        search = Search(using=self.client, index=self.alias(query.index)).extra(track_total_hits=True)
        if query.groups:
            search = search.query(_words(self._without_needless_typos(query)))
        for condition in _filters(query):
            search = search.filter(condition)
        for name in query.facets:
            if name == OVERDUE:
                search.aggs.bucket(name, "filter", Q("range", due_at={"lt": query.now.isoformat()}))
            else:
                order = [{"_count": "desc"}, {"_key": "asc"}]
                search.aggs.bucket(name, "terms", field=name, size=FACET_SIZE, order=order)
        search = search.sort(*_sort(query.sort)).source(excludes=_ANALYSED)
        search = search[query.offset : query.offset + query.size]
        with _unavailable():
            try:
                response = search.execute()
            except NotFoundError:  # nothing indexed yet
                return Result(total=0, hits=[], facets={name: [] for name in query.facets})
        hits = [Hit(id=h.meta.id, score=h.meta.score or 0.0, source=h.to_dict()) for h in response.hits]
        return Result(total=response.hits.total.value, hits=hits, facets=_facets(query, response))

    def _without_needless_typos(self, query: Query) -> Query:
        """Typos are looked for only for words that no document has in any of their exact forms, as the
        embedded backend does (search.backends.fuzzy): one size-0 request counts each group's documents."""
        if not any(alt.fuzzy for group in query.groups for alt in group.alternatives):
            return query
        counts = Search(using=self.client, index=self.alias(query.index)).extra(size=0)
        exact = {
            str(n): Q("dis_max", queries=[_alternative(a) for a in g.alternatives if not a.fuzzy])
            for n, g in enumerate(query.groups)
        }
        counts.aggs.bucket("known", "filters", filters=exact)
        with _unavailable():
            try:
                buckets = counts.execute().aggregations.known.buckets
            except NotFoundError:
                return query
        groups = [
            Group(g.word, [a for a in g.alternatives if not a.fuzzy])
            if getattr(buckets, str(n)).doc_count
            else g
            for n, g in enumerate(query.groups)
        ]
        return replace(query, groups=groups)

    def suggest(self, index: str, stems: list[str]) -> dict[str, str]:
        candidates = [s for s in stems if len(s) >= 4 and not s.isdigit()]
        if not candidates:
            return {}
        search = Search(using=self.client, index=self.alias(index)).extra(size=0)
        for number, word in enumerate(candidates):
            options = {"field": "text_stems", "suggest_mode": "missing"}
            search = search.suggest(f"s{number}", word, term=options)
        with _unavailable():
            try:
                response = search.execute()
            except NotFoundError:
                return {}
        found = {}
        for number, word in enumerate(candidates):
            entries = getattr(response.suggest, f"s{number}", [])
            options = [option for entry in entries for option in entry.options]
            if options:
                best = max(options, key=lambda o: (o.score, o.freq, _reverse(o.text)))
                found[word] = best.text
        return found


_ANALYSED = ["text_stems", "text_words", "text_folded", "refs", "identifiers"]


def _reverse(text: str) -> tuple:
    return tuple(
        -ord(ch) for ch in text
    )  # ties go to the alphabetically first term, as in the embedded backend


def _body(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if key != "id"}


def _as_is(action: tuple[dict, bytes]) -> tuple[dict, bytes]:
    return action  # encoded by write_stream: the bulk helper passes the bytes through


def _put(queue: Queue, encoded: list | None, sending: Future) -> None:
    """Wait for room in the queue, unless the sender has stopped (its error is raised here)."""
    while True:
        if sending.done():
            sending.result()
            raise SearchUnavailable("the bulk sender stopped")
        try:
            queue.put(encoded, timeout=0.2)
            return
        except Full:
            continue


def _stop(queue: Queue) -> None:
    while True:
        try:
            queue.get_nowait()
        except Empty:
            break
    queue.put(None)


def _words(query: Query) -> Q:
    """At least ``minimum_should_match`` of the groups; a group scores COORD and its best alternative."""
    groups = []
    for group in query.groups:
        best = Q("dis_max", queries=[_alternative(alt) for alt in group.alternatives])
        counted = Q("constant_score", filter=best, boost=COORD)  # more of the words first (see expand)
        groups.append(Q("bool", should=[counted, best], minimum_should_match=1))
    return Q("bool", should=groups, minimum_should_match=query.minimum_should_match)


def _alternative(alternative: Alternative) -> Q:
    if alternative.fuzzy:
        options = {"query": alternative.terms[0], "fuzziness": FUZZINESS, "prefix_length": 1}
        return Q("match", **{alternative.field: {**options, "boost": alternative.weight}})
    terms = [Q("term", **{alternative.field: term}) for term in alternative.terms]
    return Q("bool", must=terms, boost=alternative.weight)


def _filters(query: Query) -> list[Q]:
    found = [Q("match_phrase", text_words=" ".join(words)) for words in query.phrases]
    found += [Q("terms", refs=tokens) for tokens in query.refs]
    found += [Q("match", identifiers=value) for value in query.identifiers]
    found += [Q("terms", **{name: values}) for name, values in query.terms.items() if values]
    dates = {}
    if query.date_from:
        dates["gte"] = query.date_from.isoformat()
    if query.date_to:
        dates["lte"] = query.date_to.isoformat()
    if dates:
        found.append(Q("range", sort_date={**dates, "format": "strict_date_optional_time"}))
    if query.overdue:
        found.append(Q("range", due_at={"lt": query.now.isoformat()}))
    if query.scope_types is not None:
        found.append(Q("terms", record_type=query.scope_types or ["-"]))
    if query.scope_units is not None:
        found.append(~Q("exists", field="units_acl") | Q("terms", units_acl=query.scope_units or ["-"]))
    return found


def _sort(order: str) -> list:
    if order == "newest":
        return [{"sort_date": {"order": "desc", "missing": "_last"}}, {"sort_key": "asc"}]
    if order == "oldest":
        return [{"sort_date": {"order": "asc", "missing": "_last"}}, {"sort_key": "asc"}]
    return ["_score", {"sort_date": {"order": "desc", "missing": "_last"}}, {"sort_key": "asc"}]


def _facets(query: Query, response) -> dict[str, list[FacetValue]]:
    found = {}
    aggregations = getattr(response, "aggregations", None)
    for name in query.facets:
        agg = getattr(aggregations, name, None)
        if agg is None:
            found[name] = []
        elif name == OVERDUE:
            found[name] = [FacetValue("1", agg.doc_count)] if agg.doc_count else []
        else:
            found[name] = [FacetValue(str(b.key), b.doc_count) for b in agg.buckets if b.key != ""]
    return found


class _unavailable:
    """Turns the client's transport and API errors into SearchUnavailable."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is not None and isinstance(error, _ERRORS) and not isinstance(error, NotFoundError):
            raise SearchUnavailable(str(error)) from error
        return False
