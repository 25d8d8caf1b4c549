"""Real files of each kind for the upload checks (records.documents): made here, so no binary is committed."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

# The start of a Windows executable ("MZ" header, then the PE offset): what filetype calls an .exe.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"\x80\x00\x00\x00"
EXE += b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# What the fake clamd of the tests reports as a virus (a real clamd reports EICAR's test file).
VIRUS_MARKER = "EICARTESTMARKER"  # no hyphen: a PDF string escapes it


def pdf_bytes(pages: int = 1, *, password: str = "", title: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, kind)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """A file as a browser sends it: the declared type is whatever the name suggests, never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def scan_pdf(name: str = "өтініш.pdf", pages: int = 1) -> SimpleUploadedFile:
    return upload(name, pdf_bytes(pages))
