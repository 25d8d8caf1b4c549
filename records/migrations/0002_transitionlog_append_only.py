# Database triggers that refuse UPDATE and DELETE on the transition log (records/db_triggers.py).
# On SQLite, a later migration that rebuilds records_transitionlog drops them: it must install them again.

from django.db import migrations

from portal import db_triggers


def install(apps, schema_editor):
    db_triggers.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    db_triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
