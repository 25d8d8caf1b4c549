"""Deliver the queued notifications to applicants (e-mail and SMS), with retries and back-off."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from records.notifications import delivery


class Command(BaseCommand):
    help = "Send queued e-mail and SMS notifications; --once sends what is due and exits."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
        parser.add_argument("--batch", type=int, default=delivery.BATCH, help="rows claimed at a time")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls when idle")

    def handle(self, *args, once: bool, batch: int, interval: float, **options) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            report = delivery.drain(limit=batch)
            if once or (report.handled and (options["verbosity"] > 1 or report.failed or report.gave_up)):
                self.stdout.write(f"sent {report.sent}, failed {report.failed}, gave up {report.gave_up}")
            if once:
                break
            self._sleep(interval)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))

    def _stop(self, *_args) -> None:
        self.stopping = True
