# Territorial units move down from the recorder journal (records.recorders) into records: applications are
# handled by a unit.  This migration creates the tables and gives every application a unit; the recorders
# migration 0003 (which depends on this one) copies its units and memberships here, keeping their ids, points
# its foreign keys here and drops its own tables.  Records never depends on a recorders migration.
#
# Existing applications go to a default unit.  When some exist, the recorder units of an existing database
# are copied first (the same copy as recorders 0003, which then finds nothing left to copy), so that the
# default unit never takes an id a recorder unit holds.

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

OLD_UNITS = "recorders_territorialunit"
OLD_MEMBERSHIPS = "recorders_unitmembership"
DEFAULT_UNIT = {
    "code": "zhambyl-oblast",
    "name": "Жамбыл облысы әкімдігінің ветеринария басқармасы",
    "level": "oblast",
}


def _adopt_recorder_units(apps, schema_editor) -> None:
    """Copy the recorder journal's units and memberships (ids kept) when that app's tables exist."""
    connection = schema_editor.connection
    Unit = apps.get_model("records", "TerritorialUnit")
    Membership = apps.get_model("records", "UnitMembership")
    if OLD_UNITS not in connection.introspection.table_names() or Unit.objects.exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Unit._meta.db_table} (id, name, code, level) "
            f"SELECT id, name, code, 'district' FROM {OLD_UNITS}"
        )
        cursor.execute(
            f"INSERT INTO {Membership._meta.db_table} "
            "(id, unit_id, user_id, role, designated_by_id, since, ended_at) "
            f"SELECT id, unit_id, user_id, role, designated_by_id, since, ended_at FROM {OLD_MEMBERSHIPS}"
        )
        for sql in connection.ops.sequence_reset_sql(no_style(), [Unit, Membership]):
            cursor.execute(sql)


def assign_default_unit(apps, schema_editor) -> None:
    Application = apps.get_model("records", "Application")
    Unit = apps.get_model("records", "TerritorialUnit")
    if not Application.objects.filter(unit__isnull=True).exists():
        return
    _adopt_recorder_units(apps, schema_editor)
    units = list(Unit.objects.order_by("id")[:2])
    if len(units) == 1:
        unit = units[0]
    else:
        code = DEFAULT_UNIT["code"]
        unit, _created = Unit.objects.get_or_create(code=code, defaults=DEFAULT_UNIT)
    Application.objects.filter(unit__isnull=True).update(unit=unit)
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses the ALTER TABLE below while they pend.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0007_audit_partitions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TerritorialUnit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                (
                    "level",
                    models.CharField(
                        choices=[("oblast", "Oblast department"), ("district", "City or district department")],
                        default="district",
                        max_length=10,
                        verbose_name="level",
                    ),
                ),
            ],
            options={
                "verbose_name": "territorial unit",
                "verbose_name_plural": "territorial units",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="UnitMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("office_clerk", "Office clerk"),
                            ("head", "Head"),
                            ("executor", "Responsible executor"),
                            ("state_vet_doctor", "State veterinary doctor"),
                            ("responsible_person", "Responsible person"),
                            ("inspector", "Inspector"),
                        ],
                        max_length=40,
                        verbose_name="role",
                    ),
                ),
                ("since", models.DateTimeField(verbose_name="since")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="ended at")),
                (
                    "designated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="designated by",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="records.territorialunit",
                        verbose_name="unit",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="unit_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "unit membership",
                "verbose_name_plural": "unit memberships",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ended_at__isnull", True)),
                        fields=("unit", "user", "role"),
                        name="records_one_active_membership",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="apitoken",
            name="services",
            field=models.JSONField(blank=True, default=list, verbose_name="services"),
        ),
        migrations.AddField(
            model_name="application",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="records.territorialunit",
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(assign_default_unit, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="records.territorialunit",
                verbose_name="unit",
            ),
        ),
    ]
