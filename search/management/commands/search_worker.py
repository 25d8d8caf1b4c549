"""Deliver the search outbox: `python manage.py search_worker` runs until stopped; `--once` drains what is
due and exits.  Rows that fail (search server down) stay queued and are retried with a back-off (2, 4, 8 …
seconds, at most ten minutes); nothing is dropped."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from search import outbox


class Command(BaseCommand):
    help = "Deliver queued index changes to the search backend (retries with back-off)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--retry-now", action="store_true", help="make every queued row due first")

    def handle(self, *args, once: bool, interval: float, retry_now: bool, **options) -> None:
        if retry_now:
            outbox.retry_now()
        if once:
            report = outbox.drain()
            self.stdout.write(
                f"delivered {report.delivered}, failed {report.failed}, queued {outbox.pending_count()}"
            )
            return
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        polls = 0
        while not stop:
            try:
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
