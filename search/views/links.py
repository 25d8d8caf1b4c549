"""Links that change one parameter of the current search."""

from __future__ import annotations

from django.http import QueryDict


def toggle_url(params: QueryDict, name: str, value: str) -> str:
    """The current search with ``value`` of ``name`` switched on or off (back to the first page)."""
    data = params.copy()
    data.pop("page", None)
    values = data.getlist(name)
    data.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return f"?{data.urlencode()}"


def page_url(params: QueryDict, page: int, **replace: str) -> str:
    data = params.copy()
    for key, value in replace.items():
        data[key] = value
    if page > 1:
        data["page"] = str(page)
    else:
        data.pop("page", None)
    return f"?{data.urlencode()}"
