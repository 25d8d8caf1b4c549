"""Sign-in challenges (records.eds.challenges): random, bound to the session, five minutes, used once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from records.eds import challenges
from records.eds.errors import ChallengeExpired, ChallengeReused


def request() -> SimpleNamespace:
    return SimpleNamespace(session={})  # the functions use the session as a mapping


def test_a_challenge_is_random_and_consumed_once():
    req = request()
    first = challenges.issue(req)
    assert first != challenges.issue(request()) and len(first) > 40
    assert challenges.consume(req, first) == first.encode()
    with pytest.raises(ChallengeReused):
        challenges.consume(req, first)  # replay of the same signed challenge


def test_only_the_latest_challenge_of_the_session_counts():
    req = request()
    older = challenges.issue(req)
    newer = challenges.issue(req)
    with pytest.raises(ChallengeExpired):
        challenges.consume(req, older)
    with pytest.raises(ChallengeExpired):  # a failed attempt uses the challenge up as well
        challenges.consume(req, newer)


def test_another_sessions_challenge_is_refused():
    mine, theirs = request(), request()
    challenges.issue(mine)
    with pytest.raises(ChallengeExpired):
        challenges.consume(mine, challenges.issue(theirs))


def test_a_challenge_expires_after_its_lifetime(monkeypatch, settings):
    settings.RECORDS_EDS_CHALLENGE_SECONDS = 300
    req = request()
    now = 1_000_000.0
    monkeypatch.setattr(challenges.time, "time", lambda: now)
    fresh = challenges.issue(req)
    now += 299
    assert challenges.consume(req, fresh) == fresh.encode()
    stale = challenges.issue(req)
    now += 301
    with pytest.raises(ChallengeExpired):
        challenges.consume(req, stale)
