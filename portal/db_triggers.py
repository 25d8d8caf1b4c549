"""Database triggers that keep ``records_transitionlog`` append-only below the ORM.

Installed by migration 0002.  They stop an UPDATE or DELETE issued through any client that does not drop
them first; the hash chain (``manage.py verify_audit``) finds what a determined administrator changes.
Both vendors raise an integrity error (SQLSTATE 23000 on PostgreSQL) with the message "append-only".

Other apps guard their own tables with the same helper by passing a ``Guard`` (certificates: issued
documents, whose rendered columns are frozen while the status columns may still change; the recorder
journal, whose columns are filled once as the day goes on and never changed afterwards).

PostgreSQL's TRUNCATE is left to privileges (revoke it from the application role): a TRUNCATE trigger
would also stop Django's test database flush.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "records_transitionlog"
MESSAGE = "records_transitionlog is append-only"


@dataclass(frozen=True)
class Guard:
    """A table whose rows are never deleted.  With neither ``frozen`` nor ``fill_once`` columns every UPDATE
    is refused too; otherwise an UPDATE is refused only when it changes a ``frozen`` column, or a
    ``fill_once`` column that already holds a value (NULL or '' may be filled once, as a paper column is)."""

    table: str
    message: str
    frozen: tuple[str, ...] = ()
    fill_once: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        GUARDS[self.table] = self

    @property
    def refuses_every_update(self) -> bool:
        return not (self.frozen or self.fill_once)


# Every guarded table, by name: maintenance steps (the test flush) lift them all at once.
GUARDS: dict[str, Guard] = {}

TRANSITION_LOG = Guard(TABLE, MESSAGE)


def _changed(guard: Guard, vendor: str) -> str:
    """SQL that is true when an UPDATE breaks the guard (used only when some columns may change)."""
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    as_text = 'CAST(OLD."{c}" AS TEXT)' if vendor == "sqlite" else 'OLD."{c}"::text'
    parts = [f'NEW."{c}" {differs} OLD."{c}"' for c in guard.frozen]
    # Filled means neither NULL nor the empty text; the text cast lets one test serve every column type.
    parts += [
        f'(OLD."{c}" IS NOT NULL AND {as_text.format(c=c)} <> \'\' AND NEW."{c}" {differs} OLD."{c}")'
        for c in guard.fill_once
    ]
    return " OR ".join(parts)


def _quoted_message(guard: Guard) -> str:
    return guard.message.replace("'", "''")


def _sqlite(guard: Guard, install: bool) -> list[str]:
    t = guard.table
    if not install:
        return [f"DROP TRIGGER IF EXISTS {t}_no_{op};" for op in ("update", "delete")]
    when = "" if guard.refuses_every_update else _changed(guard, "sqlite")
    conditions = {"UPDATE": f" WHEN {when}" if when else "", "DELETE": ""}
    return [
        f"CREATE TRIGGER IF NOT EXISTS {t}_no_{op.lower()} BEFORE {op} ON {t}{conditions[op]} "
        f"BEGIN SELECT RAISE(ABORT, '{_quoted_message(guard)}'); END;"
        for op in ("UPDATE", "DELETE")
    ]


def _postgres(guard: Guard, install: bool) -> list[str]:
    t = guard.table
    if not install:
        return [
            f"DROP TRIGGER IF EXISTS {t}_no_change ON {t};",
            f"DROP FUNCTION IF EXISTS {t}_append_only();",
        ]
    allow = ""
    if not guard.refuses_every_update:
        changed = _changed(guard, "postgresql")
        allow = f"IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN RETURN NEW; END IF;\n    "
    return [
        f"""CREATE OR REPLACE FUNCTION {t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {allow}RAISE EXCEPTION '{_quoted_message(guard)}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;""",
        f"DROP TRIGGER IF EXISTS {t}_no_change ON {t};",
        f"CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {t}_append_only();",
    ]


_SQL = {"sqlite": _sqlite, "postgresql": _postgres}


def _run(connection: BaseDatabaseWrapper, install: bool, guard: Guard) -> None:
    # Other vendors are not supported by the project; they get no triggers rather than a failed migrate.
    build = _SQL.get(connection.vendor)
    statements = build(guard, install) if build else []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper = default_connection, guard: Guard = TRANSITION_LOG) -> None:
    _run(connection, install=True, guard=guard)


def uninstall(connection: BaseDatabaseWrapper = default_connection, guard: Guard = TRANSITION_LOG) -> None:
    _run(connection, install=False, guard=guard)


def missing(connection: BaseDatabaseWrapper = default_connection, guard: Guard = TRANSITION_LOG) -> list[str]:
    """Names of the triggers that should guard the table but are not there."""
    table = guard.table
    if connection.vendor == "sqlite":
        expected = [f"{table}_no_update", f"{table}_no_delete"]
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
    elif connection.vendor == "postgresql":
        expected = [f"{table}_no_change"]
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'"
    else:
        return []
    with connection.cursor() as cursor:
        cursor.execute(query, [table])
        present = {name for (name,) in cursor.fetchall()}
    return [name for name in expected if name not in present]


@contextmanager
def suspended(
    connection: BaseDatabaseWrapper = default_connection, guard: Guard = TRANSITION_LOG
) -> Iterator[None]:
    """Lift the triggers for a maintenance step (tests that flush the database, a restore).

    Never for application code: whatever is changed meanwhile is reported by ``verify_audit``.
    """
    uninstall(connection, guard)
    try:
        yield
    finally:
        install(connection, guard)
