"""Compare the database with the search indexes and list the differences (exit status 1 if any):
documents missing from the index, extra in it, or stale (different content).  `--repair` queues the
missing and stale objects for the worker and deletes the extra documents."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.documents import INDEXES
from search.indexing import check, repair

SHOWN = 20


class Command(BaseCommand):
    help = "Compare the database with the search indexes; list the differences."

    def add_arguments(self, parser) -> None:
        parser.add_argument("indexes", nargs="*", help=f"default: all of {', '.join(INDEXES)}")
        parser.add_argument(
            "--repair", action="store_true", dest="fix", help="queue the differences for re-indexing"
        )

    def handle(self, *args, indexes: list[str], fix: bool, **options) -> None:
        differences = 0
        for index in indexes or list(INDEXES):
            if index not in INDEXES:
                raise CommandError(f"unknown index: {index}")
            report = check(index)
            self.stdout.write(f"{index}: {report.expected} in the database, {report.indexed} indexed")
            for label, ids in (("missing", report.missing), ("extra", report.extra), ("stale", report.stale)):
                if ids:
                    shown = ", ".join(ids[:SHOWN]) + (" …" if len(ids) > SHOWN else "")
                    self.stdout.write(f"  {label} ({len(ids)}): {shown}")
            differences += len(report.missing) + len(report.extra) + len(report.stale)
            problems = get_backend().value_problems(index)
            for problem in problems[:SHOWN]:
                self.stdout.write(f"  {problem}")
            differences += len(problems)
            if fix and not report.ok:
                self.stdout.write(f"  repair: {repair(report)} queued or deleted")
        if differences and not fix:
            raise CommandError(f"{differences} differences between the database and the search index")
        if not differences:
            self.stdout.write("no differences")
