"""Handing out stored files after a view has checked who asks.

Nothing under MEDIA_ROOT (issued PDFs, applicant scans) or RECORDER_STORAGE_ROOT (recordings) is served
directly.  A view checks the request and then calls ``serve``: in production the reverse proxy sends the
bytes (``X-Accel-Redirect`` to an ``internal`` location under ``PROTECTED_FILES_ACCEL_PREFIX``); without the
setting (the demo, the tests) Django streams them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# The proxy maps "<prefix>media/" to MEDIA_ROOT and "<prefix>evidence/" to RECORDER_STORAGE_ROOT.
MEDIA, EVIDENCE = "media", "evidence"


def accel_prefix() -> str:
    """The proxy's internal location for stored files; empty: Django streams them itself."""
    return getattr(settings, "PROTECTED_FILES_ACCEL_PREFIX", "") or ""


def serve(
    area: str,
    name: str,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
) -> HttpResponse:
    """The file ``name`` (relative to the area's root) for a request already checked by the caller."""
    path = _inside(_root(area), name)
    prefix = accel_prefix()
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(f"{prefix.rstrip('/')}/{area}/{name.lstrip('/')}")
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            path.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = "private, no-store"  # personal data: no shared cache keeps a copy
    return response


def _inside(root: Path, name: str) -> Path:
    # Names come from database rows, but a stored name must never lead out of its root.
    path = (root / name).resolve()
    if root.resolve() not in path.parents:
        raise ValueError(f"{name!r} is outside {root}")
    return path


def _root(area: str) -> Path:
    if area == MEDIA:
        return Path(settings.MEDIA_ROOT)
    if area == EVIDENCE:
        return Path(settings.RECORDER_STORAGE_ROOT)
    raise ValueError(f"unknown file area {area!r}")
