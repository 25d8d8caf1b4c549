from pathlib import Path

import pytest
from pytest_django.fixtures import validate_django_db

ROOT = Path(__file__).resolve().parent.parent
ACTS = ROOT / "portal" / "fixtures" / "acts"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def act_000_path() -> Path:
    return ACTS / "000_04a4b0dd9774c7c6.txt"


@pytest.fixture(scope="session")
def act_003_path() -> Path:
    return ACTS / "003_b299304cea067258.txt"


_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


@pytest.fixture(autouse=True)
def _empty_guarded_tables_before_flush(request, django_db_blocker):
    """A transactional test (live_server) ends with a flush, which SQLite runs as DELETE FROM: the
    append-only triggers refuse it, so the guarded tables are emptied first with their triggers lifted."""
    marker = request.node.get_closest_marker("django_db")
    in_marker = marker is not None and any(validate_django_db(marker)[:2])  # transaction, reset_sequences
    requested = _TRANSACTIONAL_FIXTURES & set(request.fixturenames)
    for name in requested:
        request.getfixturevalue(name)  # set up before this fixture, so flushed after its teardown
    yield
    if not (in_marker or requested):
        return
    from django.db import connection

    from portal import db_triggers

    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":  # PostgreSQL flushes with TRUNCATE, which row triggers ignore
            return
        for guard in list(db_triggers.GUARDS.values()):
            with db_triggers.suspended(guard=guard), connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {guard.table}")


@pytest.fixture(autouse=True)
def _english_messages_outside_requests():
    """Tests assert messages by their English msgid. Without this, code run outside a request would speak
    kk (LANGUAGE_CODE) or whatever language the last request in this thread left active. override(None)
    deactivates translation (as Django's management commands do): gettext returns the msgid, while URLs
    keep the default /kk/ prefix. Requests still take their language from the URL prefix;
    tests/portal/test_locale.py checks the kk and ru catalogues."""
    from django.utils import translation

    with translation.override(None):
        yield
