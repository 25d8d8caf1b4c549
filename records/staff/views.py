"""Staff views in the Wagtail admin: the list of applications and the record page with its transitions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from certificates.services import documents_for

from .. import clock
from ..applications import Application
from ..attachments import serve_attachment, store_attachment
from ..display import RegulationLinks, current_step, detail_rows, kind_label
from ..errors import InvalidInput, RecordsError
from ..scope import visible_applications
from ..services import (
    application_timeline,
    available_transitions,
    describe_transition,
    perform_transition,
)
from .access import is_records_staff
from .filters import ApplicationFilterSet
from .forms import ATTACHMENT, TransitionDataForm
from .scans import scans

# The HTTP status of each error on the record page (the form is shown again with the message).
ERROR_STATUS = {"permission_denied": 403, "conflict": 409, "not_found": 404}


class StaffOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not is_records_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeadlineColumn(Column):
    cell_template_name = "records/admin/deadline_cell.html"


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _detail_url(app: Application) -> str:
    return reverse("records_application", args=[app.pk])


class ApplicationListView(StaffOnlyMixin, BaseListingView):
    model = Application
    index_url_name = "records_applications"
    index_results_url_name = "records_applications_results"
    filterset_class = ApplicationFilterSet
    is_searchable = True
    search_fields = ["registration_no", "applicant__identifier", "applicant__name", "result_number"]
    search_backend_name = None  # plain database lookups: applications are not in a Wagtail search index
    default_ordering = "-received_at"
    paginate_by = 50
    page_title = _("Applications")
    header_icon = "folder-open-inverse"
    verbose_name = _("application")
    verbose_name_plural = _("applications")
    columns = [
        TitleColumn(
            "registration_no",
            label=_("Number"),
            get_url=_detail_url,
            sort_key="registration_no",
            classname="w-whitespace-nowrap",
        ),
        Column("service", label=_("Service"), accessor="service_label"),
        Column("kind", label=_("Kind"), accessor=kind_label),
        StatusTagColumn(
            "state", label=_("State"), accessor="state_label", primary=lambda a: not a.is_terminal
        ),
        Column("applicant", label=_("Applicant"), accessor=lambda a: str(a.applicant)),
        Column("executor", label=_("Responsible executor"), accessor=lambda a: _person(a.assigned_executor)),
        DateColumn("received_at", label=_("Received"), sort_key="received_at"),
        DeadlineColumn("due_at", label=_("Due"), sort_key="due_at", classname="w-whitespace-nowrap"),
    ]

    def get_base_queryset(self):
        applications = Application.objects.select_related("applicant", "assigned_executor")
        return visible_applications(self.request.user, applications).with_deadline_status(clock.now())


class ApplicationView(StaffOnlyMixin, WagtailAdminTemplateMixin, View):
    """GET: the record page.  POST …/do/<name>/: perform transition ``name`` with the data of its form."""

    template_name = "records/admin/application.html"
    header_icon = "folder-open-inverse"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse_lazy("records_applications"), "label": _("Applications")},
    ]

    def get(self, request: HttpRequest, pk: int, name: str = "") -> HttpResponse:
        if name:
            return redirect("records_application", pk=pk)
        return self._render(self._application(pk))

    def post(self, request: HttpRequest, pk: int, name: str = "") -> HttpResponse:
        if not name:
            return HttpResponseNotAllowed(["GET"])
        app = self._application(pk)
        info = next((t for t in available_transitions(app, request.user) if t.name == name), None)
        info = info or describe_transition(app.service, name)
        if info is None:
            message = gettext("This action does not exist for this service.")
            return self._render(app, error=message, status=400)
        form = TransitionDataForm(info, request.POST, request.FILES)
        form.full_clean()  # only to read the values; the state machine's form validates them
        upload = form.submitted_file()
        try:
            attachments = [store_attachment(upload)] if upload else []  # checked first (records.documents)
        except ValidationError as problem:
            refused = InvalidInput(problem.messages[0], field_errors={ATTACHMENT: problem.messages})
            return self._failed(app, form, refused)
        try:
            app = perform_transition(
                app.pk,
                name,
                user=request.user,
                data=form.submitted_data(),
                attachments=attachments,
                expected_state=request.POST.get(form.add_prefix("expected_state")) or app.state,
            )
        except RecordsError as error:
            return self._failed(app, form, error)
        messages.success(
            request,
            gettext("Done: %(action)s. The application is now «%(state)s».")
            % {"action": info.label, "state": app.state_label},
        )
        return redirect("records_application", pk=app.pk)

    def _application(self, pk: int) -> Application:
        """The application if the user may read it (records.scope); 404 otherwise, as for no application."""
        applications = Application.objects.select_related("applicant", "assigned_executor", "registered_by")
        return get_object_or_404(visible_applications(self.request.user, applications), pk=pk)

    def _failed(self, app: Application, form: TransitionDataForm, error: RecordsError) -> HttpResponse:
        form.errors.clear()
        for field, problems in error.field_errors.items():
            target = field if field in form.fields else None
            for problem in problems:
                form.add_error(target, problem)
        fresh = self._application(app.pk)  # nothing was written; show the record as it is now
        # After a conflict the forms are made anew for the state someone else left; otherwise the form
        # comes back with what was typed and the errors on its fields.
        failed = None if error.code == "conflict" else form
        return self._render(
            fresh, failed=failed, error=error.message, status=ERROR_STATUS.get(error.code, 400)
        )

    def _render(self, app: Application, *, failed=None, error: str = "", status: int = 200) -> HttpResponse:
        self.page_title = app.registration_no
        self.page_subtitle = str(app.service_label)
        transitions = []
        for info in available_transitions(app, self.request.user):
            if failed is not None and failed.info.name == info.name:
                transitions.append(failed)
            else:
                transitions.append(TransitionDataForm(info, initial={"expected_state": app.state}))
        links = RegulationLinks(app.service)
        context = self.get_context_data(
            app=app,
            kind=kind_label(app),
            step=current_step(app, links),
            deadline=app.deadline_status(clock.now()),
            details=detail_rows(app),
            timeline=[(e, links.point(e.result_anchor)) for e in application_timeline(app)],
            transitions=transitions,
            failed_name=failed.info.name if failed is not None else "",
            error=error,
            issued=list(documents_for(("records.application", str(app.pk)))),
            scans=scans(app),
            signature=getattr(app, "signature_check", None) if app.channel == "portal" else None,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class ApplicationDocumentView(ApplicationView):
    """One document of the application (an applicant's scan, a transition's attachment), for whoever may
    open the record page: the same check, then the file through ``portal.protected_files``."""

    http_method_names = ["get", "head"]

    inline = False  # True: for the browser to show (the record page's preview), else to download

    def get(self, request: HttpRequest, pk: int, index: int) -> HttpResponse:
        documents = self._application(pk).documents or []
        reference = documents[index] if 0 <= index < len(documents) else None
        response = serve_attachment(reference, inline=self.inline) if reference else None
        if response is None:
            raise Http404
        return response
