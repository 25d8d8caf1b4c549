"""The archivist search (staff roles): one query box over every record type, facets, date range, sort,
CSV export of the result set, saved searches, permalinks, and a page per record."""

from __future__ import annotations

import csv
from datetime import datetime

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..backends import SearchUnavailable
from ..forms import FIELD_PARAMS, RecordSearchForm, canonical_query
from ..indexing import index_lost
from ..models import SavedSearch
from ..query import OVERDUE
from ..services import Criteria, RecordResults, record_detail, required_scope, search_records
from .links import page_url, toggle_url

EXPORT_LIMIT = 10_000
EXPORT_PAGE = 100


def _staff(view):
    """Login first (to the admin login, which returns here), then a role that may see records (else 403)."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        required_scope(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_staff
def archive_search(request: HttpRequest) -> HttpResponse:
    form = RecordSearchForm(request.GET)
    context = {
        "form": form,
        "results": None,
        "unavailable": False,
        "saved": SavedSearch.objects.filter(user=request.user)[:50],
    }
    status = 200
    if form.is_valid():
        try:
            results = search_records(request.user, form.criteria())
        except SearchUnavailable:
            context["unavailable"], status = True, 503
        else:
            _link_facets(request, results)
            permalink = canonical_query(request.GET)
            context.update(
                results=results,
                rebuilding=index_lost("records"),  # see public_search
                permalink=request.build_absolute_uri(
                    f"{request.path}?{permalink}" if permalink else request.path
                ),
                query_string=permalink,
                export_url=f"{reverse('search:export')}?{canonical_query(request.GET)}",
                previous_url=page_url(request.GET, results.page - 1) if results.page > 1 else "",
                next_url=page_url(request.GET, results.page + 1) if results.page < results.pages else "",
            )
    else:
        status = 400
    return render(request, "search/archive.html", context, status=status)


def _link_facets(request: HttpRequest, results: RecordResults) -> None:
    for name, options in results.facets.items():
        param = "overdue" if name == OVERDUE else FIELD_PARAMS[name]
        for option in options:
            option.url = toggle_url(request.GET, param, option.value)


@_staff
def archive_export(request: HttpRequest) -> HttpResponse:
    """The whole result set (up to EXPORT_LIMIT rows) as CSV, identifiers masked as on the page."""
    form = RecordSearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _("Invalid search parameters."), status=400, content_type="text/plain; charset=utf-8"
        )
    criteria = form.criteria()
    try:
        first = search_records(request.user, _page(criteria, 1))
    except SearchUnavailable:
        return HttpResponse(
            _("Search is unavailable; try again later."), status=503, content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(
        _csv_rows(request, criteria, first), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="records-{stamp}.csv"'
    return response


def _page(criteria: Criteria, page: int) -> Criteria:
    return Criteria(**{**criteria.__dict__, "page": page, "per_page": EXPORT_PAGE})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(request: HttpRequest, criteria: Criteria, first: RecordResults):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that spreadsheet programs read UTF-8
    yield writer.writerow(
        [
            _("Record type"),
            _("Number"),
            _("Date"),
            _("Service"),
            _("State"),
            _("Overdue"),
            _("Details"),
            _("Link"),
        ]
    )
    results, page, written = first, 1, 0
    while results.hits and written < EXPORT_LIMIT:
        for hit in results.hits:
            yield writer.writerow(
                [
                    hit.type_label,
                    hit.title,
                    _local(hit.date),
                    hit.service_label,
                    hit.state_label,
                    _("yes") if hit.overdue else "",
                    "; ".join(f"{label}: {value}" for label, value in hit.fields),
                    request.build_absolute_uri(hit.url),
                ]
            )
            written += 1
        page += 1
        if page > results.pages:
            break
        results = search_records(request.user, _page(criteria, page))


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@_staff
@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    name = (request.POST.get("name") or "").strip()[:200]
    query_string = canonical_query(request.POST, drop=("page", "name"))
    if not name:
        name = request.POST.get("q") or _("Search of %(date)s") % {"date": _local(timezone.now())}
    SavedSearch.objects.create(user=request.user, name=name, query_string=query_string)
    return redirect(
        f"{reverse('search:archive')}?{query_string}" if query_string else reverse("search:archive")
    )


@_staff
def open_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    url = reverse("search:archive")
    return redirect(f"{url}?{saved.query_string}" if saved.query_string else url)


@_staff
@require_POST
def delete_saved_search(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(SavedSearch, pk=pk, user=request.user).delete()
    return redirect(reverse("search:archive"))


@_staff
def record_page(request: HttpRequest, record_type: str, record_id: str) -> HttpResponse:
    detail = record_detail(request.user, record_type, record_id)
    if detail is None:
        raise Http404(_("No such record, or not one you may see."))
    return render(request, "search/record.html", {"record": detail, "back": request.GET.get("back", "")})
