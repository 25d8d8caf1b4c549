"""GET /api/v1/search/ — record search as JSON, with the parameters of the archivist page (search.forms).

    {"count": 42, "page": 1, "pages": 3, "per_page": 20,
     "results": [{"id": "application:17", "type": "application", "type_label": "Application",
                  "title": "2025-2-000017", "url": "/kk/archive/records/application/17/", "date": "…",
                  "state": "registered", "state_label": "…", "service": "vet_certificate",
                  "service_label": "…",
                  "overdue": false, "fields": [["Applicant or holder", "…"], ["IIN / BIN", "••••••••0120"]],
                  "snippet": "… <mark>лицензия</mark> …"}],
     "facets": {"record_type": [{"value": "application", "label": "Application", "count": 40}], …}}

It is an endpoint of /api/v1/ like the others (records.api.views.endpoint): a bearer token, never a session;
errors ``{"code", "message", "field_errors"}`` in the request's language — 401 ``unauthorized``, 403
``permission_denied`` (no staff role), 400 ``invalid_input`` (the form's errors by parameter), 404
``not_found`` (a page past the last; page 1 of no hits is an empty 200), 503 ``search_unavailable``.
IIN/BIN are masked for the roles that do not need them.  The OpenAPI description is in records.api.schema.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as SearchForbidden
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

from records.api.errors import invalid_form, json_response
from records.api.views import endpoint
from records.errors import NotFound, PermissionDenied, RecordsError

from ..backends import SearchUnavailable
from ..forms import RecordSearchForm
from ..services import RecordHit, RecordResults, required_scope, search_records


class Unavailable(RecordsError):
    code = "search_unavailable"
    default_message = _("Search is unavailable; try again later.")


@endpoint("GET")
def api_search(request: HttpRequest, user) -> JsonResponse:
    try:
        required_scope(user)  # before the parameters: a user without a role learns nothing from a 400
    except SearchForbidden as error:
        raise PermissionDenied(_("Record search needs a staff role.")) from error
    form = RecordSearchForm(request.GET)
    if not form.is_valid():
        raise invalid_form(form, _("Invalid search parameters."))
    criteria = form.criteria()
    try:
        results = search_records(user, criteria)
    except SearchUnavailable as error:
        raise Unavailable() from error
    if criteria.page > results.pages:
        raise NotFound(_("No such page: the results end at page %(pages)s."), params={"pages": results.pages})
    return json_response(results_json(results))


def results_json(results: RecordResults) -> dict[str, Any]:
    return {
        "count": results.total,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.criteria.per_page,
        "results": [hit_json(hit) for hit in results.hits],
        "facets": {
            name: [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in options
            ]
            for name, options in results.facets.items()
        },
    }


def hit_json(hit: RecordHit) -> dict[str, Any]:
    return {
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
