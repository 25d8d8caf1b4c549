# The transition log becomes a set of chains, one per partition (records.audit.partition_of): ``seq`` counts
# within the partition.  Rows written before keep partition "" (the single chain they were signed in), so no
# row is re-signed.  On SQLite the table is rebuilt, which drops the append-only triggers: they go back on.

from django.db import migrations, models

from portal import db_triggers


def reinstall_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        db_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("records", "0006_stored_attachments")]

    operations = [
        migrations.AddField(
            model_name="transitionlog",
            name="partition",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="chain partition"),
        ),
        migrations.AlterField(
            model_name="transitionlog",
            name="seq",
            field=models.PositiveBigIntegerField(verbose_name="sequence number"),
        ),
        migrations.AlterModelOptions(
            name="transitionlog",
            options={
                "ordering": ["id"],
                "verbose_name": "transition log entry",
                "verbose_name_plural": "transition log",
            },
        ),
        migrations.AddConstraint(
            model_name="transitionlog",
            constraint=models.UniqueConstraint(
                fields=("partition", "seq"), name="records_tlog_partition_seq"
            ),
        ),
        migrations.RunPython(reinstall_guards, reinstall_guards),
    ]
