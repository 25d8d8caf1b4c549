"""Sign-in challenges: a random nonce issued by the server, kept in the session, valid for
``RECORDS_EDS_CHALLENGE_SECONDS`` (default 300) and used once — a signature over it cannot be replayed."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.http import HttpRequest

from .errors import ChallengeExpired, ChallengeReused

_KEY = "records_eds_challenge"
_USED = "records_eds_used"
PREFIX = "vet-portal-signin:"
KEEP_USED = 20


def lifetime() -> int:
    return int(getattr(settings, "RECORDS_EDS_CHALLENGE_SECONDS", 300))


def issue(request: HttpRequest) -> str:
    """A new challenge for this session (the previous one is void); the text the client signs."""
    challenge = PREFIX + secrets.token_urlsafe(32)
    request.session[_KEY] = {"value": challenge, "issued": time.time()}
    return challenge


def consume(request: HttpRequest, posted: str) -> bytes:
    """The session's challenge if ``posted`` is it and it is still fresh; it is used up either way."""
    current = request.session.pop(_KEY, None)
    used = request.session.get(_USED, [])
    if posted and posted in used:
        raise ChallengeReused(posted)
    if current is None or current["value"] != posted:
        raise ChallengeExpired("no such challenge in this session")
    request.session[_USED] = [*used, posted][-KEEP_USED:]
    if time.time() - current["issued"] > lifetime():
        raise ChallengeExpired("older than the lifetime")
    return posted.encode("ascii")
