"""The applicant's cabinet (``/<lang>/cabinet/``): the list, one application, a result document, documents
added against a request, the withdrawal.  Every view reads only the signed-in applicant's applications
(``queries.own_application``: another's is a 404) and changes them only through ``perform_transition``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.services import file_response, holder_may_download

from .. import clock
from ..applications import Application
from ..attachments import store_attachment
from ..display import RegulationLinks, current_step, kind_label
from ..document_requests import MISSING, REQUESTED_AT
from ..errors import RecordsError
from ..payments import payment_summary
from ..services import application_timeline, available_transitions, perform_transition
from ..states import RESULT_STATES
from .access import applicant_required
from .forms import AddDocumentsForm, WithdrawForm
from .queries import applications_of, own_application, result_documents

PAGE_SIZE = 20
# The documents the applicant gave (staff attachments such as the inspection act are the staff's).
APPLICANT_DOCUMENTS = ("file", "add_documents")


@require_GET
@never_cache
@applicant_required
def cabinet(request: HttpRequest) -> HttpResponse:
    page = Paginator(applications_of(request.applicant), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"app": app, "kind": kind_label(app)} for app in page]
    return render(
        request,
        "records/cabinet/list.html",
        {"applicant": request.applicant, "page": page, "rows": rows},
    )


@require_GET
@never_cache
@applicant_required
def detail(request: HttpRequest, key: str) -> HttpResponse:
    app = own_application(request.applicant, key)
    return render(request, "records/cabinet/detail.html", _detail_context(request, app))


def _detail_context(request: HttpRequest, app: Application, **extra) -> dict:
    links = RegulationLinks(app.service)
    actions = {info.name for info in available_transitions(app, request.user)}
    timeline = [
        {"entry": entry, "result_url": links.point(entry.result_anchor)}
        for entry in application_timeline(app)
    ]
    context = {
        "app": app,
        "kind": kind_label(app),
        "step": current_step(app, links),
        "deadline": app.deadline_status(clock.now()),
        "timeline": timeline,
        "results": result_documents(app),
        "filed": [d for d in app.documents if d.get("transition") in APPLICANT_DOCUMENTS],
        "request_open": app.state == "documents_requested",
        "missing": app.details.get(MISSING, ""),
        "requested_at": app.details.get(REQUESTED_AT, ""),
        "can_add": "add_documents" in actions,
        "can_withdraw": "withdraw" in actions,
        "refused": app.state in RESULT_STATES and bool(app.refusal_reason),
        "upload_form": AddDocumentsForm(),
        "payment_summary": payment_summary(app),
    }
    context.update(extra)
    return context


@require_GET
@never_cache
@applicant_required
def download(request: HttpRequest, key: str, code: str) -> HttpResponse:
    """A result document of the applicant's own application (the tracker's rule: the holder's own)."""
    app = own_application(request.applicant, key)
    document = result_documents(app).filter(verification_code=code).first()
    if document is None or not holder_may_download(document, app.applicant.identifier):
        raise Http404()
    return file_response(document)


@require_POST
@never_cache
@applicant_required
def upload(request: HttpRequest, key: str) -> HttpResponse:
    """Documents against the open request: stored, then ``add_documents`` (the clock resumes)."""
    app = own_application(request.applicant, key)
    form = AddDocumentsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, app, upload_form=form)
    try:
        with transaction.atomic():
            attachments = [store_attachment(f) for f in form.cleaned_data["documents"]]
            perform_transition(
                app.pk,
                "add_documents",
                user=request.user,
                data={"comment": form.cleaned_data["comment"]},
                attachments=attachments,
            )
    except RecordsError as error:
        return _again(request, app, error=error)
    messages.success(request, _("The documents were added; the application is back with the staff."))
    return redirect("records:cabinet_detail", key=app.registration_no)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@applicant_required
def withdraw(request: HttpRequest, key: str) -> HttpResponse:
    """GET: the confirmation page; POST (with the CSRF token): the withdrawal."""
    app = own_application(request.applicant, key)
    if request.method != "POST":
        return render(request, "records/cabinet/withdraw.html", {"app": app, "form": WithdrawForm()})
    form = WithdrawForm(request.POST)
    error = None
    if form.is_valid():
        try:
            perform_transition(
                app.pk,
                "withdraw",
                user=request.user,
                data={"reason": form.cleaned_data["reason"]},
                expected_state=request.POST.get("state") or app.state,
            )
        except RecordsError as failed:
            error = failed
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect("records:cabinet_detail", key=app.registration_no)
    context = {"app": app, "form": form, "error": error}
    return render(request, "records/cabinet/withdraw.html", context, status=_status(error))


def _again(request: HttpRequest, app: Application, **extra) -> HttpResponse:
    """The application page again, with the form's or the transition's error."""
    app.refresh_from_db()
    status = _status(extra.get("error"))
    return render(
        request, "records/cabinet/detail.html", _detail_context(request, app, **extra), status=status
    )


def _status(error: RecordsError | None) -> int:
    if error is None:
        return 400
    return {"conflict": 409, "not_found": 404, "permission_denied": 403}.get(error.code, 400)
