"""The small forms of the recorder screens.  They only shape the input; every rule is checked by the
services, whose errors the screens show."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role

from .equipment import Equipment
from .journal import Correction
from .storage import MediaRecord
from .units import full_name, members


class IssueForm(forms.Form):
    recorder = forms.ModelChoiceField(label=_("Recorder (card installed, slot sealed)"), queryset=None)
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)
    clock_set = forms.BooleanField(label=_("The recorder's date and time are set (point 5)"), required=False)
    inspector_password = forms.CharField(
        label=_("Inspector's password (their signature in column 4)"),
        widget=forms.PasswordInput,
        required=False,
    )

    def __init__(self, *args, unit=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorder"].queryset = Equipment.objects.filter(
            unit=unit, kind=Equipment.Kind.RECORDER, state=Equipment.State.IN_CUSTODY
        ).exclude(installed_card=None)
        self.fields["inspector"].queryset = members(unit, Role.INSPECTOR)
        self.fields["inspector"].label_from_instance = _full_name
        self.fields["recorder"].label_from_instance = _device_label


class ReplaceForm(forms.Form):
    new_recorder = forms.ModelChoiceField(label=_("Replacement recorder"), queryset=None)
    clock_set = forms.BooleanField(label=_("The recorder's date and time are set (point 5)"), required=False)
    inspector_password = forms.CharField(
        label=_("Inspector's password (their signature)"), widget=forms.PasswordInput, required=False
    )

    def __init__(self, *args, unit=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_recorder"].queryset = IssueForm(unit=unit).fields["recorder"].queryset
        self.fields["new_recorder"].label_from_instance = _device_label


class ReturnForm(forms.Form):
    seal_intact = forms.BooleanField(
        label=_("The seal of the card slot is intact"), required=False, initial=True
    )
    seal_remark = forms.CharField(label=_("If not: what is wrong with the seal"), required=False)
    inspector_password = forms.CharField(
        label=_("Inspector's password (their signature in column 5)"),
        widget=forms.PasswordInput,
        required=False,
    )


class SpokenTimeForm(forms.Form):
    spoken_at = forms.DateTimeField(
        label=_("Time as spoken on the recording"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now."),
    )


class MalfunctionForm(forms.Form):
    cause = forms.CharField(label=_("Cause of the failure"), widget=forms.Textarea(attrs={"rows": 2}))
    failed_at = forms.DateTimeField(
        label=_("Failed at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class RemarkForm(forms.Form):
    remark = forms.CharField(label=_("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note for column 8"), widget=forms.Textarea(attrs={"rows": 2}))


class LossForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"), choices=[("lost", _("Lost")), ("damaged", _("Damaged"))]
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    column = forms.TypedChoiceField(
        label=_("Column"), coerce=int, choices=[(n, str(n)) for n in Correction.COLUMNS]
    )
    note = forms.IntegerField(label=_("Note (for column 8)"), required=False, widget=forms.HiddenInput)
    new_value = forms.CharField(label=_("Correct value"))
    reason = forms.CharField(label=_("Reason"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Recordings from the memory card"), required=False)


class DeviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Equipment.Kind.choices)
    model_name = forms.CharField(label=_("Make and model"), required=False)
    serial_number = forms.CharField(label=_("Manufacturer's serial number"), required=False)


class InventoryNumberForm(forms.Form):
    inventory_number = forms.CharField(label=_("Inventory number"))


class SealForm(forms.Form):
    card = forms.ModelChoiceField(label=_("Memory card"), queryset=None)
    seal_number = forms.CharField(label=_("Seal number"))

    def __init__(self, *args, unit=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["card"].queryset = Equipment.objects.filter(
            unit=unit,
            kind=Equipment.Kind.MEMORY_CARD,
            state=Equipment.State.IN_CUSTODY,
            data_state=Equipment.Data.EMPTY,
            installed_in__isnull=True,
        )
        self.fields["card"].label_from_instance = _device_label


class BookForm(forms.Form):
    number = forms.CharField(label=_("Book number"))


class RegisterBookForm(forms.Form):
    page_count = forms.IntegerField(label=_("Pages numbered, stitched and sealed"), min_value=1)
    registration_number = forms.CharField(label=_("Office registration number"))


class ExtendForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Linked to"),
        choices=[
            (MediaRecord.Category.OFFENCE, _("Administrative offence")),
            (MediaRecord.Category.INSPECTION, _("Inspection")),
        ],
    )
    reference = forms.CharField(label=_("Protocol or act number"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("Service purpose (point 3): the control or supervision the recordings are evidence for"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _full_name(user) -> str:
    return full_name(user)


def _device_label(device: Equipment) -> str:
    if device.installed_card_id:
        return f"{device.inventory_number} + {device.installed_card.inventory_number} ({device.seal_number})"
    return str(device.inventory_number or device)
