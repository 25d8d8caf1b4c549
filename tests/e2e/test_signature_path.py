"""Issue 16 on the README's real path: the documents `seed_demo` issued in its own process are signed with
the demo's throwaway test PKI (and say so), the verify page of the real server says the signature is valid,
and `manage.py verify_document` agrees in a process of its own."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing

from .conftest import ROOT, Portal, Site

VERIFY_SEED = 41


def _demo_documents(portal: Portal) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        return db.execute(
            "SELECT verification_code, file FROM certificates_issueddocument ORDER BY id LIMIT 3"
        ).fetchall()


def test_a_demo_document_is_signed_and_the_verify_page_says_so(portal: Portal, site: Site):
    documents = _demo_documents(portal)
    assert documents, "seed_demo issued no document"
    for code, name in documents:
        path = portal.workdir / "media" / name
        assert b"/ETSI.CAdES.detached" in path.read_bytes()
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "TEST PKI" in " ".join(text.split())  # every demo document says it is a test signature
        page = site.request("GET", f"/kk/verify/{code}/")
        if page is not None:
            assert 'data-signature="valid"' in page.text, code
            assert "Электрондық цифрлық қолтаңба жарамды" in page.text
    site.assert_ok()
    done = subprocess.run(
        [sys.executable, "manage.py", "verify_document", str(portal.workdir / "media" / documents[0][1])],
        cwd=ROOT,
        env=portal.env(VERIFY_SEED),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
