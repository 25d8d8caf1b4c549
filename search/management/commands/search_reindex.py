"""Rebuild the search indexes from the database: each index is filled as a new version and swapped in
atomically behind its alias, so searches keep working during the rebuild.  Documents are built by
``--workers`` processes (default: one per CPU; 1 builds them in this process) and written from here."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.documents import INDEXES
from search.indexing import default_workers, object_count, rebuild


class Command(BaseCommand):
    help = "Rebuild the search indexes (points, records) from the database, with a progress bar."

    def add_arguments(self, parser) -> None:
        parser.add_argument("indexes", nargs="*", help=f"default: all of {', '.join(INDEXES)}")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that build the documents (default: the CPU count; 1: in this process)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, indexes: list[str], batch: int, workers: int, no_progress: bool, **options
    ) -> None:
        unknown = sorted(set(indexes) - set(INDEXES))
        if unknown:
            raise CommandError(f"unknown index: {', '.join(unknown)} (known: {', '.join(INDEXES)})")
        if workers < 1 or batch < 1:
            raise CommandError("--workers and --batch must be at least 1")
        for index in indexes or list(INDEXES):
            total = object_count(index)
            with tqdm(total=total, desc=index, unit="obj", disable=no_progress, file=self.stderr) as bar:
                written = rebuild(index, progress=bar.update, batch=batch, workers=workers)
            self.stdout.write(f"{index}: {written} documents from {total} objects")
