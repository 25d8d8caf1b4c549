"""Gap-free yearly counters for registration numbers (applications, licences, accounting numbers).

A number is taken from a counter row locked until the end of the caller's transaction; if that transaction
rolls back, so does the counter, so every number handed out belongs to a saved record and none is skipped.
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    name = models.CharField(_("sequence"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="records_numberseq_name_year")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.last}"


def next_number(name: str, year: int) -> int:
    """The next number of sequence ``name`` for ``year``; call inside the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside transaction.atomic()")
    row = NumberSequence.objects.select_for_update().filter(name=name, year=year).first()
    if row is None:
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                row = NumberSequence.objects.create(name=name, year=year)
        except IntegrityError:
            row = NumberSequence.objects.select_for_update().get(name=name, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last
