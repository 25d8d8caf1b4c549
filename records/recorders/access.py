"""Who reaches stored recordings (point 6: the responsible person and the head of the unit), the release of
copies to inspectors with the head's permission (point 13), and the log of every view, download and release.

A recording of another unit, or one an inspector was not given, does not exist for that user: the lookups
answer ``not_found``, never "forbidden", so that nobody learns what another unit stores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, BinaryIO, Literal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from catalogue.roles import STORAGE_ROLES, Role
from records.errors import GuardFailed, InvalidInput, NotFound

from . import blobs, conf, fsm
from .common import locked, now, require_member
from .storage import MediaAccess, MediaRecord, ReleaseItem, ReleaseRequest
from .units import TerritorialUnit, full_name, is_member, units_of

RP, HEAD, INSP = Role.RESPONSIBLE_PERSON, Role.HEAD, Role.INSPECTOR


def storage_units(user: Any) -> QuerySet[TerritorialUnit]:
    return units_of(user, *STORAGE_ROLES)


def visible_media(user: Any) -> QuerySet[MediaRecord]:
    """The stored recordings ``user`` may see: those of the units where they are the responsible person or
    the head."""
    return MediaRecord.objects.filter(unit__in=storage_units(user))


def released_media(user: Any) -> QuerySet[MediaRecord]:
    """The copies released to ``user`` as an inspector whose access has not ended."""
    return (
        MediaRecord.objects.live()
        .filter(
            releases__inspector_id=user.pk,
            releases__state=ReleaseRequest.State.RELEASED,
            releases__access_until__gt=now(),
        )
        .distinct()
    )


def own_recordings(user: Any) -> QuerySet[MediaRecord]:
    """An inspector's own recordings (name, time, size only), from which a release is requested."""
    return MediaRecord.objects.live().filter(inspector_id=user.pk, unit__in=units_of(user, INSP))


@dataclass(frozen=True)
class OpenedRecording:
    media: MediaRecord
    stream: BinaryIO
    access: MediaAccess


def open_recording(media_id: int, user: Any, action: Literal["view", "download"]) -> OpenedRecording:
    """The stored file for ``user`` to view or download, after the access check; the access is logged."""
    if action not in (MediaAccess.Action.VIEW, MediaAccess.Action.DOWNLOAD):
        raise InvalidInput(field_errors={"action": [_("Unknown action.")]})
    media = MediaRecord.objects.filter(pk=media_id).first()
    if media is None:
        raise _not_found()
    release = None
    if not is_member(user, media.unit_id, *STORAGE_ROLES):
        release = _release_for(media, user)
        if release is None:
            raise _not_found()
    if media.state == MediaRecord.State.DESTROYED:
        raise NotFound(_("The recording was disposed of; only its disposal record remains."))
    try:
        stream = blobs.open_blob(media.sha256)
    except FileNotFoundError:
        raise GuardFailed(_("The stored file is missing; report it (manage.py verify_media).")) from None
    with transaction.atomic():
        access = _log(media, user, action, release)
    return OpenedRecording(media=media, stream=stream, access=access)


def _release_for(media: MediaRecord, user: Any) -> ReleaseRequest | None:
    if not is_member(user, media.unit_id, INSP):
        return None
    return (
        ReleaseRequest.objects.filter(
            inspector_id=user.pk,
            unit_id=media.unit_id,
            state=ReleaseRequest.State.RELEASED,
            access_until__gt=now(),
            items__media=media,
        )
        .order_by("-released_at")
        .first()
    )


def _not_found() -> NotFound:
    return NotFound(_("No such recording."))


def _log(media: MediaRecord, user: Any, action: str, release: ReleaseRequest | None) -> MediaAccess:
    return MediaAccess.objects.create(
        media=media,
        unit_id=media.unit_id,
        user=user,
        user_name=full_name(user),
        action=action,
        at=now(),
        release=release,
    )


def access_log(user: Any, unit: TerritorialUnit) -> QuerySet[MediaAccess]:
    require_member(user, unit.pk, *STORAGE_ROLES)
    return MediaAccess.objects.filter(unit=unit).select_related("media")


# -- release to inspectors (point 13) ----------------------------------------------------------------------


def request_release(
    unit: TerritorialUnit, media_ids: Iterable[int], *, purpose: str, by: Any
) -> ReleaseRequest:
    """An inspector asks for copies of their own recordings, for a service purpose of point 3."""
    require_member(by, unit.pk, INSP, message=_("Only the unit's inspectors request copies of recordings."))
    purpose = (purpose or "").strip()
    ids = sorted(set(media_ids))
    errors = {}
    if not ids:
        errors["media"] = [_("Choose the recordings you need.")]
    if not purpose:
        errors["purpose"] = [_("State the service purpose (point 3): the evidence base of which control.")]
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        found = set(own_recordings(by).filter(unit=unit, pk__in=ids).values_list("pk", flat=True))
        if found != set(ids):
            raise NotFound(_("No such recording."))
        request = ReleaseRequest.objects.create(
            unit=unit, inspector=by, inspector_name=full_name(by), purpose=purpose, requested_at=now()
        )
        ReleaseItem.objects.bulk_create([ReleaseItem(request=request, media_id=pk) for pk in ids])
        fsm.log_created(request, "request_release", by, reason=purpose, data={"media": ids})
    return request


def approve_release(request: ReleaseRequest, *, by: Any, note: str = "") -> ReleaseRequest:
    return _decide(request, "approve", by, note)


def reject_release(request: ReleaseRequest, *, by: Any, note: str) -> ReleaseRequest:
    if not (note or "").strip():
        raise InvalidInput(field_errors={"note": [_("Say why the release is refused.")]})
    return _decide(request, "reject", by, note)


def _decide(request: ReleaseRequest, name: str, by: Any, note: str) -> ReleaseRequest:
    note = (note or "").strip()
    with transaction.atomic():
        request = locked(ReleaseRequest, request.pk)
        fsm.run(request, name, by, now=now(), user=by, name=full_name(by), note=note, reason=note)
    return request


def release(request: ReleaseRequest, *, by: Any) -> ReleaseRequest:
    """The responsible person hands the copies over (originals untouched); the inspector may download them
    for ``RECORDER_RELEASE_ACCESS_DAYS`` days.  Each released recording is logged."""
    with transaction.atomic():
        request = locked(ReleaseRequest, request.pk)
        fsm.check(request, "release", by)
        items = list(request.items.select_related("media"))
        gone = [item.media.original_name for item in items if item.media.state == MediaRecord.State.DESTROYED]
        if gone:
            raise GuardFailed(
                _("Some recordings were disposed of meanwhile: %(files)s."), params={"files": ", ".join(gone)}
            )
        at = now()
        until = at + timedelta(days=conf.release_access_days())
        fsm.run(request, "release", by, now=at, user=by, access_until=until, data={"access_until": until})
        for item in items:
            _log(item.media, by, MediaAccess.Action.RELEASE, request)
    return request


def release_requests(user: Any) -> QuerySet[ReleaseRequest]:
    """Requests the user deals with: all of their storage units', plus their own as an inspector."""
    return ReleaseRequest.objects.filter(Q(unit__in=storage_units(user)) | Q(inspector_id=user.pk)).distinct()


def can_manage_storage(user: Any, unit_id: int) -> bool:
    return is_member(user, unit_id, *STORAGE_ROLES)


def require_storage_access(user: Any, unit_id: int) -> None:
    require_member(user, unit_id, *STORAGE_ROLES)
