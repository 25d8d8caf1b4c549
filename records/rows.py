"""Reading one row as a model instance with hand-written SQL, for the two reads every transition makes
(the application under lock, the last audit row).  Building such a query through the ORM costs several
times more than running it; the values go through the same converters the ORM applies (dates, JSON…).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router


def fetch_one(
    model: type[models.Model], tail_sql: str, params: Sequence[Any], fields: Sequence[str] | None = None
) -> models.Model | None:
    """``SELECT <fields> FROM <table> <tail_sql>`` as an instance of ``model`` (None when no row)."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    plan = _plan(model, tuple(fields) if fields is not None else None, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"{plan.select} {tail_sql}", list(params))
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for (column, converters), value in zip(plan.converters, row, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        values.append(value)
    return model.from_db(alias, plan.attnames, values)


@dataclass(frozen=True)
class _Plan:
    select: str
    attnames: list[str]
    converters: list


_PLANS: dict[tuple, _Plan] = {}


def _plan(model, fields, connection) -> _Plan:
    key = (model._meta.label, fields, connection.vendor)
    plan = _PLANS.get(key)
    if plan is None:
        concrete = [f for f in model._meta.concrete_fields if fields is None or f.attname in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in concrete)
        converters = []
        for field in concrete:
            column = field.get_col(model._meta.db_table)
            converters.append(
                (column, connection.ops.get_db_converters(column) + field.get_db_converters(connection))
            )
        plan = _Plan(
            f"SELECT {columns} FROM {model._meta.db_table}", [f.attname for f in concrete], converters
        )
        _PLANS[key] = plan
    return plan
