"""Issue 14's documents on the real path: a real server process (the demo of `make run`) refuses an .exe
renamed .pdf on the online form in Kazakh and stores nothing; a real PDF is filed, and a staff session of the
unit opens the scan inline in the admin (an anonymous one is sent to sign in)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date

from records.eds.testpki import read_pki
from records.identifiers import make_iin
from tests.records.document_files import EXE, pdf_bytes

from .conftest import Portal, Site
from .signin import login_page, post_login

FORM = "/kk/apply/?service=vet_certificate"
# Issue 14: the applicant signs in with an EDS certificate, and the identity is the certificate's.
FIELDS = {
    "filing_for": "self",
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
    """An IIN no demo applicant holds (so the application filed is found by it)."""
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        taken = {row[0] for row in db.execute("SELECT identifier FROM records_applicant")}
    return next(
        iin
        for serial in range(700, 900)
        if (iin := make_iin(date(1990, 2, 3), female=False, serial=serial)) and iin not in taken
    )


def _sign_in(portal: Portal, site: Site, iin: str) -> None:
    """Sign in with a certificate of ``iin`` issued now by the demo authority the server trusts."""
    pki = read_pki(portal.workdir / "demo_pki")
    assert pki is not None, "seed_demo wrote no demo PKI"
    holder = pki.issue(iin, "Омаров Ерлан")
    page, challenge = login_page(site)
    post_login(site, page, {"challenge": challenge, "signature": holder.sign_cms(challenge.encode())})
    site.assert_ok()


def test_a_renamed_exe_is_refused_in_kazakh_and_staff_open_the_scan_inline(portal: Portal, site: Site):
    iin = _identifier(portal)
    _sign_in(portal, site, iin)
    page = site.get(FORM)
    assert page is not None and 'name="document_application"' in page.text
    before = _stored(portal)
    exe = {"document_application": ("өтініш.pdf", EXE, "application/pdf")}
    refused = site.post_form(FORM, page, FIELDS, files=exe, status=400)
    site.assert_ok()
    assert "«өтініш.pdf» файлы PDF, JPEG немесе PNG файлы емес" in refused.text
    assert _stored(portal) == before  # no file, no row, no application

    scan = {"document_application": ("өтініш.pdf", pdf_bytes(2), "application/pdf")}
    filed = site.post_form(FORM, page, FIELDS, files=scan, allow_redirects=False, status=302)
    site.assert_ok()
    assert "/apply/done/" in filed.headers["Location"]
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        (pk,) = db.execute(
            "SELECT a.id FROM records_application a JOIN records_applicant p ON p.id = a.applicant_id"
            " WHERE p.identifier = ?",
            (iin,),
        ).fetchone()
    view = f"/admin/records/applications/{pk}/documents/0/view/"
    site.session.cookies.clear()  # the applicant signs out: what follows is anonymous, then staff

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
