"""Applicant scans move from folders named by their SHA-256 to random folders that StoredAttachment remembers
(issue 13: nothing public may lead to a stored file)."""

import secrets

from django.db import migrations, models


def move_legacy_files(apps, schema_editor):
    # Before: records/attachments/<sha[:2]>/<sha>/<name>.  The same bytes under several names were kept
    # several times; the first one found is kept and the others removed with their folder.
    from django.core.files.storage import default_storage

    stored = apps.get_model("records", "StoredAttachment")
    root = "records/attachments"
    if not default_storage.exists(root):
        return
    for shard in default_storage.listdir(root)[0]:
        if len(shard) != 2:
            continue
        for sha256 in default_storage.listdir(f"{root}/{shard}")[0]:
            for filename in default_storage.listdir(f"{root}/{shard}/{sha256}")[1]:
                old = f"{root}/{shard}/{sha256}/{filename}"
                if not stored.objects.filter(sha256=sha256).exists():
                    with default_storage.open(old, "rb") as content:
                        new = default_storage.save(f"{root}/{secrets.token_urlsafe(24)}/{filename}", content)
                    stored.objects.create(sha256=sha256, name=new)
                default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_audit_chain_hmac"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoredAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sha256", models.CharField(max_length=64, unique=True, verbose_name="SHA-256")),
                ("name", models.CharField(max_length=255, unique=True, verbose_name="name in storage")),
                ("stored_at", models.DateTimeField(auto_now_add=True, verbose_name="stored at")),
            ],
            options={"verbose_name": "stored attachment", "verbose_name_plural": "stored attachments"},
        ),
        migrations.RunPython(move_legacy_files, migrations.RunPython.noop),
    ]
