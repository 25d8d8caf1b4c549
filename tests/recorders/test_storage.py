"""The evidence storage: files stored once by SHA-256, retention (1 year, 5 years for an offence or an
inspection), expiry onto the disposal list, disposal with the head's approval, ``verify_media``, and who
may see, download and be given a recording."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from records.audit import timeline
from records.errors import ForbiddenTransition, GuardFailed, InvalidInput, NotFound, PermissionDenied
from records.recorders import blobs, services
from records.recorders.models import DisposalAct, MediaAccess, MediaRecord, ReleaseRequest

from .conftest import at, files, issue, through_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(staff, unit, book, devices, clock):
    """A row uploaded on Wednesday 12 March 2025 at 19:00, with two recordings."""
    entry = issue(staff, unit, devices.prepared())
    clock.set(at(2025, 3, 12, 19, 0))
    return through_upload(staff, entry, b"first recording", b"second recording")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- storing -----------------------------------------------------------------------------------------------


def test_upload_stores_each_file_once_under_its_sha256_with_its_metadata(uploaded, staff, storage):
    media = list(uploaded.media.order_by("original_name"))
    assert [(m.original_name, m.sha256, m.size) for m in media] == [
        ("REC_0001.MP4", sha(b"first recording"), 15),
        ("REC_0002.MP4", sha(b"second recording"), 16),
    ]
    first = media[0]
    assert (first.recorder_id, first.card_id, first.inspector_id) == (
        uploaded.recorder_id,
        uploaded.card_id,
        staff.inspector.pk,
    )
    assert (first.recorded_from, first.recorded_to) == (uploaded.recording_started_at, uploaded.returned_at)
    path = storage / first.sha256[:2] / first.sha256[2:4] / first.sha256
    assert path.read_bytes() == b"first recording"
    assert oct(path.stat().st_mode & 0o777) == "0o440"  # read-only
    upload_row = [row for row in timeline(uploaded) if row.transition == "upload"][0]
    assert {a["sha256"] for a in upload_row.attachments} == {m.sha256 for m in media}


def test_the_same_content_is_kept_once(staff, unit, book, devices, clock, storage):
    a = through_upload(staff, issue(staff, unit, devices.prepared()), b"same", b"same")
    assert a.media.count() == 1
    b = issue(staff, unit, devices.prepared(), staff.inspector2)
    services.start_recording(b, by=staff.inspector2)
    b = services.return_equipment(b, by=staff.rp, inspector_password="pw-insp2")
    services.upload_recordings(b, files(b"same"), by=staff.rp)
    assert MediaRecord.objects.filter(sha256=sha(b"same")).count() == 2  # two records ...
    stored = [p for p in storage.rglob("*") if p.is_file() and p.parent.name != "incoming"]
    assert len(stored) == 1  # ... one file


def test_large_files_are_streamed_in_chunks(staff, unit, book, devices):
    data = os.urandom(blobs.CHUNK * 2 + 12345)
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), data)
    assert entry.media.get().sha256 == sha(data)
    assert blobs.path_for(sha(data)).read_bytes() == data


def test_an_upload_needs_files_and_the_row_returned(staff, unit, book, devices):
    entry = issue(staff, unit, devices.prepared())
    with pytest.raises(ForbiddenTransition):
        services.upload_recordings(entry, files(b"x"), by=staff.rp)
    services.start_recording(entry, by=staff.inspector)
    entry = services.return_equipment(entry, by=staff.rp, inspector_password="pw-insp")
    with pytest.raises(InvalidInput):
        services.upload_recordings(entry, [], by=staff.rp)
    with pytest.raises(PermissionDenied):
        services.upload_recordings(entry, files(b"x"), by=staff.head)
    assert not MediaRecord.objects.exists()


def test_verification_catches_a_changed_file_and_keeps_the_card(uploaded, staff):
    media = uploaded.media.first()
    path = blobs.path_for(media.sha256)
    os.chmod(path, 0o640)
    path.write_bytes(b"tampered")
    with pytest.raises(GuardFailed, match="do not match"):
        services.verify_upload(uploaded, by=staff.rp)
    with pytest.raises(GuardFailed, match="only after the upload is verified"):
        services.clear_card(uploaded, by=staff.rp)


# -- verify_media ------------------------------------------------------------------------------------------


def run_verify_media() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_media", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_verify_media_passes_intact_files(uploaded):
    output, error = run_verify_media()
    assert error is None
    assert "2 stored recordings checked, all intact" in output


def test_verify_media_reports_a_changed_and_a_vanished_file_with_a_non_zero_exit(uploaded):
    changed, vanished = uploaded.media.order_by("original_name")
    path = blobs.path_for(changed.sha256)
    os.chmod(path, 0o640)
    path.write_bytes(b"first recordinG")
    blobs.path_for(vanished.sha256).unlink()
    output, error = run_verify_media()
    assert error is not None and error.returncode == 1
    assert f"Recording #{changed.pk} REC_0001.MP4 ({changed.sha256}): the stored file has changed." in output
    assert f"Recording #{vanished.pk} REC_0002.MP4 ({vanished.sha256}): the stored file is missing." in output
    assert "2 of 2 stored recordings failed" in str(error)


# -- retention and disposal --------------------------------------------------------------------------------


def test_retention_is_one_year_from_upload_and_five_when_linked(uploaded, staff, clock):
    media = uploaded.media.first()
    assert (media.uploaded_at, media.retain_until, media.keep_until) == (
        at(2025, 3, 12, 19, 0),
        date(2026, 3, 12),
        date(2026, 3, 12),
    )
    with pytest.raises(InvalidInput):
        services.extend_retention(media, category="administrative_offence", reference="", by=staff.rp)
    with pytest.raises(PermissionDenied):
        services.extend_retention(media, category="inspection", reference="А-1", by=staff.inspector)
    media = services.extend_retention(
        media, category="administrative_offence", reference="ӘҚБ-2025/117", by=staff.rp
    )
    assert (media.state, media.extended_until, media.keep_until) == (
        "retention_extended",
        date(2030, 3, 12),
        date(2030, 3, 12),
    )
    assert media.retain_until == date(2026, 3, 12)  # the 1-year date stays as written
    with pytest.raises(ForbiddenTransition):
        services.extend_retention(media, category="inspection", reference="А-2", by=staff.head)


def test_a_leap_day_upload_is_kept_until_the_28th_of_february(staff, unit, book, devices, clock):
    clock.set(at(2024, 2, 29, 9, 0))
    entry = through_upload(staff, issue(staff, unit, devices.prepared()), b"leap")
    media = entry.media.get()
    assert media.retain_until == date(2025, 2, 28)
    assert services.extend_retention(
        media, category="inspection", reference="Т-5", by=staff.head
    ).keep_until == date(2029, 2, 28)


def test_expiry_puts_records_on_the_disposal_list_the_day_after_the_last_day(uploaded, staff, unit, clock):
    kept, general = uploaded.media.order_by("original_name")
    services.extend_retention(kept, category="inspection", reference="Т-1", by=staff.rp)
    assert services.expire_due_media(at(2026, 3, 12, 23, 59)) == 0
    assert services.expire_due_media(at(2026, 3, 13, 0, 1)) == 1
    assert list(services.disposal_list(unit)) == [MediaRecord.objects.get(pk=general.pk)]
    assert MediaRecord.objects.get(pk=kept.pk).state == "retention_extended"
    assert services.expire_due_media(at(2030, 3, 13, 0, 1)) == 1
    assert [row.actor_name for row in timeline(general) if row.transition == "expire"] == ["system"]


def test_the_expire_command_runs_the_daily_job(uploaded, clock):
    clock.set(at(2026, 4, 1, 3, 0))
    out = io.StringIO()
    call_command("expire_media", stdout=out)
    assert "2 recordings put on the disposal list" in out.getvalue()
    assert set(MediaRecord.objects.values_list("state", flat=True)) == {"retention_expired"}


def test_disposal_needs_the_heads_approval_removes_files_and_keeps_the_record(
    uploaded, staff, unit, clock, django_capture_on_commit_callbacks
):
    clock.set(at(2026, 3, 20, 10, 0))
    services.expire_due_media()
    ids = list(services.disposal_list(unit).values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        services.propose_disposal(unit, ids, reason="Мерзімі өтті", by=staff.head)
    act = services.propose_disposal(unit, ids, reason="Сақтау мерзімі өтті (12-тармақ)", by=staff.rp)
    assert list(services.disposal_list(unit)) == []  # on an act awaiting decision
    with pytest.raises(PermissionDenied):
        services.approve_disposal(act, by=staff.rp)
    with pytest.raises(PermissionDenied):
        services.approve_disposal(act, by=staff.other_head)
    clock.set(at(2026, 3, 21, 11, 0))
    with django_capture_on_commit_callbacks(execute=True):
        act = services.approve_disposal(act, by=staff.head, note="Келісілді")
    assert (act.state, act.decided_by_name, act.decided_at, act.files_removed_at) == (
        "approved",
        "Қанат Өмірзақұлы Түгелбаев",
        clock.value,
        clock.value,
    )
    assert (act.reason, act.proposed_by_name) == (
        "Сақтау мерзімі өтті (12-тармақ)",
        "Гүлнар Сәрсенқызы Ахметова",
    )
    items = list(act.items.order_by("original_name"))
    assert [(i.original_name, i.sha256, i.inspector_name) for i in items] == [
        ("REC_0001.MP4", sha(b"first recording"), "Ерлан Серікұлы Жақсыбеков"),
        ("REC_0002.MP4", sha(b"second recording"), "Ерлан Серікұлы Жақсыбеков"),
    ]
    for media in MediaRecord.objects.filter(pk__in=ids):
        assert (media.state, media.disposal_id, media.destroyed_at) == ("destroyed", act.pk, clock.value)
        assert not blobs.path_for(media.sha256).exists()
    output, error = run_verify_media()  # disposed files are not reported as vanished
    assert error is None


def test_a_rejected_disposal_keeps_everything_and_the_list_returns(uploaded, staff, unit, clock):
    clock.set(at(2026, 3, 20, 10, 0))
    services.expire_due_media()
    ids = list(services.disposal_list(unit).values_list("pk", flat=True))
    act = services.propose_disposal(unit, ids, reason="Мерзімі өтті", by=staff.rp)
    with pytest.raises(InvalidInput):
        services.reject_disposal(act, by=staff.head, note="")
    media = MediaRecord.objects.get(pk=ids[0])
    with pytest.raises(GuardFailed, match="disposal act"):
        services.extend_retention(media, category="inspection", reference="Т-9", by=staff.rp)
    act = services.reject_disposal(act, by=staff.head, note="Тексеру жүріп жатыр")
    assert act.state == DisposalAct.State.REJECTED
    assert sorted(services.disposal_list(unit).values_list("pk", flat=True)) == sorted(ids)
    assert all(blobs.path_for(m.sha256).exists() for m in MediaRecord.objects.all())
    # Linked to a case after expiry (before disposal): kept for 5 years from the upload after all.
    media = services.extend_retention(media, category="inspection", reference="Т-9", by=staff.rp)
    assert media.keep_until == date(2030, 3, 12)


def test_only_expired_recordings_can_be_proposed(uploaded, staff, unit):
    with pytest.raises(GuardFailed, match="disposal list"):
        services.propose_disposal(unit, [uploaded.media.first().pk], reason="x", by=staff.rp)
    assert not DisposalAct.objects.exists()


# -- access ------------------------------------------------------------------------------------------------


def test_the_responsible_person_and_the_head_see_and_every_access_is_logged(uploaded, staff, unit):
    media = uploaded.media.order_by("original_name").first()
    assert set(services.visible_media(staff.rp)) == set(uploaded.media.all())
    assert set(services.visible_media(staff.head)) == set(uploaded.media.all())
    for user, action in ((staff.rp, "view"), (staff.head, "download")):
        opened = services.open_recording(media.pk, user, action)
        assert opened.stream.read() == b"first recording"
        opened.stream.close()
    log = list(MediaAccess.objects.order_by("pk").values_list("user_id", "action", "media_id"))
    assert log == [(staff.rp.pk, "view", media.pk), (staff.head.pk, "download", media.pk)]


@pytest.mark.parametrize("who", ["inspector", "other_rp", "other_head", "outsider", "admin", "office"])
def test_others_find_no_such_recording(uploaded, staff, who):
    user = getattr(staff, who)
    media = uploaded.media.first()
    assert not services.visible_media(user).exists()
    with pytest.raises(NotFound):
        services.open_recording(media.pk, user, "view")
    assert not MediaAccess.objects.exists()


def test_an_inspector_gets_a_copy_only_through_an_approved_release(uploaded, staff, unit, clock):
    media = uploaded.media.order_by("original_name").first()
    assert set(services.own_recordings(staff.inspector)) == set(uploaded.media.all())
    assert not services.own_recordings(staff.inspector2).exists()
    with pytest.raises(InvalidInput):
        services.request_release(unit, [media.pk], purpose="", by=staff.inspector)
    with pytest.raises(NotFound):  # another inspector's recording
        services.request_release(unit, [media.pk], purpose="Хаттама", by=staff.inspector2)
    request = services.request_release(
        unit, [media.pk], purpose="ӘҚБ-2025/117 хаттамасының дәлелдеу базасы", by=staff.inspector
    )
    with pytest.raises(NotFound):
        services.open_recording(media.pk, staff.inspector, "download")
    with pytest.raises(PermissionDenied):
        services.approve_release(request, by=staff.rp)
    with pytest.raises(ForbiddenTransition):
        services.release(request, by=staff.rp)
    request = services.approve_release(request, by=staff.head, note="Рұқсат етілді")
    with pytest.raises(NotFound):  # approved, not yet handed over
        services.open_recording(media.pk, staff.inspector, "download")
    with pytest.raises(PermissionDenied):
        services.release(request, by=staff.head)
    request = services.release(request, by=staff.rp)
    opened = services.open_recording(media.pk, staff.inspector, "download")
    assert opened.stream.read() == b"first recording"
    opened.stream.close()
    other = uploaded.media.exclude(pk=media.pk).get()
    with pytest.raises(NotFound):  # not in the request
        services.open_recording(other.pk, staff.inspector, "view")
    log = list(MediaAccess.objects.order_by("pk").values_list("user_id", "action", "release_id"))
    assert log == [(staff.rp.pk, "release", request.pk), (staff.inspector.pk, "download", request.pk)]
    clock.set(request.access_until)
    with pytest.raises(NotFound):  # the copy's access ended
        services.open_recording(media.pk, staff.inspector, "download")


def test_a_refused_release_gives_nothing(uploaded, staff, unit):
    media = uploaded.media.first()
    request = services.request_release(unit, [media.pk], purpose="Акт", by=staff.inspector)
    with pytest.raises(InvalidInput):
        services.reject_release(request, by=staff.head, note="")
    request = services.reject_release(request, by=staff.head, note="Мақсаты 3-тармаққа сәйкес емес")
    assert request.state == ReleaseRequest.State.REJECTED
    with pytest.raises(ForbiddenTransition):
        services.release(request, by=staff.rp)
    with pytest.raises(NotFound):
        services.open_recording(media.pk, staff.inspector, "view")


def test_a_disposed_recording_can_no_longer_be_opened(
    uploaded, staff, unit, clock, django_capture_on_commit_callbacks
):
    clock.set(at(2026, 3, 20, 10, 0))
    services.expire_due_media()
    ids = list(services.disposal_list(unit).values_list("pk", flat=True))
    act = services.propose_disposal(unit, ids, reason="Мерзімі өтті", by=staff.rp)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_disposal(act, by=staff.head)
    with pytest.raises(NotFound, match="disposed of"):
        services.open_recording(ids[0], staff.head, "view")
