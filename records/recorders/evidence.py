"""Services for the evidence storage: upload (column 6), verification, wiping the card, retention, and
disposal with the head's approval (DOMAIN §1.8.3 transitions 9-11, §1.8.4).

Files are copied and hashed before the database transaction (a day's recordings take seconds to copy; the
journal row is not locked meanwhile); the rows are then written in one transaction.  A failed transaction
leaves at most content-named files that no row names; ``verify_media`` checks only the files rows name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalogue.roles import Role
from records.errors import GuardFailed, InvalidInput

from . import blobs, fsm
from .common import add_years, local_date, locked, now, require_member
from .equipment import Equipment
from .journal import JournalEntry
from .storage import DisposalAct, DisposalItem, MediaRecord
from .units import TerritorialUnit, full_name

RP, HEAD = Role.RESPONSIBLE_PERSON, Role.HEAD
GENERAL_YEARS, CASE_YEARS = 1, 5  # point 12


@dataclass(frozen=True)
class IncomingFile:
    """One file read from the memory card: its name there, a binary stream, and the time it covers
    (when the camera's metadata is not given, the row's issue-to-return span is stored)."""

    name: str
    stream: BinaryIO
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None


# -- upload ------------------------------------------------------------------------------------------------


def upload_recordings(entry: JournalEntry, files: Sequence[IncomingFile], *, by: Any) -> list[MediaRecord]:
    """Point 11: store the day's recordings (each file once, by its SHA-256) and fill column 6.  An upload
    after the working-day limit is still accepted; the row is then flagged ``uploaded_late``."""
    fsm.check(JournalEntry.objects.get(pk=entry.pk), "upload", by)  # before copying gigabytes for nothing
    if not files:
        raise InvalidInput(field_errors={"files": [_("Choose the recordings on the memory card.")]})
    _check_spans(entry, files)
    stored = [(incoming, blobs.store(incoming.stream)) for incoming in files]
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        at = now()
        keep = add_years(local_date(at), GENERAL_YEARS)
        records, seen = [], set()
        for incoming, blob in stored:
            if blob.sha256 in seen:  # the same content twice on one card is one recording
                continue
            seen.add(blob.sha256)
            records.append(_media(entry, incoming, blob, at, keep, by))
        MediaRecord.objects.bulk_create(records)
        fsm.run(
            entry,
            "upload",
            by,
            now=at,
            user=by,
            attachments=[{"name": m.original_name, "sha256": m.sha256} for m in records],
            data={
                "files": len(records),
                "bytes": sum(m.size for m in records),
                "late": at > entry.upload_due_at,
            },
        )
        card = locked(Equipment, entry.card_id)
        card.data_state = Equipment.Data.UPLOADED
        card.save(update_fields=["data_state"])
    return records


def _check_spans(entry: JournalEntry, files: Sequence[IncomingFile]) -> None:
    for incoming in files:
        if not (incoming.name or "").strip():
            raise InvalidInput(field_errors={"files": [_("Every file needs its name.")]})
        start, end = incoming.recorded_from, incoming.recorded_to
        if start and end and start > end:
            raise InvalidInput(
                field_errors={"files": [_("%(name)s ends before it starts.") % {"name": incoming.name}]}
            )


def _media(entry, incoming: IncomingFile, blob: blobs.StoredBlob, at, keep: date, by) -> MediaRecord:
    return MediaRecord(
        unit_id=entry.unit_id,
        entry=entry,
        recorder_id=entry.recorder_id,
        card_id=entry.card_id,
        inspector_id=entry.inspector_id,
        inspector_name=entry.inspector_name,
        original_name=incoming.name.strip()[:255],
        sha256=blob.sha256,
        size=blob.size,
        recorded_from=incoming.recorded_from or entry.recording_started_at or entry.issued_at,
        recorded_to=incoming.recorded_to or entry.returned_at or at,
        uploaded_at=at,
        uploaded_by=by,
        retain_until=keep,
    )


@dataclass(frozen=True)
class MediaProblem:
    media_id: int
    name: str
    sha256: str
    kind: str  # "changed" or "missing"


def check_files(records: Iterable[MediaRecord]) -> list[MediaProblem]:
    """Re-hash each record's stored file: the ones whose content changed or that are gone."""
    problems = []
    for media in records:
        actual = blobs.rehash(media.sha256)
        if actual != media.sha256:
            kind = "missing" if actual is None else "changed"
            problems.append(MediaProblem(media.pk, media.original_name, media.sha256, kind))
    return problems


def verify_upload(entry: JournalEntry, *, by: Any) -> JournalEntry:
    """Re-read every stored file of the row and compare it with the SHA-256 taken while copying; only a
    verified upload lets the card be wiped (points 5, 18)."""
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.check(entry, "verify_upload", by)
        records = list(entry.media.all())
        if not records:
            raise GuardFailed(_("No recording of this row is stored."))
        problems = check_files(records)
        if problems:
            raise GuardFailed(
                _("Stored files do not match what was uploaded: %(files)s. Do not wipe the card."),
                params={"files": ", ".join(p.name for p in problems)},
            )
        fsm.run(entry, "verify_upload", by, now=now(), data={"files": len(records)})
    return entry


def clear_card(entry: JournalEntry, *, by: Any) -> JournalEntry:
    with transaction.atomic():
        entry = locked(JournalEntry, entry.pk)
        fsm.run(entry, "clear_card", by, now=now())
        card = locked(Equipment, entry.card_id)
        card.data_state = Equipment.Data.EMPTY
        card.save(update_fields=["data_state"])
    return entry


# -- retention ---------------------------------------------------------------------------------------------


def extend_retention(media: MediaRecord, *, category: str, reference: str, by: Any) -> MediaRecord:
    """Point 12: a recording linked to an administrative offence or an inspection is kept 5 years from its
    upload.  Linking is possible until the file is disposed of, and never undone."""
    reference = (reference or "").strip()
    errors = {}
    if category not in (MediaRecord.Category.OFFENCE, MediaRecord.Category.INSPECTION):
        errors["category"] = [_("Choose an administrative offence or an inspection.")]
    if not reference:
        errors["reference"] = [_("Enter the number of the protocol or of the inspection act.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        media = locked(MediaRecord, media.pk)
        until = add_years(local_date(media.uploaded_at), CASE_YEARS)
        fsm.run(
            media,
            "extend_retention",
            by,
            category=category,
            reference=reference,
            until=until,
            now=now(),
            user=by,
            data={"category": category, "reference": reference, "until": until},
        )
    return media


def is_due_for_disposal(media: MediaRecord, on: date) -> bool:
    """The retention has run out: the day after the last day of keeping."""
    return on > media.keep_until


def expire_due_media(at: datetime | None = None) -> int:
    """The scheduled job (``manage.py expire_media``): put every recording whose retention ran out on the
    disposal list.  Returns how many."""
    at = at or now()
    today = local_date(at)
    due = MediaRecord.objects.with_keep_until().filter(
        state__in=(MediaRecord.State.STORED, MediaRecord.State.EXTENDED), keep_until__lt=today
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            media = locked(MediaRecord, pk)
            fsm.run(media, "expire", fsm.SYSTEM, now=at, data={"keep_until": media.keep_until})
        count += 1
    return count


def disposal_list(unit: TerritorialUnit):
    """Expired recordings of the unit not yet on a disposal act awaiting decision."""
    pending = DisposalItem.objects.filter(act__state=DisposalAct.State.PROPOSED).values("media_id")
    return (
        MediaRecord.objects.filter(unit=unit, state=MediaRecord.State.EXPIRED)
        .exclude(pk__in=pending)
        .order_by("retain_until", "pk")
    )


def propose_disposal(unit: TerritorialUnit, media_ids: Iterable[int], *, reason: str, by: Any) -> DisposalAct:
    """The responsible person lists expired recordings for disposal; the head decides."""
    require_member(by, unit.pk, RP, message=_("The responsible person proposes disposals."))
    reason = (reason or "").strip()
    ids = sorted(set(media_ids))
    errors = {}
    if not ids:
        errors["media"] = [_("Choose the recordings to dispose of.")]
    if not reason:
        errors["reason"] = [_("Give the reason.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        allowed = set(disposal_list(unit).filter(pk__in=ids).values_list("pk", flat=True))
        if allowed != set(ids):
            raise GuardFailed(_("Only recordings on the unit's disposal list can be disposed of."))
        at = now()
        act = DisposalAct.objects.create(
            unit=unit, reason=reason, proposed_at=at, proposed_by=by, proposed_by_name=full_name(by)
        )
        for media in MediaRecord.objects.filter(pk__in=ids).order_by("pk"):
            DisposalItem.objects.create(
                act=act,
                media=media,
                original_name=media.original_name,
                sha256=media.sha256,
                size=media.size,
                inspector_name=media.inspector_name,
                recorded_from=media.recorded_from,
                recorded_to=media.recorded_to,
                uploaded_at=media.uploaded_at,
                keep_until=media.keep_until,
            )
        fsm.log_created(act, "propose_disposal", by, reason=reason, data={"media": ids})
    return act


def approve_disposal(act: DisposalAct, *, by: Any, note: str = "") -> DisposalAct:
    """The head approves: each recording becomes ``destroyed`` and its file is removed (unless the same
    content is still kept for another record); the act keeps what, when, who and why."""
    with transaction.atomic():
        act = locked(DisposalAct, act.pk)
        at = now()
        fsm.run(
            act, "approve", by, now=at, user=by, name=full_name(by), note=(note or "").strip(), reason=note
        )
        digests = set()
        for item in act.items.select_related("media").order_by("pk"):
            media = locked(MediaRecord, item.media_id)
            fsm.run(media, "destroy", by, act=act, now=at, data={"act": act.pk, "sha256": media.sha256})
            digests.add(media.sha256)
        still_kept = set(
            MediaRecord.objects.live().filter(sha256__in=digests).values_list("sha256", flat=True)
        )
        removable = sorted(digests - still_kept)
        act.files_removed_at = at
        act.save(update_fields=["files_removed_at"])
        # The files go only once the rows are committed: a rolled-back approval must not lose evidence.
        transaction.on_commit(lambda: [blobs.remove(digest) for digest in removable])
    return act


def reject_disposal(act: DisposalAct, *, by: Any, note: str) -> DisposalAct:
    note = (note or "").strip()
    if not note:
        raise InvalidInput(field_errors={"note": [_("Say why the disposal is refused.")]})
    with transaction.atomic():
        act = locked(DisposalAct, act.pk)
        fsm.run(act, "reject", by, now=now(), user=by, name=full_name(by), note=note, reason=note)
    return act
