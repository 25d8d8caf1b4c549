"""The database cache with an increment that two workers cannot interleave.

Django's DatabaseCache increments by reading and then writing the value, so two workers counting the same
client at once could both write ``n + 1`` and let a request through uncounted (django-ratelimit flags the
backend as not atomic for that reason). Here the read and the write happen in one transaction that holds
the row: SQLite's IMMEDIATE transactions (the demo settings) take the write lock at BEGIN, and other
databases lock the row with SELECT ... FOR UPDATE.
"""

from __future__ import annotations

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
