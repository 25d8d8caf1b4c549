# The territorial units and their memberships now live in the records app (records.units; its migration 0008
# created the tables): copy the rows there keeping their ids, point the journal's foreign keys there, drop the
# old tables.  Reversible: going back copies the rows back before the keys point at the old tables again.
#
# On SQLite, altering a foreign key rebuilds the table, which drops its guard triggers (0002): they are
# installed again after, in both directions.

import importlib

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

from portal.db_triggers import install as install_guard

GUARDS = importlib.import_module("records.recorders.migrations.0002_journal_guards").GUARDS
MEMBERSHIP_COLUMNS = "id, unit_id, user_id, role, designated_by_id, since, ended_at"


def _copy(schema_editor, units: tuple[str, str], memberships: tuple[str, str], level: bool) -> None:
    """Copy the unit and membership rows whose ids the target tables do not hold yet."""
    (source_units, target_units), (source_memberships, target_memberships) = units, memberships
    unit_columns = "id, name, code" + (", level" if level else "")
    unit_values = "id, name, code" + (", 'district'" if level else "")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target_units} ({unit_columns}) SELECT {unit_values} FROM {source_units} "
            f"WHERE id NOT IN (SELECT id FROM {target_units})"
        )
        cursor.execute(
            f"INSERT INTO {target_memberships} ({MEMBERSHIP_COLUMNS}) "
            f"SELECT {MEMBERSHIP_COLUMNS} FROM {source_memberships} "
            f"WHERE id NOT IN (SELECT id FROM {target_memberships})"
        )


def _settle(apps, schema_editor, app_label: str) -> None:
    """Sequences past the copied ids; the deferred keys checked now (PostgreSQL alters tables next)."""
    connection = schema_editor.connection
    models_ = [apps.get_model(app_label, name) for name in ("TerritorialUnit", "UnitMembership")]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def copy_to_records(apps, schema_editor):
    _copy(
        schema_editor,
        ("recorders_territorialunit", "records_territorialunit"),
        ("recorders_unitmembership", "records_unitmembership"),
        level=True,
    )
    _settle(apps, schema_editor, "records")


def copy_back(apps, schema_editor):
    _copy(
        schema_editor,
        ("records_territorialunit", "recorders_territorialunit"),
        ("records_unitmembership", "recorders_unitmembership"),
        level=False,
    )
    _settle(apps, schema_editor, "recorders")


def reinstall_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for guard in GUARDS:
            install_guard(schema_editor.connection, guard)


def _unit(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="records.territorialunit",
        verbose_name="unit",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recorders", "0002_journal_guards"),
        ("records", "0008_units"),
    ]

    operations = [
        # Backwards this runs last: the guards go back on the tables rebuilt by the reversed key changes.
        migrations.RunPython(copy_to_records, reinstall_guards),
        migrations.AlterField(model_name="equipment", name="unit", field=_unit("equipment")),
        migrations.AlterField(model_name="journalbook", name="unit", field=_unit("journal_books")),
        migrations.AlterField(model_name="journalentry", name="unit", field=_unit()),
        migrations.AlterField(model_name="mediarecord", name="unit", field=_unit()),
        migrations.AlterField(model_name="mediaaccess", name="unit", field=_unit()),
        migrations.AlterField(model_name="releaserequest", name="unit", field=_unit()),
        migrations.AlterField(model_name="disposalact", name="unit", field=_unit()),
        # Backwards the old tables exist again here (empty): their rows come back before the keys do.
        migrations.RunPython(reinstall_guards, copy_back),
        migrations.DeleteModel(name="UnitMembership"),
        migrations.DeleteModel(name="TerritorialUnit"),
    ]
