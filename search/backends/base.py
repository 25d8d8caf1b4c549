"""The interface of a search backend.  Indices are versioned behind an alias: writes go to the alias (or
to a version being built), a rebuild fills a new version and swaps the alias to it atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from ..query import Query, Result


class SearchUnavailable(Exception):
    """The search server cannot be reached or refused the request; the caller keeps the change queued."""


class Backend(Protocol):
    name: str

    def ensure(self, index: str) -> bool:
        """Create the first version and its alias if there is none; True when it had to."""

    def create_version(self, index: str) -> str:
        """A new, empty version of ``index`` (not yet behind the alias)."""

    def promote(self, index: str, version: str) -> None:
        """Point the alias at ``version`` atomically and drop the versions it replaced."""

    def write(
        self,
        index: str,
        docs: Iterable[dict[str, Any]],
        deletes: Iterable[str] = (),
        version: str | None = None,
    ) -> int:
        """Upsert ``docs`` (each with its "id") and delete ``deletes`` (ids); returns the number written."""

    def group_ids(self, index: str, groups: list[str]) -> dict[str, set[str]]:
        """The ids of the documents indexed for each group."""

    def digests(self, index: str) -> Iterator[tuple[str, str]]:
        """(id, digest) of every document (search_check)."""

    def count(self, index: str) -> int: ...

    def outdated(self, index: str) -> str:
        """Why the index's version cannot serve this release ("" when it can): it lacks a field."""

    def value_problems(self, index: str) -> list[str]:
        """What is wrong with the backend's own per-document columns (doc values), for search_check."""

    def search(self, query: Query) -> Result: ...

    def suggest(self, index: str, stems: list[str]) -> dict[str, str]:
        """For each stem that no document has, the closest stem that some document has (did you mean)."""

    def drop(self, index: str) -> None:
        """Remove every version and the alias (tests, rebuilding from nothing)."""
