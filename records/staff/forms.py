"""The form of one transition on the record page, built from its description
(``records.services.TransitionInfo``).  It only renders and collects the data: the transition's own form in
the state machine validates them, and its errors are shown on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..formfields import form_field
from ..services import TransitionInfo

ATTACHMENT = "attachment"


class TransitionDataForm(forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, info: TransitionInfo, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", info.name)
        super().__init__(*args, **kwargs)
        self.info = info
        for field in info.fields:
            self.fields[field.name] = form_field(field, admin=True)
        if info.attachment_required:
            self.fields[ATTACHMENT] = forms.FileField(
                label=_("Document of this step (e.g. the inspection act)"), required=True
            )

    def submitted_data(self) -> dict[str, Any]:
        """The values as submitted (widgets' raw values), for the state machine's form to validate."""
        data = {}
        for field in self.info.fields:
            value = self[field.name].data
            if field.kind == "boolean":
                value = bool(self.fields[field.name].to_python(value))
            data[field.name] = value
        return data

    def submitted_file(self):
        return self.files.get(self.add_prefix(ATTACHMENT)) if self.files else None
