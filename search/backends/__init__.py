"""The search backend of this installation: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded
backend on the portal's own database (SQLite FTS5, or PostgreSQL full-text search)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from .base import Backend, SearchUnavailable

__all__ = ["Backend", "SearchUnavailable", "get_backend", "reset_backend"]

_cached: dict[tuple, Backend] = {}


def get_backend() -> Backend:
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    key = (url, getattr(settings, "SEARCH_INDEX_PREFIX", "vet"), connection.vendor)
    backend = _cached.get(key)
    if backend is None:
        backend = _cached[key] = _make(url)
    return backend


def _make(url: str) -> Backend:
    if url:
        from .elastic import ElasticBackend

        return ElasticBackend(url)
    from .embedded import EmbeddedBackend

    return EmbeddedBackend()


def reset_backend() -> None:
    for backend in _cached.values():
        close = getattr(backend, "close", None)
        if close:
            close()
    _cached.clear()
