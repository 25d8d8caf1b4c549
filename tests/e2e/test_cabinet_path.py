"""Issue 14 on the real path: after `seed_demo` (its own process) the demo user `applicant` acts for a demo
applicant.  Over HTTP to a real server, the demo executor files and registers an application for them and
requests documents through the JSON API; the applicant, with a session made by another process against the
same database, sees the request in the cabinet, uploads a document (form, CSRF token) and sees the
application back with the staff, its clock running again."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest

from tests.records.document_files import pdf_bytes

from .conftest import Portal, Site

pytestmark = pytest.mark.e2e
TOKEN_SEED, SESSION_SEED = 41, 42
MISSING = "Жануардың ветеринариялық паспортының көшірмесі."
SESSION_CODE = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="applicant")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def _demo_applicant(portal: Portal) -> tuple[str, str, str]:
    """(kind, IIN/BIN, name) of the applicant seed_demo linked to the demo user `applicant`."""
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        row = db.execute(
            "SELECT a.kind, a.identifier, a.name FROM records_applicant a"
            " JOIN auth_user u ON u.id = a.user_id WHERE u.username = 'applicant'"
        ).fetchone()
    assert row is not None, "seed_demo links the demo user `applicant` to a demo applicant"
    return row


def test_staff_request_documents_and_the_applicant_adds_them_in_the_cabinet(portal: Portal, site: Site):
    kind, identifier, name = _demo_applicant(portal)
    token = portal.manage("api_token", "create", "executor", seed=TOKEN_SEED).strip()
    api = {"Authorization": f"Bearer {token}"}
    body = {
        "service": "vet_certificate",
        "channel": "office",
        "unit": "taraz-demo",
        "applicant": {"kind": kind, "identifier": identifier, "name": name},
        "data": {"subject": "animal", "description": "сиыр, 1 бас", "animal_number": "KZ000777"},
        "documents": [{"name": "өтініш.pdf", "sha256": "e" * 64}],
    }
    filed = site.request("POST", "/api/v1/applications/", json=body, headers=api, status=201)
    assert filed is not None, site.failures
    app_id, number = filed.json()["id"], filed.json()["registration_no"]
    base = f"/api/v1/applications/{app_id}/transitions"
    site.request("POST", f"{base}/register/", json={}, headers=api)
    asked = site.request(
        "POST", f"{base}/request_documents/", json={"data": {"documents_missing": MISSING}}, headers=api
    )
    site.assert_ok()
    assert asked.json()["state"] == "documents_requested" and asked.json()["due_at"] is None

    # The applicant: a session made by another process, sent as the browser's cookie.
    session_key = portal.manage("shell", "-c", SESSION_CODE, seed=SESSION_SEED).strip().splitlines()[-1]
    site.session.cookies.set("sessionid", session_key)
    listing = site.get("/kk/cabinet/")
    site.check(listing is not None and number in listing.text, "/kk/cabinet/", f"{number} not listed")
    page = site.get(f"/kk/cabinet/{number}/")
    site.assert_ok()
    assert MISSING in page.text and 'data-state="documents_requested"' in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    sent = site.request(
        "POST",
        f"/kk/cabinet/{number}/add-documents/",
        data={"csrfmiddlewaretoken": csrf, "comment": ""},
        files={"documents": ("паспорт.pdf", pdf_bytes(title="паспорт"), "application/pdf")},
        headers={"Referer": page.url},
        allow_redirects=False,
        status=302,
    )
    site.assert_ok()
    after = site.get(sent.headers["Location"])
    site.assert_ok()
    assert 'data-state="registered"' in after.text and "паспорт.pdf" in after.text
    assert 'id="records-deadline"' in after.text  # the clock runs again
    staff_view = site.get(f"/api/v1/applications/{app_id}/", headers=api)
    site.assert_ok()
    assert staff_view.json()["state"] == "registered" and staff_view.json()["due_at"] is not None
    # Someone else's application is not there for this applicant.
    site.get("/kk/cabinet/999999999/", status=404)
    site.assert_ok()
