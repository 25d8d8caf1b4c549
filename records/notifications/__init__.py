"""Notifications to applicants: an e-mail and an SMS on every state change they see, queued in the
transaction of the change (``queue_state_change``) and delivered by ``manage.py notify_worker``
(``records.notifications.delivery``), with retries; the rows are the delivery log staff read in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..applications import Application
    from .models import Notification


def queue_state_change(
    app: Application, from_state: str, to_state: str, transition: str
) -> list[Notification]:
    """See ``records.notifications.queue.queue_state_change`` (imported when called: records.models imports
    this package's models while the app registry loads)."""
    from .queue import queue_state_change as queue

    return queue(app, from_state, to_state, transition)
