"""Readable numbers per document type, year and series («ВА-2026-000123», «ВА-2026-07-000123»), allocated
without gaps.

The counter row of (type, year, series) is locked with SELECT … FOR UPDATE inside the caller's transaction,
and stays locked until it commits: the document is rendered with its number in between.  A concurrent
issuer of the same series waits until the first commits (or rolls back, in which case the number is reused);
one of another series (another unit's register) does not wait at all.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from certificates.models import DocumentCounter


def format_number(prefix: str, year: int, value: int, series: str = "") -> str:
    return f"{prefix}-{year}-{series}-{value:06d}" if series else f"{prefix}-{year}-{value:06d}"


def next_value(doc_type: str, year: int, series: str = "") -> int:
    """Take the next value of the (type, year, series) counter.  Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are allocated inside a transaction")
    key = {"doc_type": doc_type, "year": year, "series": series}
    counter = DocumentCounter.objects.select_for_update().filter(**key).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not fatal
                counter = DocumentCounter.objects.create(**key, last=0)
        except IntegrityError:
            counter = DocumentCounter.objects.select_for_update().get(**key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
