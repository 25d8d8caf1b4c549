# Issue 14: one licence number in one form.  Licences numbered «L-2026-00008» (annexes «…/01») before become
# «ЛЦ-2026-000008», the form of the licence PDF's registry numbers; so do the applications' result numbers,
# the numbers they were filed against and the annex counters.  Data only, reversible (the old form is
# rebuilt from the new for every number this migration wrote).
#
# Documents already issued keep their registry numbers and printed text (they are immutable), and the audit
# log keeps what it recorded.  The licence counter of each year is moved past the registry's licence counter
# so that a new licence's number never equals the registry number of an older licence document.

from django.db import migrations

from records.licence_numbers import from_legacy, to_legacy

DETAIL_KEYS = ("licence_number", "annex_to")


def _renumber(apps, change) -> None:
    Licence = apps.get_model("records", "Licence")
    Application = apps.get_model("records", "Application")
    NumberSequence = apps.get_model("records", "NumberSequence")
    for licence in Licence.objects.all():
        number = change(licence.number)
        if number != licence.number:
            Licence.objects.filter(pk=licence.pk).update(number=number)
    for app in Application.objects.filter(service="licence"):
        details = dict(app.details or {})
        for key in DETAIL_KEYS:
            if isinstance(details.get(key), str):
                details[key] = change(details[key])
        result = change(app.result_number) if app.result_number else app.result_number
        if details != app.details or result != app.result_number:
            Application.objects.filter(pk=app.pk).update(details=details, result_number=result)
    for sequence in NumberSequence.objects.filter(name__startswith="annex:"):
        name = "annex:" + change(sequence.name.removeprefix("annex:"))
        if name != sequence.name:
            NumberSequence.objects.filter(pk=sequence.pk).update(name=name)


def forwards(apps, schema_editor) -> None:
    _renumber(apps, from_legacy)
    NumberSequence = apps.get_model("records", "NumberSequence")
    DocumentCounter = apps.get_model("certificates", "DocumentCounter")
    for counter in DocumentCounter.objects.filter(doc_type="licence", series=""):
        sequence, _ = NumberSequence.objects.get_or_create(name="licence", year=counter.year)
        if sequence.last < counter.last:
            NumberSequence.objects.filter(pk=sequence.pk).update(last=counter.last)


def backwards(apps, schema_editor) -> None:
    _renumber(apps, to_legacy)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0011_notify"),
        ("certificates", "0004_original_numbers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
