"""Download links of the tracker: signed, short-lived, and valid only for the registration number + IIN/BIN
pair that was looked up (the link carries the application, the IIN/BIN and the document; nothing else opens
with it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "records.tracker.download"


def link_max_age() -> int:
    """Seconds a download link stays valid (``RECORDS_TRACKER_LINK_MAX_AGE``, default 15 minutes)."""
    return int(getattr(settings, "RECORDS_TRACKER_LINK_MAX_AGE", 15 * 60))


@dataclass(frozen=True)
class DownloadGrant:
    application_id: int
    identifier: str
    document_code: str


def make_token(application_id: int, identifier: str, document_code: str) -> str:
    return signing.dumps({"a": application_id, "h": identifier, "d": document_code}, salt=SALT, compress=True)


def read_token(token: str) -> DownloadGrant | None:
    """The grant a token carries, or None when it is forged, altered or expired."""
    try:
        value = signing.loads(token, salt=SALT, max_age=link_max_age())
        return DownloadGrant(int(value["a"]), str(value["h"]), str(value["d"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
