"""Uploaded documents (applicant scans, transition attachments): the records store only the reference
``{"name", "sha256"}`` (records.inputs checks it); the bytes are kept once per content in the default
storage under a random folder that ``StoredAttachment`` remembers, so neither the SHA-256 (shown to staff,
sent by API clients) nor the file name leads to them.  Only ``serve_attachment`` hands them out."""

from __future__ import annotations

import hashlib
import mimetypes
import secrets

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from portal import protected_files


class StoredAttachment(models.Model):
    """Where the bytes with one SHA-256 are kept (written once, by ``store_attachment``)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("name in storage"), max_length=255, unique=True)
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        app_label = "records"
        verbose_name = _("stored attachment")
        verbose_name_plural = _("stored attachments")

    def __str__(self) -> str:
        return self.sha256


def store_attachment(upload: File) -> dict[str, str]:
    """Store an upload (once per content) and return its reference.  A file stored for a request that then
    fails stays, under a random name, harmless: no record names it and nothing serves it directly."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    name = (upload.name or "document").rsplit("/", 1)[-1][:200] or "document"
    if not StoredAttachment.objects.filter(sha256=sha256).exists():
        upload.seek(0)
        _save(sha256, upload, get_valid_filename(name) or "document")
    return {"name": name, "sha256": sha256}


def _save(sha256: str, upload: File, filename: str) -> None:
    path = default_storage.save(f"records/attachments/{secrets.token_urlsafe(24)}/{filename[:100]}", upload)
    try:
        with transaction.atomic():
            StoredAttachment.objects.create(sha256=sha256, name=path)
    except IntegrityError:  # the same content stored by a parallel request: keep its copy
        default_storage.delete(path)


def serve_attachment(reference: dict[str, str]) -> HttpResponse | None:
    """The file of a reference ``{"name", "sha256"}`` for a view that checked who asks; None: not stored."""
    stored = StoredAttachment.objects.filter(sha256=reference.get("sha256", "")).first()
    if stored is None or not default_storage.exists(stored.name):
        return None
    filename = reference.get("name") or "document"
    return protected_files.serve(
        protected_files.MEDIA,
        stored.name,
        filename=filename,
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
    )
