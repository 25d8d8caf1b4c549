"""Helpers of the staff UI, tracker and API tests (fixtures are imported by the modules that use them)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from catalogue.roles import Role
from records.models import TransitionLog
from records.staff.access import ensure_staff_access

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def in_language(language: str, message: str) -> str:
    """``message`` (an English msgid) as the given interface language shows it."""
    with translation.override(language):
        return translation.gettext(message)


def audit_count(app) -> int:
    return TransitionLog.objects.filter(record_type="records.application", record_id=str(app.pk)).count()


def without_csrf(content: bytes) -> bytes:
    return CSRF.sub(b"", content)


@pytest.fixture
def staff(users):
    """The users of every role, with the permissions the staff groups get (admin access, downloads)."""
    ensure_staff_access()
    return users


@pytest.fixture
def login(client, staff):
    """login(role) -> the test client, logged in as the user of that role."""

    def _login(role: Role):
        client.force_login(staff[role])
        return client

    return _login


@pytest.fixture
def fresh_cache():
    """The rate limiter counts in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()
