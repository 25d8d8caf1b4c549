"""One licence number (issue 14): how typed numbers are read, and records migration 0009 moving the numbers
of before («L-2025-00001») to the one form and back (with certificates 0004, whose table rebuild keeps the
immutability triggers)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certificates.models import TRIGGER_GUARD, DocumentCounter
from portal import db_triggers
from records.applications import Application
from records.licence_numbers import from_legacy, parse, to_legacy
from records.licences import Licence
from records.numbering import NumberSequence

from .paths import PATHS_BY_KEY

BEFORE = [("records", "0008_units"), ("certificates", "0003_counter_series")]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("ЛЦ-2026-000008", "ЛЦ-2026-000008"),
        ("  лц 2026 000008 ", "ЛЦ-2026-000008"),
        ("№ ЛЦ–2026–8", "ЛЦ-2026-000008"),
        ("LC-2026-000008", "ЛЦ-2026-000008"),
        ("ЛC-2026-000008", "ЛЦ-2026-000008"),  # a Latin C among Cyrillic letters
        ("L-2026-00008", "ЛЦ-2026-000008"),  # the form of before issue 14
        ("ЛЦ-2026-000008 / 1", "ЛЦ-2026-000008/01"),
        ("l-2026-00008/01", "ЛЦ-2026-000008/01"),
        ("ЛЦ-2026-000000", None),
        ("ЛЦ-26-000008", None),
        ("ВА-2026-000008", None),
        ("", None),
    ],
)
def test_typed_numbers_are_read_as_the_one_form(typed, number):
    assert parse(typed) == number


def test_the_old_form_goes_there_and_back():
    for old in ("L-2025-00001", "L-2025-00001/02", "L-2026-99999"):
        assert to_legacy(from_legacy(old)) == old
    assert from_legacy("ZHM-2024-00007") == "ZHM-2024-00007"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_migration_0009_renumbers_licences_and_goes_back(run_path, file):
    issued = run_path(PATHS_BY_KEY["s6-issue"], check=False)
    licence = issued.issued_licences.get()
    dup = file("licence", "duplicate", data={"licence_number": licence.number})
    assert licence.number == "ЛЦ-2025-000001"

    old = migrate(BEFORE)
    OldLicence, OldApp = old.get_model("records", "Licence"), old.get_model("records", "Application")
    assert OldLicence.objects.get(pk=licence.pk).number == "L-2025-00001"
    assert OldApp.objects.get(pk=issued.pk).result_number == "L-2025-00001"
    assert OldApp.objects.get(pk=dup.pk).details["licence_number"] == "L-2025-00001"
    # Under the old numbering the registry's licence counter ran ahead (re-issues, duplicates).
    old.get_model("certificates", "DocumentCounter").objects.update_or_create(
        doc_type="licence", year=2025, series="", defaults={"last": 12}
    )

    migrate(latest())

    assert Licence.objects.get(pk=licence.pk).number == "ЛЦ-2025-000001"
    assert Application.objects.get(pk=issued.pk).result_number == "ЛЦ-2025-000001"
    assert Application.objects.get(pk=dup.pk).details["licence_number"] == "ЛЦ-2025-000001"
    assert NumberSequence.objects.get(name="licence", year=2025).last == 12  # past the registry's
    assert DocumentCounter.objects.get(doc_type="licence", year=2025).last == 12
    assert db_triggers.missing(guard=TRIGGER_GUARD) == []  # certificates 0004 rebuilt the table
