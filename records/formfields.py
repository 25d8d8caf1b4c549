"""A Django form field from a field description (``records.services.FieldInfo``): the staff transition forms
and the public online form are built from the same descriptions as the state machines' own forms, and only
collect the values; the records services validate them."""

from __future__ import annotations

from django import forms

from .services import FieldInfo


def _widgets(admin: bool) -> dict[str, forms.Widget]:
    if admin:
        from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

        return {"date": AdminDateInput(), "datetime": AdminDateTimeInput(), "time": AdminTimeInput()}
    return {
        "date": forms.DateInput(attrs={"type": "date"}),
        "datetime": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        "time": forms.TimeInput(attrs={"type": "time"}),
    }


def form_field(info: FieldInfo, *, admin: bool = False) -> forms.Field:
    """Dates and times stay text (the widget's value is passed on as typed); the rest keep their type."""
    common = {"label": info.label, "required": info.required}
    if info.kind in ("date", "datetime", "time"):
        return forms.CharField(widget=_widgets(admin)[info.kind], **common)
    if info.kind == "boolean":
        return forms.BooleanField(**common)
    if info.kind == "integer":
        return forms.IntegerField(**common)
    if info.kind == "choice":
        return forms.ChoiceField(choices=[("", "---------"), *info.choices], **common)
    if info.kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(**common)
