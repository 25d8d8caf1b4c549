"""Rebuild the search indexes from the database: each index is filled as a new version and swapped in
atomically behind its alias, so searches keep working during the rebuild."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.documents import INDEXES
from search.indexing import object_count, rebuild


class Command(BaseCommand):
    help = "Rebuild the search indexes (points, records) from the database, with a progress bar."

    def add_arguments(self, parser) -> None:
        parser.add_argument("indexes", nargs="*", help=f"default: all of {', '.join(INDEXES)}")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, indexes: list[str], batch: int, no_progress: bool, **options) -> None:
        unknown = sorted(set(indexes) - set(INDEXES))
        if unknown:
            raise CommandError(f"unknown index: {', '.join(unknown)} (known: {', '.join(INDEXES)})")
        for index in indexes or list(INDEXES):
            total = object_count(index)
            with tqdm(total=total, desc=index, unit="obj", disable=no_progress, file=self.stderr) as bar:
                written = rebuild(index, progress=bar.update, batch=batch)
            self.stdout.write(f"{index}: {written} documents from {total} objects")
