"""The parameters of record search, shared by the archivist page, its CSV export and the JSON API:

q          words, "exact phrases", 12-digit IIN/BIN (for the roles that may search them)
type, service, state, unit, year, retention   facet values (repeatable)
overdue    1: only records past their due time
date_from, date_to   YYYY-MM-DD, inclusive (local dates)
sort       relevance | newest | oldest
page, per_page       1…, 1…100
"""

from __future__ import annotations

import re

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .query import SORTS
from .services import PER_PAGE, Criteria

# request parameter -> index field
FILTER_PARAMS = {
    "type": "record_type",
    "service": "service",
    "state": "state",
    "unit": "unit",
    "year": "year",
    "retention": "retention",
}
MAX_VALUES = 20
_VALUE_RE = re.compile(r"^[\w\-.:/ ]{1,100}$")


class RecordSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )
    page = forms.IntegerField(label=_("Results page"), required=False, min_value=1, max_value=10_000)
    per_page = forms.IntegerField(label=_("Results per page"), required=False, min_value=1, max_value=100)

    def __init__(self, data: QueryDict, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.filter_values = {param: [v for v in data.getlist(param) if v] for param in FILTER_PARAMS}

    def clean(self):
        cleaned = super().clean()
        for param, values in self.filter_values.items():
            if len(values) > MAX_VALUES or not all(_VALUE_RE.match(v) for v in values):
                self.add_error(None, _("The filter «%(name)s» has an invalid value.") % {"name": param})
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            text=data.get("q") or "",
            filters={FILTER_PARAMS[p]: values for p, values in self.filter_values.items() if values},
            overdue=bool(data.get("overdue")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") if data.get("sort") in SORTS else "relevance",
            page=data.get("page") or 1,
            per_page=data.get("per_page") or PER_PAGE,
        )


FIELD_PARAMS = {field: param for param, field in FILTER_PARAMS.items()}


def canonical_query(data: QueryDict, *, drop: tuple[str, ...] = ("page",)) -> str:
    """The search's parameters in a stable order (the permalink of a search), without ``drop``."""
    kept = QueryDict(mutable=True)
    for key in sorted(data.keys()):
        if key in drop or key == "csrfmiddlewaretoken":
            continue
        values = sorted(v for v in data.getlist(key) if v)
        if values:
            kept.setlist(key, values)
    return kept.urlencode()
