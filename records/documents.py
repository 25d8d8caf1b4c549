"""Checking an uploaded document before it is stored (issue 14): its type by its content, never by its name or
the type the browser declares (PDF, JPEG, PNG only), its size, a PDF's pages, an image's pixels (a
decompression bomb is refused from its header, before it is decoded), and, where ``RECORDS_VIRUS_SCANNER``
names a scanner, a virus scan (``ClamdScanner``: ClamAV's daemon).  With a scanner configured, a document
that could not be scanned is refused, never accepted unscanned.

Settings: ``RECORDS_UPLOAD_MAX_BYTES`` (10 MB), ``RECORDS_UPLOAD_MAX_PAGES`` (50),
``RECORDS_UPLOAD_MAX_PIXELS`` (50 million), ``RECORDS_VIRUS_SCANNER`` (dotted path of a scanner class; none),
``RECORDS_CLAMD_ADDRESS`` (a unix socket path or ``tcp://host:port``), ``RECORDS_CLAMD_TIMEOUT`` (seconds).
"""

from __future__ import annotations

import socket
import struct
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from catalogue.documents import required_documents

from .errors import InvalidInput

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
ACCEPTED = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
_HEAD = 8192  # enough for filetype's signatures


@dataclass(frozen=True)
class DocumentInfo:
    """What the checks found: the type detected from the content, the size, a PDF's page count."""

    name: str
    content_type: str
    size: int
    pages: int | None = None

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF


class ScannerUnavailable(Exception):
    """The scanner could not give an answer (not running, timed out, answered an error)."""


class VirusScanner(Protocol):
    def scan(self, chunks: Iterable[bytes]) -> str | None:
        """None if clean, else the name of what was found; ``ScannerUnavailable`` without an answer."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "RECORDS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def max_pages() -> int:
    return int(getattr(settings, "RECORDS_UPLOAD_MAX_PAGES", 50))


def max_pixels() -> int:
    return int(getattr(settings, "RECORDS_UPLOAD_MAX_PIXELS", 50_000_000))


def check_upload(upload: File) -> DocumentInfo:
    """The checked document's ``DocumentInfo``; ``ValidationError`` naming the file when it is refused.
    Also kept on the upload (``upload.document_info``) so that storing it does not check it again."""
    name = (upload.name or "document").rsplit("/", 1)[-1]
    params = {"name": name}
    size = upload.size or 0
    if size > max_upload_bytes():
        raise ValidationError(
            _("«%(name)s» is larger than %(size)s MB."),
            code="too_large",
            params={**params, "size": max_upload_bytes() // (1024 * 1024)},
        )
    if size == 0:
        raise ValidationError(_("«%(name)s» is empty."), code="empty", params=params)
    content_type = _detected_type(upload)
    if content_type not in ACCEPTED:
        raise ValidationError(
            _("«%(name)s» is not a PDF, JPEG or PNG file: only these are accepted."),
            code="file_type",
            params=params,
        )
    pages = _pdf_pages(upload, name) if content_type == PDF else None
    if content_type != PDF:
        _check_image(upload, name)
    _scan(upload, name)
    upload.seek(0)
    info = DocumentInfo(name=name, content_type=content_type, size=size, pages=pages)
    upload.document_info = info
    return info


def _detected_type(upload: File) -> str:
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind is not None else ""


def _pdf_pages(upload: File, name: str) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("«%(name)s» is an encrypted PDF: send it without a password."),
                    code="pdf_encrypted",
                    params={"name": name},
                )
            pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise ValidationError(
            _("«%(name)s» is a damaged PDF that cannot be read."), code="pdf_broken", params={"name": name}
        ) from e
    if pages < 1:
        raise ValidationError(
            _("«%(name)s» is a damaged PDF that cannot be read."), code="pdf_broken", params={"name": name}
        )
    if pages > max_pages():
        raise ValidationError(
            _("«%(name)s» has %(pages)s pages; at most %(limit)s are accepted."),
            code="too_many_pages",
            params={"name": name, "pages": pages, "limit": max_pages()},
        )
    return pages


def _check_image(upload: File, name: str) -> None:
    """Only the header is read: a bomb (a small file of billions of pixels) is refused before decoding."""
    from PIL import Image

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width, height = max_pixels() + 1, 1
    except Exception as error:  # Pillow raises many kinds on a damaged image
        raise ValidationError(
            _("«%(name)s» is a damaged image that cannot be read."),
            code="image_broken",
            params={"name": name},
        ) from error
    if width * height > max_pixels():
        raise ValidationError(
            _("«%(name)s» is too large an image: at most %(limit)s million pixels are accepted."),
            code="too_many_pixels",
            params={"name": name, "limit": max_pixels() // 1_000_000},
        )


# -- the virus scan ----------------------------------------------------------------------------------------


def virus_scanner() -> VirusScanner | None:
    """The scanner ``RECORDS_VIRUS_SCANNER`` names (a dotted path to a class), or None."""
    path = getattr(settings, "RECORDS_VIRUS_SCANNER", None)
    return import_string(path)() if path else None


def _scan(upload: File, name: str) -> None:
    scanner = virus_scanner()
    if scanner is None:
        return
    upload.seek(0)
    try:
        found = scanner.scan(upload.chunks())
    except ScannerUnavailable as error:
        raise ValidationError(
            _("«%(name)s» could not be scanned for viruses; try again later."),
            code="scan_unavailable",
            params={"name": name},
        ) from error
    if found:
        raise ValidationError(
            _("«%(name)s» was refused: the virus scan found a threat in it."),
            code="virus_found",
            params={"name": name},
        )


class ClamdScanner:
    """ClamAV's daemon over its INSTREAM command: the bytes go in chunks, each prefixed with its length
    (4 bytes, big-endian), then a zero length; the answer is ``stream: OK`` or ``stream: <name> FOUND``."""

    CHUNK = 64 * 1024

    def __init__(self, address: str | None = None, timeout: float | None = None) -> None:
        self.address = address or getattr(settings, "RECORDS_CLAMD_ADDRESS", "/var/run/clamav/clamd.ctl")
        self.timeout = float(timeout or getattr(settings, "RECORDS_CLAMD_TIMEOUT", 30))

    def scan(self, chunks: Iterable[bytes]) -> str | None:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    for start in range(0, len(chunk), self.CHUNK):
                        part = chunk[start : start + self.CHUNK]
                        conn.sendall(struct.pack("!L", len(part)) + part)
                conn.sendall(struct.pack("!L", 0))
                answer = self._answer(conn)
        except OSError as error:
            raise ScannerUnavailable(str(error)) from error
        return self._verdict(answer)

    def _connect(self) -> socket.socket:
        if self.address.startswith("tcp://"):
            host, _sep, port = self.address[len("tcp://") :].rpartition(":")
            return socket.create_connection((host, int(port)), timeout=self.timeout)
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(self.timeout)
        try:
            conn.connect(self.address)
        except OSError:
            conn.close()
            raise
        return conn

    @staticmethod
    def _answer(conn: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            part = conn.recv(4096)
            if not part:
                break
            data += part
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    @staticmethod
    def _verdict(answer: str) -> str | None:
        if answer.endswith(" OK") or answer == "OK":
            return None
        if answer.endswith(" FOUND"):
            return answer.split(":", 1)[-1].strip()[: -len(" FOUND")].strip() or "unknown"
        raise ScannerUnavailable(answer or "no answer")


# -- the documents a filing must come with -------------------------------------------------------------------


def missing_documents(service_code: str, kind: str, documents: Iterable[Mapping[str, str]]) -> list[str]:
    """The labels of the required documents (catalogue.documents) that no file of ``documents`` is."""
    given = {doc.get("document") for doc in documents}
    return [str(doc.label) for doc in required_documents(service_code, kind) if doc.code not in given]


def check_required_documents(service_code: str, kind: str, documents: Iterable[Mapping[str, str]]) -> None:
    """``InvalidInput`` on ``documents`` naming each required document not attached, and each file marked
    as a document the service does not list."""
    documents = list(documents)
    known = {doc.code for doc in required_documents(service_code, kind)}
    unknown = sorted(
        {str(d["document"]) for d in documents if d.get("document") and d["document"] not in known}
    )
    if unknown:
        raise InvalidInput(
            field_errors={
                "documents": [
                    _("This service does not list the document «%(code)s».") % {"code": ", ".join(unknown)}
                ]
            }
        )
    missing = missing_documents(service_code, kind, documents)
    if missing:
        message = _("Attach the documents the service requires: %(missing)s.") % {
            "missing": "; ".join(f"«{label}»" for label in missing)
        }
        raise InvalidInput(message, field_errors={"documents": [message]})
