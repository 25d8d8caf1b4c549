"""The blob of a Plone File or Image: base64 in the item, a `blob_path` into a copied blob storage, or
only a download URL (the old site is gone: that blob is reported missing)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path


class MissingBlob(ValueError):
    """The item's file cannot be had: the import reports it and exits 1."""


@dataclass(frozen=True)
class Blob:
    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_blob(value: dict | None, blob_dir: Path | None, fallback_name: str) -> Blob:
    if not value:
        raise MissingBlob("the item has no file")
    filename = str(value.get("filename") or fallback_name)
    content_type = str(value.get("content-type") or "application/octet-stream")
    if value.get("data") is not None:
        if str(value.get("encoding") or "base64") != "base64":
            raise MissingBlob(f"unknown encoding {value.get('encoding')!r}")
        try:
            data = base64.b64decode(str(value["data"]), validate=False)
        except (binascii.Error, ValueError) as exc:
            raise MissingBlob(f"invalid base64 ({exc})") from exc
        return Blob(filename, content_type, data)
    if value.get("blob_path"):
        return Blob(filename, content_type, _from_blob_storage(str(value["blob_path"]), blob_dir))
    if value.get("download"):
        raise MissingBlob(f"only a download URL was exported: {value['download']}")
    raise MissingBlob("the file has neither data, blob_path nor download")


def _from_blob_storage(blob_path: str, blob_dir: Path | None) -> bytes:
    if blob_dir is None:
        raise MissingBlob(f"blob_path {blob_path} but no blob storage directory (--blobs)")
    root = blob_dir.resolve()
    file = (root / blob_path.lstrip("/")).resolve()
    # A blob_path comes from the export: it must not climb out of the blob storage.
    if not file.is_relative_to(root) or not file.is_file():
        raise MissingBlob(f"blob_path {blob_path} is not in {blob_dir}")
    return file.read_bytes()
