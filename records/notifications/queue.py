"""Queueing: a state change the applicant sees writes its notifications in the transaction of the change, so
a change rolled back leaves none and a committed one is never lost."""

from __future__ import annotations

import logging

from django.utils import timezone

from ..applications import Application
from .messages import render_texts
from .models import EMAIL, SMS, Notification
from .phones import normalize_mobile

logger = logging.getLogger(__name__)
LANGUAGES = ("kk", "ru")


def applicant_sees(from_state: str, to_state: str, transition: str) -> bool:
    """Whether the applicant is told of this change: every row of the public timeline (the tracker and the
    cabinet show each transition with the state it entered) that enters a state; a transition that leaves
    the state as it was (none yet) tells nothing new."""
    return bool(to_state) and (transition == "file" or from_state != to_state)


def queue_state_change(
    app: Application, from_state: str, to_state: str, transition: str
) -> list[Notification]:
    """Queue an e-mail (if the applicant has an address) and an SMS (if a mobile number) telling of ``app``
    entering ``to_state``, in the applicant's language.  Call it inside the transition's transaction."""
    if not applicant_sees(from_state, to_state, transition):
        return []
    applicant = app.applicant
    recipients = []
    if applicant.email:
        recipients.append((EMAIL, applicant.email.strip()))
    if applicant.phone:
        mobile = normalize_mobile(applicant.phone)
        if mobile:
            recipients.append((SMS, mobile))
        else:
            logger.info("notifications: %s: the applicant's phone is not a mobile number; no SMS", app)
    if not recipients:
        return []
    language = applicant.language if applicant.language in LANGUAGES else LANGUAGES[0]
    texts = render_texts(app, to_state, transition, language)
    now = timezone.now()
    rows = [
        Notification(
            application=app,
            applicant=applicant,
            channel=channel,
            recipient=recipient,
            language=language,
            subject=texts.subject if channel == EMAIL else "",
            body=texts.body if channel == EMAIL else texts.sms,
            html_body=texts.html if channel == EMAIL else "",
            transition=transition,
            from_state=from_state,
            to_state=to_state,
            next_attempt_at=now,
            created_at=now,
        )
        for channel, recipient in recipients
    ]
    return Notification.objects.bulk_create(rows)
