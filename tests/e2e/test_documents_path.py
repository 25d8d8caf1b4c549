"""Issue 14's documents on the real path: a real server process (the demo of `make run`) refuses an .exe
renamed .pdf on the online form in Kazakh and stores nothing; a real PDF is filed, and a staff session of the
unit opens the scan inline in the admin (an anonymous one is sent to sign in)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date

from records.identifiers import make_iin
from tests.records.document_files import EXE, pdf_bytes

from .conftest import Portal, Site

FORM = "/kk/apply/?service=vet_certificate"
FIELDS = {
    "applicant_kind": "individual",
    "identifier": "880515300126",
    "name": "Омаров Ерлан",
    "subject": "animal",
    "description": "қой, 12 бас",
    "unit": "taraz-demo",
}


def _stored(portal: Portal) -> tuple[int, int, int]:
    """The rows of stored files and applications, and the files under the attachments' folder."""
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        files = db.execute("SELECT COUNT(*) FROM records_storedattachment").fetchone()[0]
        apps = db.execute("SELECT COUNT(*) FROM records_application").fetchone()[0]
    folder = portal.workdir / "media" / "records" / "attachments"
    on_disk = sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0
    return files, apps, on_disk


def _identifier(portal: Portal) -> str:
    """An IIN no demo applicant holds (the form would keep that applicant's kind and name)."""
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        taken = {row[0] for row in db.execute("SELECT identifier FROM records_applicant")}
    return next(
        iin
        for serial in range(700, 900)
        if (iin := make_iin(date(1990, 2, 3), female=False, serial=serial)) and iin not in taken
    )


def test_a_renamed_exe_is_refused_in_kazakh_and_staff_open_the_scan_inline(portal: Portal, site: Site):
    fields = {**FIELDS, "identifier": _identifier(portal)}
    page = site.get(FORM)
    assert page is not None and 'name="document_application"' in page.text
    before = _stored(portal)
    exe = {"document_application": ("өтініш.pdf", EXE, "application/pdf")}
    refused = site.post_form(FORM, page, fields, files=exe, status=400)
    site.assert_ok()
    assert "«өтініш.pdf» файлы PDF, JPEG немесе PNG файлы емес" in refused.text
    assert _stored(portal) == before  # no file, no row, no application

    scan = {"document_application": ("өтініш.pdf", pdf_bytes(2), "application/pdf")}
    filed = site.post_form(FORM, page, fields, files=scan, allow_redirects=False, status=302)
    site.assert_ok()
    assert "/apply/done/" in filed.headers["Location"]
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        (pk,) = db.execute(
            "SELECT a.id FROM records_application a JOIN records_applicant p ON p.id = a.applicant_id"
            " WHERE p.identifier = ?",
            (fields["identifier"],),
        ).fetchone()
    view = f"/admin/records/applications/{pk}/documents/0/view/"

    anonymous = site.get(view, allow_redirects=False, status=302)
    site.assert_ok()
    assert "/admin/login/" in anonymous.headers["Location"]

    login = site.get("/admin/login/")
    password = portal.logins.get("head")
    assert login is not None and password, portal.logins
    site.post_form("/admin/login/", login, {"username": "head", "password": password, "next": "/admin/"})
    record = site.get(f"/admin/records/applications/{pk}/")
    site.assert_ok()
    assert re.search(rf'<iframe class="records-scan-frame" src="{re.escape(view)}"', record.text)
    shown = site.get(view)
    site.assert_ok()
    assert shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("inline")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown.headers["Content-Security-Policy"]
    assert shown.content.startswith(b"%PDF")
