"""Every time a person reads is Almaty time (UTC+5 since 2024-03-01), never the UTC the database keeps:
a moment stored at 20:30 UTC is read as 01:30 of the next day on the tracker, on the staff page and in the
printed documents."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from catalogue.roles import Role
from certificates.services import issue_document

from . import ui_support
from .test_tracker import look_up

fresh_cache, login, staff = ui_support.fresh_cache, ui_support.login, ui_support.staff  # fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

STORED = datetime(2026, 3, 10, 20, 30, tzinfo=UTC)  # Tuesday evening in UTC, Wednesday night in Almaty
SHOWN = {"kk": "2026 жылғы 11 наурыз, 01:30", "ru": "11 марта 2026 г. 1:30"}
RECEIVED = re.compile(r'<dd id="records-received"><time datetime="([^"]+)">([^<]+)</time></dd>')
TIMELINE_TIMES = re.compile(r'<tr data-transition="\w+">\s*<td>([^<]+)</td>')


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filed_at_night(file, clock):
    clock.set(STORED)
    app = file("vet_sanitary_conclusion")
    assert app.received_at == STORED  # kept as the moment it is, whatever zone reads it
    return app


def test_almaty_is_five_hours_ahead_of_utc_in_2026():
    from zoneinfo import ZoneInfo

    assert STORED.astimezone(ZoneInfo("Asia/Almaty")).isoformat() == "2026-03-11T01:30:00+05:00"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_tracker_shows_the_time_of_filing_in_almaty_time(client, filed_at_night, person, language):
    response = look_up(client, filed_at_night.registration_no, person.identifier, language)
    content = response.content.decode()
    assert RECEIVED.search(content).groups() == ("2026-03-11T01:30:00+05:00", SHOWN[language])
    assert TIMELINE_TIMES.findall(content) == [SHOWN[language]]  # the filing row of the timeline
    assert "20:30" not in content


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_staff_read_almaty_time_on_the_application_page(login, staff, filed_at_night, language):
    profile = UserProfile.get_for_user(staff[Role.HEAD])
    profile.preferred_language = language
    profile.save()
    content = login(Role.HEAD).get(reverse("records_application", args=[filed_at_night.pk])).content.decode()
    assert SHOWN[language] in content  # received, and the filing row of the timeline
    assert "20:30" not in content


def test_staff_are_offered_no_other_time_zone(login, staff):
    content = login(Role.HEAD).get(reverse("wagtailadmin_account")).content.decode()
    assert 'name="locale-preferred_language"' in content  # the panel is there, with the language only
    assert 'name="locale-current_time_zone"' not in content


@pytest.fixture
def night_receipt(monkeypatch):
    """A receipt issued (and its time of acceptance stored) at 20:30 UTC."""
    from certificates import samples

    monkeypatch.setattr(timezone, "now", lambda: STORED)
    payload = {**samples.PAYLOADS["receipt"], "accepted_at": STORED.isoformat()}
    with translation.override("ru"):  # documents are Kazakh whatever the interface language
        return issue_document(
            "receipt",
            holder_name="Асқаров Нұрлан",
            holder_id="880515300011",
            payload=payload,
            issued_by=None,
            source_record=("certificates.sample", "1"),
        )


def test_the_printed_receipt_shows_almaty_time(night_receipt, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make setup` installs Debian's poppler-utils")
    assert night_receipt.issued_at == STORED
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(night_receipt.file.read())
    extracted = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(extracted.stdout.split())
    assert "2026 жылғы 11 наурыз" in text and "01:30" in text
    assert "20:30" not in text and "10 наурыз" not in text


@pytest.mark.parametrize(("language", "day"), [("kk", "2026 жылғы 11 наурыз"), ("ru", "11 марта 2026 г.")])
def test_the_verify_page_gives_the_almaty_date_of_issue(client, night_receipt, language, day):
    content = client.get(f"/{language}/verify/{night_receipt.verification_code}/").content.decode()
    assert f"<dd>{day}</dd>" in content
