"""The application's details as staff read them: every field a filing form or a transition wrote has a label
in the reader's language (never a raw English field name), and times show in Almaty time, dates as dates."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from records.display import detail_rows, readable_value

from .paths import PATHS

pytestmark = pytest.mark.django_db
RAW_NAME = re.compile(r"^[a-z]+( [a-z]+)*$")  # what a field name with its underscores replaced looks like
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.key)
def test_every_detail_is_labelled_and_times_are_local(run_path, path):
    app = run_path(path, check=False)
    for language in ("kk", "ru"):
        with translation.override(language):
            rows = detail_rows(app)
        for label, value in rows:
            assert not RAW_NAME.fullmatch(str(label)), (language, label, value)
            assert not ISO_TIME.search(str(value)), (language, label, value)


def test_a_time_is_shown_in_almaty_and_a_date_as_a_date(run_path):
    from .paths import PATHS_BY_KEY

    app = run_path(PATHS_BY_KEY["s2-office"], check=False)  # examined on Wed 12 March 2025, 15:00 Almaty
    with translation.override("kk"):
        rows = dict(detail_rows(app))
    assert "12.03.2025 15:00" in rows.values()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025-03-12T10:00:00+00:00", "12.03.2025 15:00"),
        ("2025-03-12", "12.03.2025"),
        ("900402300013", "900402300013"),  # an IIN stays a number
        ("2025-2-000001", "2025-2-000001"),  # a registration number too
        ("2025-13-45 is no date", "2025-13-45 is no date"),
        (True, "Иә"),
        (3, 3),
    ],
)
def test_readable_value(value, shown):
    with translation.override("kk"):
        assert readable_value(value) == shown
