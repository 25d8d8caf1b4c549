# Database triggers that refuse DELETE on issued documents, and UPDATE of any column but the status ones
# (portal.db_triggers with a Guard).  The column list is a snapshot: a later migration that adds a frozen
# column, or rebuilds the table on SQLite (which drops triggers), must uninstall and install them again.

from django.db import migrations

from portal.db_triggers import Guard, install as install_guard, uninstall as uninstall_guard

GUARD = Guard(
    table="certificates_issueddocument",
    message="certificates_issueddocument: issued documents are immutable",
    frozen=(
        "number",
        "verification_code",
        "doc_type",
        "holder_name",
        "holder_id",
        "issuer",
        "issued_at",
        "issued_by_id",
        "issued_by_name",
        "payload",
        "file",
        "sha256",
        "original_id",
        "relation",
        "source_record_type",
        "source_record_id",
    ),
)


def install(apps, schema_editor):
    install_guard(schema_editor.connection, GUARD)


def uninstall(apps, schema_editor):
    uninstall_guard(schema_editor.connection, GUARD)


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
