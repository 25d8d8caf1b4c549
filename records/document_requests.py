"""[proposal] A request to the applicant to add documents, answered in the cabinet (docs/decisions.md).

DOMAIN has no such step (an incomplete set ends in a refusal); issue 14 asks for it.  While documents are
requested the limit clock stops: the application has no due time (``PAUSED_STATES``) and keeps its running
step.  When the applicant adds them, the application returns to the completeness check with the due time it
had, moved later by the working time the request was open (records.calendar, the one calendar).
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from . import calendar
from .transitions import Condition, TransitionContext, TransitionForm

# Keys of Application.details (labelled in records.display.RECORDED_LABELS or by the form below).
REQUESTED_AT, MISSING, PAUSED_DUE = "documents_requested_at", "documents_missing", "clock_paused_due_at"
ADDED_AT, PAUSED_MINUTES, WITHDRAWN_AT = "documents_added_at", "clock_paused_minutes", "withdrawn_at"


class DocumentRequestForm(TransitionForm):
    documents_missing = forms.CharField(
        label=_("Documents the applicant must add"), max_length=4000, widget=forms.Textarea
    )


class WithdrawalForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )


# One request per application: the regulation's limits must keep their meaning, so after the applicant's
# answer staff confirm the set or refuse it as incomplete.
FIRST_REQUEST = Condition(
    lambda app: REQUESTED_AT not in app.details,
    _("Documents have already been requested once; decide on the documents the applicant has given."),
)
# The request is answered in the cabinet: an applicant without an account could never answer it.
HAS_CABINET = Condition(
    lambda app: app.applicant.user_id is not None,
    _("The applicant has no account on the portal to answer a request; refuse as incomplete instead."),
)


def open_request(app, ctx: TransitionContext) -> None:
    """Record what is missing and the due time the clock stops at."""
    app.details[REQUESTED_AT] = ctx.now.isoformat()
    app.details[MISSING] = ctx.data["documents_missing"]
    if app.due_at is not None:
        app.details[PAUSED_DUE] = app.due_at.isoformat()


def resume_clock(app, ctx: TransitionContext) -> None:
    """The documents are added: the paused due time, moved later by the working time the request was open."""
    paused = calendar.working_minutes_between(datetime.fromisoformat(app.details[REQUESTED_AT]), ctx.now)
    app.details[ADDED_AT] = ctx.now.isoformat()
    app.details[PAUSED_MINUTES] = paused
    due = app.details.get(PAUSED_DUE)
    # Application.enter_state keeps a due time set here (the running step did not change).
    app.due_at = calendar.extend_by_working_minutes(datetime.fromisoformat(due), paused) if due else None


def withdraw(app, ctx: TransitionContext) -> None:
    app.details[WITHDRAWN_AT] = ctx.now.isoformat()
