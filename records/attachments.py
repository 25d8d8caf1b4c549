"""Uploaded documents (applicant scans, transition attachments): the records store only the reference
``{"name", "sha256"}`` (records.inputs checks it); the bytes are kept once per content in the default
storage under a random folder that ``StoredAttachment`` remembers, so neither the SHA-256 (shown to staff,
sent by API clients) nor the file name leads to them.  Only ``serve_attachment`` hands them out."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from portal import protected_files

from .documents import ACCEPTED, DocumentInfo, check_upload


class StoredAttachment(models.Model):
    """Where the bytes with one SHA-256 are kept (written once, by ``store_attachment``)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("name in storage"), max_length=255, unique=True)
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)
    # Found by records.documents.check_upload from the content (never the name); "" for files stored before.
    content_type = models.CharField(_("content type"), max_length=100, blank=True, default="")
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        app_label = "records"
        verbose_name = _("stored attachment")
        verbose_name_plural = _("stored attachments")

    def __str__(self) -> str:
        return self.sha256


def store_attachment(upload: File) -> dict[str, str]:
    """Store an upload (once per content) and return its reference.  A file stored for a request that then
    fails stays, under a random name, harmless: no record names it and nothing serves it directly.
    The upload is checked first (records.documents.check_upload, unless a form already did): a refused one
    raises ``ValidationError`` and nothing is stored."""
    info = getattr(upload, "document_info", None) or check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    name = (upload.name or "document").rsplit("/", 1)[-1][:200] or "document"
    if not StoredAttachment.objects.filter(sha256=sha256).exists():
        upload.seek(0)
        _save(sha256, upload, get_valid_filename(name) or "document", info)
    return {"name": name, "sha256": sha256}


def _save(sha256: str, upload: File, filename: str, info: DocumentInfo) -> None:
    path = default_storage.save(f"records/attachments/{secrets.token_urlsafe(24)}/{filename[:100]}", upload)
    try:
        with transaction.atomic():
            StoredAttachment.objects.create(
                sha256=sha256, name=path, content_type=info.content_type, size=info.size, pages=info.pages
            )
    except IntegrityError:  # the same content stored by a parallel request: keep its copy
        default_storage.delete(path)


def stored_attachment(reference: Mapping[str, str]) -> StoredAttachment | None:
    """The stored file of a reference ``{"name", "sha256"}``, if its bytes are kept."""
    stored = StoredAttachment.objects.filter(sha256=reference.get("sha256", "")).first()
    if stored is None or not default_storage.exists(stored.name):
        return None
    return stored


def serve_attachment(reference: Mapping[str, str], *, inline: bool = False) -> HttpResponse | None:
    """The file of a reference ``{"name", "sha256"}`` for a view that checked who asks; None: not stored.
    Its type is the one detected from the content when stored; ``inline`` (for a browser to show it) only
    for an accepted type (PDF, JPEG, PNG), and then in a sandbox: it can run nothing in the portal's origin.
    A file of no accepted type (stored before the checks) is only downloaded, as bytes."""
    stored = stored_attachment(reference)
    if stored is None:
        return None
    content_type = stored.content_type if stored.content_type in ACCEPTED else "application/octet-stream"
    inline = inline and content_type in ACCEPTED
    response = protected_files.serve(
        protected_files.MEDIA,
        stored.name,
        filename=reference.get("name") or "document",
        content_type=content_type,
        as_attachment=not inline,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # the record page frames it
        response["Content-Security-Policy"] = _SANDBOX
    return response


# The served document runs nothing (``sandbox``: no scripts, a unique origin) and loads nothing; only the
# record page of the same origin may frame it.  Chromium drops a PDF's CSP for its own viewer (which runs
# isolated), Firefox's viewer honours it.
_SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
