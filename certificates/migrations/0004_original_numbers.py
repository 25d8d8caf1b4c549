# Issue 14: a licence keeps one number, so its re-issues and duplicates carry their original's number;
# numbers stay unique among originals.  Altering the column rebuilds the table on SQLite, which drops the
# immutability triggers of migration 0002: they are uninstalled before and installed again after.

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

from portal.db_triggers import install as install_guard, uninstall as uninstall_guard

GUARD = import_module("certificates.migrations.0002_issueddocument_immutable").GUARD


def install(apps, schema_editor):
    install_guard(schema_editor.connection, GUARD)


def uninstall(apps, schema_editor):
    uninstall_guard(schema_editor.connection, GUARD)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_counter_series"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(uninstall, install),
        migrations.AlterField(
            model_name="issueddocument",
            name="number",
            field=models.CharField(db_index=True, max_length=32, verbose_name="number"),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("relation", "")), fields=("number",), name="certs_doc_original_number"
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
