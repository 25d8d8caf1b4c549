"""Uploaded documents: kept in the default storage under their SHA-256; the records store only the
reference ``{"name", "sha256"}`` (records.inputs checks it)."""

from __future__ import annotations

import hashlib

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename


def store_attachment(upload: File) -> dict[str, str]:
    """Store an upload (once per content) and return its reference.  A file stored for a request that then
    fails stays, named by its hash, harmless: no record names it."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    name = (upload.name or "document").rsplit("/", 1)[-1][:200] or "document"
    path = f"records/attachments/{sha256[:2]}/{sha256}/{get_valid_filename(name) or 'document'}"
    if not default_storage.exists(path):
        upload.seek(0)
        default_storage.save(path, upload)
    return {"name": name, "sha256": sha256}
