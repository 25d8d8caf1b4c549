"""The database cache with an increment that two workers cannot interleave, and the page tokens' files.

Django's DatabaseCache increments by reading and then writing the value, so two workers counting the same
client at once could both write ``n + 1`` and let a request through uncounted (django-ratelimit flags the
backend as not atomic for that reason). Here the read and the write happen in one transaction that holds
the row: SQLite's IMMEDIATE transactions (the demo settings) take the write lock at BEGIN, and other
databases lock the row with SELECT ... FOR UPDATE.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                cache_key = self.make_and_validate_key(key, version=version)
                lock = f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE"
                with connection.cursor() as cursor:
                    cursor.execute(lock, [cache_key])
            return super().incr(key, delta, version)


class TokenFileCache(BaseCache):
    """The page cache's version tokens (portal.page_cache) in files, when there is no Redis: one file per
    page holding a short string, which every process of the machine reads.

    Django's file cache pickles, compresses, lists the directory to cull and renames a temporary file on
    every write: a publish writes dozens of tokens, an import hundreds.  Here a write overwrites the file in
    place.  A reader that catches a file half-written reads a token that matches nothing, which only costs
    a render (a token is compared, never trusted).  Timeouts are ignored: tokens live as long as the pages.
    """

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self._dir = Path(location)

    def _path(self, key: str, version: int | None = None) -> Path:
        name = hashlib.sha256(self.make_and_validate_key(key, version=version).encode()).hexdigest()[:40]
        return self._dir / name

    def get(self, key, default=None, version=None):
        try:
            return self._path(key, version).read_text(encoding="ascii").strip() or default
        except (FileNotFoundError, UnicodeDecodeError):
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        # Tokens have one length: overwriting in place needs no truncation (which costs ten times more
        # than the write on some file systems); a shorter value is padded with spaces.
        data = str(value).encode("ascii")
        try:
            fd = os.open(self._path(key, version), os.O_WRONLY | os.O_CREAT, 0o644)
        except FileNotFoundError:
            self._dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._path(key, version), os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            os.pwrite(fd, data.ljust(os.fstat(fd).st_size), 0)
        finally:
            os.close(fd)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        self._dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self._path(key, version), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(str(value))
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self.has_key(key, version)

    def delete(self, key, version=None) -> bool:
        try:
            self._path(key, version).unlink()
        except FileNotFoundError:
            return False
        return True

    def has_key(self, key, version=None) -> bool:
        return self._path(key, version).exists()

    def clear(self) -> None:
        for path in self._dir.glob("*"):
            path.unlink(missing_ok=True)
