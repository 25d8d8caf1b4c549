"""Deliver the search outbox: `python manage.py search_worker` runs until stopped; `--once` drains what is
due and exits.  Rows that fail (search server down) stay queued and are retried with a back-off (2, 4, 8 …
seconds, at most ten minutes); nothing is dropped.

The worker also looks at the indexes now and then (`--once`: first): one that is missing or empty while the
database has objects — a search server restarted without its data — or that an older release built without
a field this one searches is rebuilt from the database."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from search import outbox
from search.backends import SearchUnavailable
from search.indexing import default_workers, rebuild_lost

HEALTH_EVERY = 60.0  # seconds between looks at the indexes


class Command(BaseCommand):
    help = "Deliver queued index changes to the search backend (retries with back-off)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--retry-now", action="store_true", help="make every queued row due first")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that build documents when a lost index is rebuilt (default: the CPU count)",
        )

    def handle(self, *args, once: bool, interval: float, retry_now: bool, workers: int, **options) -> None:
        self.workers = workers
        if retry_now:
            outbox.retry_now()
        if once:
            self.rebuild_lost()
            report = outbox.drain()
            self.stdout.write(
                f"delivered {report.delivered}, failed {report.failed}, queued {outbox.pending_count()}"
            )
            return
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        polls = 0
        looked = float("-inf")
        while not stop:
            try:
                if time.monotonic() - looked >= HEALTH_EVERY:
                    self.rebuild_lost()
                    looked = time.monotonic()
                report = outbox.deliver()
                if report.delivered or report.failed:
                    self.stdout.write(f"delivered {report.delivered}, failed {report.failed}")
                polls += 1
                if polls % 3600 == 0:
                    outbox.purge_delivered()
                if not report.delivered:
                    time.sleep(interval)
            except KeyboardInterrupt:
                break

    def rebuild_lost(self) -> None:
        try:
            rebuilt = rebuild_lost(workers=self.workers)
        except SearchUnavailable as error:  # the server went away again: the next look retries
            self.stderr.write(f"rebuilding a lost index failed: {error}")
            return
        for index, written in rebuilt.items():
            self.stdout.write(f"rebuilt {index}: {written} documents (the index was lost or outdated)")
