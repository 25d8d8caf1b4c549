"""Readable numbers per document type and year («ВА-2026-000123»), allocated without gaps.

The counter row of (type, year) is locked with SELECT … FOR UPDATE inside the caller's transaction: a
concurrent issuer waits until the first commits (or rolls back, in which case the number is reused).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from certificates.models import DocumentCounter


def format_number(prefix: str, year: int, value: int) -> str:
    return f"{prefix}-{year}-{value:06d}"


def next_value(doc_type: str, year: int) -> int:
    """Take the next value of the (type, year) series.  Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are allocated inside a transaction")
    counter = DocumentCounter.objects.select_for_update().filter(doc_type=doc_type, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not fatal
                counter = DocumentCounter.objects.create(doc_type=doc_type, year=year, last=0)
        except IntegrityError:
            counter = DocumentCounter.objects.select_for_update().get(doc_type=doc_type, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
