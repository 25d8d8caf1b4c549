"""Remove files under MEDIA_ROOT/issued/ that no registered document names.

Such a file is left when the transaction that issued it rolled back after the file was written.  It is
harmless (a random name no row holds, never served), so this is housekeeping, not a repair.  Files
younger than --min-age hours are kept: their transaction may still be open.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.models import IssuedDocument


class Command(BaseCommand):
    help = "Delete files under issued/ that no registered document names (left by rolled-back issues)."

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=float, default=24, help="Keep files younger than this (hours).")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        storage = IssuedDocument._meta.get_field("file").storage
        registered = set(IssuedDocument.objects.values_list("file", flat=True))
        cutoff = timezone.now() - timedelta(hours=options["min_age"])
        removed = 0
        years = storage.listdir("issued")[0] if storage.exists("issued") else []
        for year in years:
            for name in storage.listdir(f"issued/{year}")[1]:
                path = f"issued/{year}/{name}"
                if path in registered or storage.get_modified_time(path) > cutoff:
                    continue
                removed += 1
                self.stdout.write(f"{'would remove' if options['dry_run'] else 'removed'} {path}")
                if not options["dry_run"]:
                    storage.delete(path)
        self.stdout.write(f"{removed} unregistered file(s)")
