"""Issue 14 on the real path: a separate server process (the demo of `make run`, tests/e2e/conftest.py), an
HTTP client that reads the sign-in challenge, signs it with a certificate the test issues under the demo
certification authority (seed_demo's var/demo_pki), signs in and files an application; an anonymous filing
creates nothing."""

from __future__ import annotations

import io
import re
import sqlite3

import pytest
from pypdf import PdfWriter

from records.eds.testpki import ECDSA, read_pki
from records.identifiers import make_iin

from .signin import CSRF, login_page, post_login

pytestmark = pytest.mark.e2e
UNIT = re.compile(r'<select name="unit"[^>]*>\s*<option value="([^"]+)"')
DONE = re.compile(r"\d{4}-\d+-\d{6}")


def count_applications(portal) -> int:
    with sqlite3.connect(portal.workdir / "db.sqlite3") as db:
        return db.execute("SELECT count(*) FROM records_application").fetchone()[0]


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fresh_iin() -> str:
    from datetime import date

    return next(n for s in range(7000, 7100) if (n := make_iin(date(1991, 7, 9), female=True, serial=s)))


def test_an_applicant_signs_a_challenge_signs_in_and_files(site, portal):
    before = count_applications(portal)
    # Anonymous: the form sends to sign-in, and a POST (with a valid CSRF token) creates nothing.
    page, _challenge = login_page(site)
    token = CSRF.search(page.text).group(1)
    anonymous = site.request(
        "POST",
        "/kk/apply/?service=vet_certificate",
        data={"csrfmiddlewaretoken": token, "subject": "animal", "description": "сиыр"},
        files={"document_application": ("өтініш.pdf", a_pdf(), "application/pdf")},
        headers={"Referer": page.url},
        allow_redirects=False,
        status=302,
    )
    site.check(
        anonymous is None or "/kk/login/" in anonymous.headers["Location"], "anonymous POST", "no sign-in"
    )
    site.check(count_applications(portal) == before, "anonymous POST", "an application was created")

    # A certificate issued now by the demo authority the server trusts, for an IIN nobody used yet.
    pki = read_pki(portal.workdir / "demo_pki")
    assert pki is not None, "seed_demo wrote no demo PKI"
    iin = fresh_iin()
    holder = pki.issue(iin, "Сейітова Динара Маратқызы", kind=ECDSA)
    # Russian, XML-DSig: signed in, then out.
    page, challenge = login_page(site, "ru")
    signed = post_login(
        site, page, {"challenge": challenge, "signature": holder.sign_xml(challenge.encode())}, "ru"
    )
    site.check(
        signed is None or signed.headers["Location"] == "/ru/cabinet/", "/ru/login/", "not to the cabinet"
    )
    site.session.cookies.clear()
    # A replay of that signature in a new session signs nobody in.
    page, _new = login_page(site, "ru")
    post_login(
        site, page, {"challenge": challenge, "signature": holder.sign_xml(challenge.encode())}, "ru", 400
    )
    # Kazakh, CMS: sign in and file.
    page, challenge = login_page(site)
    data = {"challenge": challenge, "signature": holder.sign_cms(challenge.encode())}
    data["next"] = "/kk/apply/?service=vet_certificate"
    signed = post_login(site, page, data)
    form = site.get("/kk/apply/?service=vet_certificate")
    if signed is None or form is None:
        site.assert_ok()
    site.check(iin in form.text, "/kk/apply/", "the signed-in IIN is not shown")
    fields = {
        "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
        "filing_for": "self",
        "subject": "animal",
        "description": "қой, 4 бас",
        "phone": "+7 701 222 33 44",
    }
    unit = UNIT.search(form.text)
    if unit:
        fields["unit"] = unit.group(1)
    done = site.request(
        "POST",
        "/kk/apply/?service=vet_certificate",
        data=fields,
        files={"document_application": ("өтініш.pdf", a_pdf(), "application/pdf")},
        headers={"Referer": form.url},
    )
    number = DONE.search(done.text) if done is not None else None
    site.check(bool(number), "/kk/apply/done/", "no registration number")
    site.check(count_applications(portal) == before + 1, "/kk/apply/", "not exactly one application filed")
    if number:
        with sqlite3.connect(portal.workdir / "db.sqlite3") as db:
            row = db.execute(
                "SELECT a.identifier, a.name, s.status FROM records_application r "
                "JOIN records_applicant a ON a.id = r.applicant_id "
                "JOIN records_signaturecheck s ON s.application_id = r.id WHERE r.registration_no = ?",
                (number.group(0),),
            ).fetchone()
        site.check(row == (iin, "Сейітова Динара Маратқызы", "verified"), "the filed application", repr(row))
    site.assert_ok()
