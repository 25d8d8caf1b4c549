"""Forms of the public pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalogue.documents import required_documents

from ..applicants import Applicant
from ..documents import check_upload
from ..formfields import form_field
from ..identifiers import normalize
from ..services import filing_fields
from ..units import units_for_service


class TrackerForm(forms.Form):
    registration_no = forms.CharField(
        label=_("Application number"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "2025-1-000001", "autocomplete": "off"}),
    )
    identifier = forms.CharField(
        label=_("IIN / BIN of the applicant"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


MAX_FILES = 10


def max_upload_bytes() -> int:
    """The largest document the public form accepts (``RECORDS_UPLOAD_MAX_BYTES``, default 10 MB)."""
    return int(getattr(settings, "RECORDS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked by ``check_upload`` (which
    keeps what it found on the file as ``document_info`` for ``store_attachment``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = (
            [single(item, initial) for item in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )
        files = [f for f in files if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES})
        problems = []
        for upload in files:  # type by content, size, pages, pixels, virus scan (records.documents)
            try:
                check_upload(upload)
            except forms.ValidationError as error:
                problems.append(error)
        if problems:
            raise forms.ValidationError(problems)
        return files


FOR_SELF, AS_REPRESENTATIVE = "self", "representative"
# Required when filing as a representative (records.filing.RepresentativeForm records the power of attorney).
REPRESENTATIVE_FIELDS = (
    "principal_kind",
    "principal_identifier",
    "principal_name",
    "power_of_attorney_no",
    "power_of_attorney_date",
)


class OnlineApplicationForm(forms.Form):
    """Who files (the signed-in applicant for themself, or as the representative of another IIN/BIN under a
    power of attorney: the identity comes from the sign-in, never typed), the service's filing fields
    (``filing_fields``), the documents and the signature."""

    filing_for = forms.ChoiceField(
        label=_("I file the application"),
        choices=[
            (FOR_SELF, _("for myself")),
            (AS_REPRESENTATIVE, _("as a representative, under a power of attorney")),
        ],
        initial=FOR_SELF,
        widget=forms.RadioSelect,
    )
    principal_kind = forms.ChoiceField(
        label=_("The applicant I represent is"),
        choices=Applicant.KIND_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    principal_identifier = forms.CharField(
        label=_("IIN / BIN of the applicant I represent"), max_length=20, required=False
    )
    principal_name = forms.CharField(
        label=_("Full name or name of the organisation I represent"), max_length=300, required=False
    )
    power_of_attorney_no = forms.CharField(label=_("Power of attorney number"), max_length=60, required=False)
    power_of_attorney_date = forms.DateField(
        label=_("Power of attorney date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    documents = MultipleFileField(label=_("Documents (scans of the documents the standard requires)"))
    # Filled by the signing component (NCALayer) once one is connected; checked by records.signatures.
    signature = forms.CharField(required=False, widget=forms.HiddenInput)

    APPLICANT_FIELDS = ("filing_for", *REPRESENTATIVE_FIELDS, "phone", "email", "address")

    def clean(self):
        data = super().clean()
        if data.get("filing_for") == AS_REPRESENTATIVE:
            for name in REPRESENTATIVE_FIELDS:
                if name in self.fields and not data.get(name) and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def check_principal(self, *own: str) -> bool:
        """A representative acts for someone else: their own IIN/BIN (``own``) is filed "for myself"."""
        data = self.cleaned_data
        principal = normalize(data.get("principal_identifier") or "")
        if data.get("filing_for") == AS_REPRESENTATIVE and principal in {normalize(o) for o in own}:
            self.add_error(
                "principal_identifier", _("This is your own IIN/BIN: file the application for yourself.")
            )
            return False
        return True

    def representative_data(self, person_iin: str, person_name: str) -> dict | None:
        """The power of attorney, the signed-in person as the representative; None when filing for self."""
        data = self.cleaned_data
        if data.get("filing_for") != AS_REPRESENTATIVE:
            return None
        return {
            "name": person_name,
            "iin": person_iin,
            "power_of_attorney_no": data["power_of_attorney_no"],
            "power_of_attorney_date": data["power_of_attorney_date"],
        }

    def __init__(self, service_code: str, subcase: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service_fields = filing_fields(service_code, subcase)
        documents = self.fields.pop("documents")
        signature = self.fields.pop("signature")
        units = list(units_for_service(service_code).values_list("code", "name"))
        if len(units) > 1:  # with one, it handles the application unasked (records.intake.handling_unit)
            self.fields["unit"] = forms.ChoiceField(
                label=_("The department that handles the application"), choices=units
            )
        for info in self.service_fields:
            self.fields[info.name] = form_field(info)
        # One input per document the service requires (catalogue.documents), then any others.
        self.required_documents = required_documents(service_code, subcase)
        for doc in self.required_documents:
            self.fields[f"document_{doc.code}"] = MultipleFileField(label=doc.label)
        documents.required, documents.label = False, _("Other documents")
        self.fields["documents"], self.fields["signature"] = documents, signature

    def uploads(self) -> list[tuple[str, object]]:
        """(the code of the required document or "", the file) of every file attached."""
        pairs = [
            (doc.code, upload)
            for doc in self.required_documents
            for upload in self.cleaned_data.get(f"document_{doc.code}") or ()
        ]
        return [*pairs, *(("", upload) for upload in self.cleaned_data.get("documents") or ())]

    def filing_data(self) -> dict:
        return {info.name: self.cleaned_data.get(info.name) for info in self.service_fields}
