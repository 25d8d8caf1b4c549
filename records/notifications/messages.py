"""The texts of a notification, in the applicant's language: Django templates per language under
``records/notifications/<kk|ru>/`` (an e-mail subject, a text body with an HTML alternative, an SMS)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..applications import Application
from ..states import RESULT_STATES, STATE_LABELS

TEMPLATES = "records/notifications"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
REFUSALS = frozenset({"refused", "refused_incomplete", "portal_rejected"})


@dataclass(frozen=True)
class Texts:
    subject: str
    body: str
    html: str
    sms: str


def portal_base_url() -> str:
    return getattr(settings, "PORTAL_BASE_URL", "") or DEFAULT_BASE_URL


def cabinet_url(language: str, registration_no: str = "") -> str:
    """The absolute address of the application's page in the applicant's cabinet in ``language`` (the
    cabinet's list without a number)."""
    with translation.override(language):
        if registration_no:
            path = reverse("records:cabinet_detail", kwargs={"key": registration_no})
        else:
            path = reverse("records:cabinet")
    return portal_base_url().rstrip("/") + path


def local_due(app: Application) -> str:
    """The due time of the step now running, in Almaty time ("" when no limit runs)."""
    if app.due_at is None:
        return ""
    zone = ZoneInfo(getattr(settings, "WORKING_TIME_ZONE", "Asia/Almaty"))
    return app.due_at.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def render_texts(app: Application, to_state: str, transition: str, language: str) -> Texts:
    """Every text of the notification of ``app`` entering ``to_state``, in ``language`` (kk or ru)."""
    with translation.override(language):
        context = {
            "number": app.registration_no,
            "service": str(app.service_label),
            "state": str(STATE_LABELS.get(to_state, to_state)),
            "filed": transition == "file",
            "due": local_due(app) if to_state not in RESULT_STATES else "",
            "result": to_state in RESULT_STATES,
            "refused": to_state in REFUSALS,
            "cabinet_url": cabinet_url(language, app.registration_no),
            "name": app.applicant.name,
        }
        folder = f"{TEMPLATES}/{language}"
        return Texts(
            subject=_one_line(render_to_string(f"{folder}/subject.txt", context)),
            body=render_to_string(f"{folder}/body.txt", context).strip() + "\n",
            html=render_to_string(f"{folder}/body.html", context),
            sms=_one_line(render_to_string(f"{folder}/sms.txt", context)),
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())
