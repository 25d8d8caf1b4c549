"""GET /api/v1/search/ — record search as JSON, with the parameters of the archivist page (search.forms).

    {"count": 42, "page": 1, "pages": 3, "per_page": 20,
     "results": [{"id": "application:17", "type": "application", "type_label": "Application",
                  "title": "2025-2-000017", "url": "/kk/archive/records/application/17/", "date": "…",
                  "state": "registered", "state_label": "…", "service": "vet_certificate",
                  "service_label": "…",
                  "overdue": false, "fields": [["Applicant or holder", "…"], ["IIN / BIN", "••••••••0120"]],
                  "snippet": "… <mark>лицензия</mark> …"}],
     "facets": {"record_type": [{"value": "application", "label": "Application", "count": 40}], …}}

Errors: 401 not logged in, 403 no staff role, 400 invalid parameters ({"code": "invalid_input", "message",
"field_errors"}), 503 search unavailable.  IIN/BIN are masked for the roles that do not need them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..backends import SearchUnavailable
from ..forms import RecordSearchForm
from ..services import search_records


def _error(status: int, code: str, message: str, **extra) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, **extra}, status=status)


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return _error(401, "not_authenticated", _("Log in to search records."))
    form = RecordSearchForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
        return _error(400, "invalid_input", _("Invalid search parameters."), field_errors=errors)
    try:
        results = search_records(request.user, form.criteria())
    except PermissionDenied:
        return _error(403, "permission_denied", _("Record search needs a staff role."))
    except SearchUnavailable:
        return _error(503, "search_unavailable", _("Search is unavailable; try again later."))
    return JsonResponse(
        {
            "count": results.total,
            "page": results.page,
            "pages": results.pages,
            "per_page": results.criteria.per_page,
            "results": [
                {
                    "id": hit.id,
                    "type": hit.record_type,
                    "type_label": hit.type_label,
                    "title": hit.title,
                    "url": hit.url,
                    "date": hit.date.isoformat() if hit.date else None,
                    "state": hit.state,
                    "state_label": hit.state_label,
                    "service": hit.service,
                    "service_label": hit.service_label,
                    "overdue": hit.overdue,
                    "fields": [list(row) for row in hit.fields],
                    "snippet": str(hit.snippet),
                }
                for hit in results.hits
            ],
            "facets": {
                name: [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in options
                ]
                for name, options in results.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
