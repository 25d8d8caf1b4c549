"""The public tracker: application number + IIN/BIN → what happened, the current step, its deadline and the
regulation point; and the applicant's own issued documents.

A wrong number and a wrong IIN/BIN get the same answer (nothing tells which was wrong), and each client may
look up only ``RECORDS_TRACKER_RATE`` (requests, seconds) times, so that applications cannot be enumerated.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from certificates.services import documents_for, file_response, holder_may_download
from certificates.throttle import over_limit, too_many_requests

from .. import clock
from ..applications import Application
from ..display import RegulationLinks, current_step, kind_label
from ..services import application_timeline, find_for_tracker
from ..states import PORTAL, RESULT_STATES
from .forms import TrackerForm
from .links import link_max_age, make_token, read_token

TEMPLATE = "records/public/track.html"


def tracker_rate() -> tuple[int, int]:
    return tuple(getattr(settings, "RECORDS_TRACKER_RATE", (10, 60)))


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": TrackerForm()})
    limit, window = tracker_rate()
    if over_limit(request, "records-tracker", (limit, window)):
        return too_many_requests(request, window)
    form = TrackerForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    identifier = "".join(form.cleaned_data["identifier"].split())
    app = find_for_tracker(form.cleaned_data["registration_no"], identifier)
    if app is None:
        # One answer for every miss; the form comes back empty so the page does not echo what was tried.
        return render(request, TEMPLATE, {"form": TrackerForm(), "not_found": True}, status=404)
    return render(request, "records/public/track_result.html", _result_context(app))


def _result_context(app: Application) -> dict:
    links = RegulationLinks(app.service)
    timeline = [
        {"entry": entry, "result_url": links.point(entry.result_anchor)}
        for entry in application_timeline(app)
    ]
    identifier = app.applicant.identifier
    documents = [
        {"document": doc, "token": make_token(app.pk, identifier, doc.verification_code)}
        for doc in documents_for(("records.application", str(app.pk)))
    ]
    return {
        "app": app,
        "kind": kind_label(app),
        "step": current_step(app, links),
        "deadline": app.deadline_status(clock.now()),
        "timeline": timeline,
        "documents": documents,
        "link_minutes": link_max_age() // 60,
        "refused": app.state in RESULT_STATES and bool(app.refusal_reason),
        "signature": getattr(app, "signature_check", None) if app.channel == PORTAL else None,
    }


@require_http_methods(["GET", "HEAD"])
@never_cache
def download(request: HttpRequest, token: str) -> HttpResponse:
    """A document of the application the link was made for, if its holder is the IIN/BIN looked up."""
    grant = read_token(token)
    document = None
    if grant is not None:
        app = Application.objects.select_related("applicant").filter(pk=grant.application_id).first()
        if app is not None and app.applicant.identifier == grant.identifier:
            document = (
                documents_for(("records.application", str(app.pk)))
                .filter(verification_code=grant.document_code)
                .first()
            )
    if document is None or not holder_may_download(document, grant.identifier):
        return render(request, "records/public/link_expired.html", status=404)
    return file_response(document)
