from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from certificates import conf


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file to compare"),
        help_text=_("The file is compared byte for byte with the registered document and is not kept."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        return upload
