"""Content-addressed, write-once files of the digital storage device (point 6: stored data are not changed).

A file is stored once under its SHA-256 (``ab/cd/abcd…``): copied in large chunks and hashed while copying,
in one pass, into a temporary file that is synced and then renamed into place (a crash leaves no partial
file under a content name).  Stored files are made read-only.  The same content uploaded twice is kept once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import conf

CHUNK = 8 * 1024 * 1024
_READ_ONLY = 0o440


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False: the content was already stored


def path_for(sha256: str) -> Path:
    return conf.storage_root() / sha256[:2] / sha256[2:4] / sha256


def store(stream: BinaryIO) -> StoredBlob:
    """Copy ``stream`` into the storage, hashing while copying; returns its SHA-256 and size."""
    root = conf.storage_root()
    incoming = root / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=incoming, prefix="upload-")
    try:
        digest, size = _copy(stream, fd)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp_name)
        raise
    os.close(fd)
    final = path_for(digest)
    if final.exists():
        os.unlink(tmp_name)
        return StoredBlob(digest, size, created=False)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp_name, _READ_ONLY)
    os.replace(tmp_name, final)
    return StoredBlob(digest, size, created=True)


def _copy(stream: BinaryIO, fd: int) -> tuple[str, int]:
    hasher = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    readinto = getattr(stream, "readinto", None)
    while True:
        if readinto is not None:
            n = readinto(buffer)
            if not n:
                break
            chunk = view[:n]
        else:
            data = stream.read(CHUNK)
            if not data:
                break
            chunk = memoryview(data)
            n = len(data)
        hasher.update(chunk)
        _write_all(fd, chunk)
        size += n
    return hasher.hexdigest(), size


def _write_all(fd: int, chunk: memoryview) -> None:
    while chunk:
        written = os.write(fd, chunk)
        chunk = chunk[written:]


def rehash(sha256: str) -> str | None:
    """The SHA-256 of the stored file now, or None when it is gone."""
    path = path_for(sha256)
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def remove(sha256: str) -> bool:
    """Remove a stored file (disposal); True when it existed."""
    path = path_for(sha256)
    try:
        os.chmod(path, 0o640)
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def open_blob(sha256: str) -> BinaryIO:
    return open(path_for(sha256), "rb")
