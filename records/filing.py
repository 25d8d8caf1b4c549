"""What an application must contain when it is filed, per service and sub-case (kind).

The documents of point 9 of the standard are not reproduced in the act (DOMAIN §6 item 4), so the forms
ask only for what the procedure itself uses; the documents are attached as files.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import licence_numbers
from .identifiers import normalize, parse_iin
from .names import validate_person_name

# Kinds (DOMAIN §3.5, §3.6, §3.8) per service; the first is the default.  Other services have none ("").
KINDS: dict[str, tuple[str, ...]] = {
    "registration_number": ("assign", "reregister_name_or_form", "confirm_slaughter_site"),
    "animal_identification": (
        "identify_with_passport",
        "duplicate_passport",
        "passport_extract",
        "reidentify_lost_tag",
    ),
    "licence": ("issue", "reissue", "duplicate"),
}
KIND_LABELS = {
    "assign": _("Assignment of a registration number"),
    "reregister_name_or_form": _("Re-registration: change of name or legal form"),
    "confirm_slaughter_site": _("Confirmation of the number of a slaughter site"),
    "identify_with_passport": _("Identification with a veterinary passport"),
    "duplicate_passport": _("Duplicate of a veterinary passport"),
    "passport_extract": _("Extract from a veterinary passport"),
    "reidentify_lost_tag": _("Re-identification: lost or damaged ear tag"),
    "issue": _("Licence and/or annex"),
    "reissue": _("Re-issue of a licence"),
    "duplicate": _("Duplicate of a licence"),
}


class FilingForm(forms.Form):
    def __init__(self, *args, subcase: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.subcase = subcase

    def require(self, cleaned: dict, *names: str) -> None:
        for name in names:
            if cleaned.get(name) in (None, ""):
                self.add_error(name, forms.Field.default_error_messages["required"])


class VetSanitaryConclusionFiling(FilingForm):
    object_name = forms.CharField(label=_("Object of control"), max_length=300)
    object_address = forms.CharField(label=_("Address of the object"), max_length=500)
    activity = forms.CharField(label=_("Activity carried out at the object"), max_length=500, required=False)


class VetCertificateFiling(FilingForm):
    subject = forms.ChoiceField(
        label=_("Certificate for"),
        choices=[("animal", _("Animals")), ("products", _("Products and raw materials"))],
    )
    description = forms.CharField(label=_("Animals or products (species, quantity)"), max_length=1000)
    animal_number = forms.CharField(label=_("Individual number of the animal"), max_length=60, required=False)
    destination = forms.CharField(label=_("Destination"), max_length=500, required=False)


class RegistrationNumberFiling(FilingForm):
    facility_name = forms.CharField(label=_("Production facility"), max_length=300)
    facility_address = forms.CharField(label=_("Address of the facility"), max_length=500)
    activity = forms.CharField(label=_("Activity of the facility"), max_length=500)
    previous_accounting_number = forms.CharField(
        label=_("Accounting number already assigned"), max_length=60, required=False
    )
    new_name = forms.CharField(label=_("New name or legal form"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.subcase in ("reregister_name_or_form", "confirm_slaughter_site"):
            self.require(cleaned, "previous_accounting_number")
        if self.subcase == "reregister_name_or_form":
            self.require(cleaned, "new_name")
        return cleaned


class AnimalIdentificationFiling(FilingForm):
    species = forms.CharField(label=_("Species of the animals"), max_length=100, required=False)
    head_count = forms.IntegerField(label=_("Number of animals"), min_value=1, required=False)
    animal_number = forms.CharField(label=_("Individual number of the animal"), max_length=60, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.subcase in ("identify_with_passport", "reidentify_lost_tag"):
            self.require(cleaned, "species")
        if self.subcase in ("duplicate_passport", "passport_extract"):
            self.require(cleaned, "animal_number")
        return cleaned


class AttestationFiling(FilingForm):
    activity = forms.CharField(label=_("Entrepreneurial activity in veterinary medicine"), max_length=500)


class LicenceFiling(FilingForm):
    activity = forms.CharField(label=_("Activity (sub-type) to be licensed"), max_length=1000, required=False)
    annex_to = forms.CharField(label=_("Licence the annex is for (number)"), max_length=60, required=False)
    licence_number = forms.CharField(
        label=_("Licence to re-issue or duplicate (number)"), max_length=60, required=False
    )
    new_activity = forms.CharField(label=_("Activity after the re-issue"), max_length=1000, required=False)
    payment_reference = forms.CharField(
        label=_("Payment reference (e-government payment gateway)"), max_length=100, required=False
    )

    # Licence numbers as typed (spaces, dashes, case, look-alike letters, the old «L-…» form) are read as
    # the one form the licences are stored under (records.licence_numbers).
    def clean_annex_to(self) -> str:
        return licence_numbers.canonical(self.cleaned_data.get("annex_to", ""))

    def clean_licence_number(self) -> str:
        return licence_numbers.canonical(self.cleaned_data.get("licence_number", ""))

    def clean(self):
        cleaned = super().clean()
        if self.subcase == "issue":
            self.require(cleaned, "activity")
        else:
            self.require(cleaned, "licence_number")
        return cleaned


FILING_FORMS: dict[str, type[FilingForm]] = {
    "vet_sanitary_conclusion": VetSanitaryConclusionFiling,
    "vet_certificate": VetCertificateFiling,
    "registration_number": RegistrationNumberFiling,
    "animal_identification": AnimalIdentificationFiling,
    "attestation": AttestationFiling,
    "licence": LicenceFiling,
}


class RepresentativeForm(forms.Form):
    """A representative acting under a power of attorney (сенімхат бойынша өкіл)."""

    name = forms.CharField(label=_("Representative's full name"), max_length=300)
    iin = forms.CharField(label=_("Representative's IIN"), max_length=20, validators=[parse_iin])
    power_of_attorney_no = forms.CharField(label=_("Power of attorney number"), max_length=60)
    power_of_attorney_date = forms.DateField(label=_("Power of attorney date"))

    def clean_iin(self) -> str:
        return normalize(self.cleaned_data["iin"])  # "880515-300-042" is stored as 880515300042

    def clean_name(self) -> str:
        return validate_person_name(self.cleaned_data["name"])

    def clean_power_of_attorney_date(self):
        from datetime import date

        value = self.cleaned_data["power_of_attorney_date"]
        if value > date.today():
            raise forms.ValidationError(_("The power of attorney cannot be dated in the future."))
        return value
