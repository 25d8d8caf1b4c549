"""The territorial units move from the recorder journal into records (records 0008, recorders 0003): the rows
keep their ids, the journal's keys follow them, the applications filed before units get the one unit there
is, and going back and forth again loses nothing.  Runs on SQLite and, through tests/run_postgres.sh, on
PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from catalogue.roles import Role
from portal import db_triggers
from records.applications import Application
from records.recorders.models import Equipment
from records.units import TerritorialUnit, UnitMembership

BEFORE = [("records", "0007_audit_partitions"), ("recorders", "0002_journal_guards")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_units_move_down_with_their_ids_and_keys(file, users):
    app = file("vet_certificate")  # filed at the latest schema, then the schema goes back under it
    old = migrate(BEFORE)
    OldUnit = old.get_model("recorders", "TerritorialUnit")
    assert list(OldUnit.objects.values_list("code", flat=True)) == ["taraz-city"]  # copied back
    journal_unit = OldUnit.objects.create(id=41, name="Меркі", code="merke")
    old.get_model("recorders", "UnitMembership").objects.create(
        id=77, unit=journal_unit, user_id=users[Role.HEAD].pk, role="head", since=timezone.now()
    )
    old.get_model("recorders", "Equipment").objects.create(
        unit=journal_unit, kind="recorder", registered_at=timezone.now()
    )

    migrate(latest())

    assert TerritorialUnit.objects.get(pk=41).code == "merke"
    assert UnitMembership.objects.get(pk=77).unit_id == 41
    assert Equipment.objects.get().unit == TerritorialUnit.objects.get(pk=41)
    assert db_triggers.missing(guard=db_triggers.GUARDS["recorders_equipment"]) == []
    # Two units and an application that lost its unit on the way back: it goes to the default unit.
    default = Application.objects.get(pk=app.pk).unit
    assert (default.code, default.level) == ("zhambyl-oblast", "oblast")
    assert TerritorialUnit.objects.create(code="new", name="new").pk > default.pk > 41  # sequences follow


@pytest.mark.django_db(transaction=True)
def test_applications_filed_before_units_go_to_the_only_unit(file, home_unit):
    app = file("vet_certificate")
    migrate(BEFORE)
    migrate(latest())
    assert Application.objects.get(pk=app.pk).unit == home_unit
    assert not TerritorialUnit.objects.filter(code="zhambyl-oblast").exists()


@pytest.mark.django_db(transaction=True)
def test_without_any_unit_a_default_one_is_made(file):
    app = file("vet_certificate")
    old = migrate(BEFORE)
    old.get_model("recorders", "UnitMembership").objects.all().delete()  # an installation without units
    old.get_model("recorders", "TerritorialUnit").objects.all().delete()
    migrate(latest())
    default = Application.objects.get(pk=app.pk).unit
    assert (default.code, default.level) == ("zhambyl-oblast", "oblast")
