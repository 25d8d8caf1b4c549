"""Forms of the cabinet: documents against a request, the withdrawal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..document_requests import WithdrawalForm
from ..public.forms import MultipleFileField


class AddDocumentsForm(forms.Form):
    documents = MultipleFileField(label=_("Documents (scans of what was requested)"))
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=4000, required=False, widget=forms.Textarea
    )


class WithdrawForm(WithdrawalForm):
    """The transition's own form (the optional reason), shown on the confirmation page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["comment"]  # the reason is the comment here
