"""The clock of the records app: filing times, state entry times, deadlines and audit rows read it.

One seam, so that tests can put an application at a known moment of the working calendar.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
