"""The Wagtail admin screens: the responsible person works a day through them, the head approves, the
inspector sees only their own rows and released copies, and another unit sees nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from records.recorders import blobs, services
from records.recorders.models import DisposalAct, JournalBook, JournalEntry, MediaAccess, MediaRecord
from records.recorders.setup import setup_recorders

from .conftest import at, issue, password, through_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, staff):
    setup_recorders()

    def as_user(user, language: str = "en"):
        # English unless a test says otherwise: assertions read the English msgids.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return as_user


# A 404 under /admin/ is first redirected to the language prefix by LocaleMiddleware (i18n_patterns), so the
# tests follow redirects before reading the status.
def url(name: str, *args) -> str:
    return reverse(f"recorders:{name}", args=args)


def test_every_screen_opens_for_the_responsible_person_in_kazakh_and_russian(
    login, staff, unit, book, devices
):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"x")
    for language in ("kk", "ru"):
        client = login(staff.rp, language)
        for name, args in [
            ("index", ()),
            ("journal", ()),
            ("issue", ()),
            ("worklist", ()),
            ("inventory", ()),
            ("books", ()),
            ("storage", ()),
            ("access_log", ()),
            ("disposal", ()),
            ("releases", ()),
            ("entry", (entry.pk,)),
        ]:
            response = client.get(url(name, *args))
            assert response.status_code == 200, name
            assert f'lang="{language}"' in response.content.decode()
            assert unit.name in response.content.decode()


def test_the_responsible_person_works_a_day_through_the_screens(login, staff, unit, book, devices, clock):
    recorder = devices.prepared()
    client = login(staff.rp)
    response = client.post(
        url("issue"),
        {
            "recorder": recorder.pk,
            "inspector": staff.inspector.pk,
            "clock_set": "on",
            "inspector_password": "wrong",
        },
    )
    assert response.status_code == 200 and "signature is not accepted" in response.content.decode()
    assert not JournalEntry.objects.exists()
    response = client.post(
        url("issue"),
        {
            "recorder": recorder.pk,
            "inspector": staff.inspector.pk,
            "clock_set": "on",
            "inspector_password": password(staff.inspector),
        },
    )
    entry = JournalEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == url("entry", entry.pk)
    page = client.get(url("entry", entry.pk)).content.decode()
    assert "Ерлан Серікұлы Жақсыбеков" in page and url("entry_action", entry.pk, "return_equipment") in page
    client.post(url("entry_action", entry.pk, "start_recording"))
    clock.set(at(2025, 3, 12, 18, 0))
    client.post(
        url("entry_action", entry.pk, "return_equipment"),
        {"seal_intact": "on", "inspector_password": password(staff.inspector)},
    )
    files = [SimpleUploadedFile("REC_1.MP4", b"one"), SimpleUploadedFile("REC_2.MP4", b"two")]
    response = client.post(url("entry_action", entry.pk, "upload"), {"files": files}, follow=True)
    body = response.content.decode()
    assert "Recordings stored." in body, body[body.find('class="messages"') :][1200:2600]
    for action in ("verify_upload", "clear_card", "close"):
        client.post(url("entry_action", entry.pk, action))
    entry.refresh_from_db()
    assert entry.state == "closed" and entry.media.count() == 2
    pdf = client.get(url("journal_pdf", book.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_a_refused_action_shows_the_services_message(login, staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"x")
    client = login(staff.rp)
    response = client.post(url("entry_action", entry.pk, "clear_card"), follow=True)
    assert "only after the upload is verified" in response.content.decode()
    assert JournalEntry.objects.get(pk=entry.pk).state == "uploaded"


def test_a_correction_through_the_screen_keeps_the_old_value_visible(login, staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    client = login(staff.rp)
    client.post(
        url("entry_action", entry.pk, "correct"),
        {"column": 2, "new_value": "БТ-7 / ЖК-7", "reason": "Нөмірі қате"},
    )
    page = client.get(url("entry", entry.pk)).content.decode()
    assert f"<del>{entry.inventory_numbers}</del>" in page and "БТ-7 / ЖК-7" in page
    assert "«Түзетілді»" in page and "Нөмірі қате" in page


def test_the_head_approves_a_release_and_the_inspector_downloads_it(login, staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"evidence")
    media = entry.media.get()
    client = login(staff.inspector)
    refused = client.get(url("storage"))  # Wagtail answers PermissionDenied with a redirect home
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert client.get(url("recording", media.pk, "download"), follow=True).status_code == 404
    client.post(url("request_release", unit.pk), {"media": [media.pk], "purpose": "Хаттама ӘҚБ-1"})
    request = media.releases.get()
    login(staff.head).post(url("release_action", request.pk, "approve"), {"note": ""})
    login(staff.rp).post(url("release_action", request.pk, "release"))
    client = login(staff.inspector)
    assert url("recording", media.pk, "download") in client.get(url("releases")).content.decode()
    response = client.get(url("recording", media.pk, "download"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"evidence"
    assert "attachment" in response["Content-Disposition"]
    assert MediaAccess.objects.filter(user=staff.inspector, action="download").count() == 1


def test_with_the_proxy_the_storage_keeper_gets_an_accel_redirect(
    login, staff, unit, book, devices, settings
):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"evidence")
    media = entry.media.get()
    settings.PROTECTED_FILES_ACCEL_PREFIX = "/protected/"
    response = login(staff.rp).get(url("recording", media.pk, "view"))
    assert response.status_code == 200 and response.content == b""
    assert (
        response["X-Accel-Redirect"]
        == f"/protected/evidence/{blobs.path_for(media.sha256).relative_to(settings.RECORDER_STORAGE_ROOT)}"
    )
    assert MediaAccess.objects.filter(user=staff.rp, action="view").count() == 1


def test_another_unit_sees_nothing(login, staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"x")
    media = entry.media.get()
    client = login(staff.other_rp)
    assert client.get(url("recording", media.pk, "view"), follow=True).status_code == 404
    assert client.get(url("entry", entry.pk), follow=True).status_code == 404
    page = client.get(url("storage")).content.decode()
    assert media.original_name not in page and unit.name not in page
    extend = url("media_action", media.pk, "extend")
    assert client.post(extend, {"category": "inspection", "reference": "1"}, follow=True).status_code == 404
    assert MediaRecord.objects.get(pk=media.pk).state == "stored"
    assert not MediaAccess.objects.exists()


def test_an_inspector_opens_only_their_own_rows(login, staff, unit, book, devices):
    own = issue(staff, unit, devices.prepared())
    other = issue(staff, unit, devices.prepared(), staff.inspector2)
    client = login(staff.inspector)
    assert client.get(url("entry", own.pk)).status_code == 200
    assert client.get(url("entry", other.pk), follow=True).status_code == 404
    assert client.get(url("my_recorder")).status_code == 200
    response = client.post(url("entry_action", own.pk, "start_recording"))
    assert response.status_code == 302
    assert JournalEntry.objects.get(pk=own.pk).state == "recording"


def test_the_head_approves_a_disposal_on_screen(
    login, staff, unit, book, devices, clock, django_capture_on_commit_callbacks
):
    through_upload(staff, issue(staff, unit, devices.prepared()), b"old")
    clock.set(at(2026, 3, 20, 10, 0))
    services.expire_due_media()
    media = MediaRecord.objects.get()
    client = login(staff.rp)
    assert media.original_name in client.get(url("disposal")).content.decode()
    client.post(url("propose_disposal", unit.pk), {"media": [media.pk], "reason": "Мерзімі өтті"})
    act = DisposalAct.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(staff.head).post(url("disposal_action", act.pk, "approve"), {"note": "Келісілді"})
    assert MediaRecord.objects.get().state == "destroyed"


def test_the_menu_shows_the_section_to_unit_staff_only(login, staff, client):
    page = login(staff.rp).get(reverse("wagtailadmin_home")).content.decode()
    assert url("journal") in page
    staff.outsider.groups.add(*staff.rp.groups.all())  # the role's group alone, without a unit
    page = login(staff.outsider).get(reverse("wagtailadmin_home")).content.decode()
    assert url("journal") not in page


def test_the_heads_start_page_lists_what_awaits_a_decision(login, staff, unit, book, devices):
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"x")
    services.request_release(unit, [entry.media.get().pk], purpose="Хаттама", by=staff.inspector)
    page = login(staff.head).get(url("index")).content.decode()
    assert "Awaiting your decision" in page
    assert f'<a href="{url("releases")}">Release requests</a>: 1' in page
    assert "Awaiting your decision" not in login(staff.rp).get(url("index")).content.decode()


def test_the_office_registers_a_book_on_its_screen(login, staff, unit):
    book = services.create_book(unit, "7", by=staff.rp)
    client = login(staff.office)
    page = client.get(url("books")).content.decode()
    assert url("book_action", book.pk, "register") in page and url("journal_pdf", book.pk) not in page
    client.post(url("book_action", book.pk, "register"), {"page_count": 96, "registration_number": "К-44"})
    book.refresh_from_db()
    assert (book.state, book.page_count, book.registration_number) == ("registered", 96, "К-44")
    assert client.post(url("book_action", book.pk, "open")).status_code == 302
    assert JournalBook.objects.get(pk=book.pk).state == "registered"  # opening is the responsible person's
