"""Settings of the recorders app, read when used (tests override them)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

# How long an inspector may download the copies of an approved and released request (point 13 sets no
# limit; the copy is for one service purpose, so access ends rather than lasting as long as the original).
RELEASE_ACCESS_DAYS = 30


def storage_root() -> Path:
    """The folder of the digital storage device (point 6): content-addressed, write-once files."""
    return Path(settings.RECORDER_STORAGE_ROOT)


def release_access_days() -> int:
    return int(getattr(settings, "RECORDER_RELEASE_ACCESS_DAYS", RELEASE_ACCESS_DAYS))
