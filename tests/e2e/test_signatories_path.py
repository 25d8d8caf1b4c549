"""Issue 16 on the real path: after `seed_demo` (its own process, which gave the demo staff their profiles)
the demo head refuses an application over HTTP to a real server.  While the head has no staff profile (taken
away by another process) the refusal is refused in the caller's language and nothing changes; with it, the
refusal's PDF, downloaded by the head and read by pdftotext, names the head by full name and position, never
by login, and cites the regulation's point; the verify page says the same in Russian."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from contextlib import closing
from datetime import date

import pytest

from records.demo.staff import DEMO_PROFILES
from records.identifiers import make_iin

from .conftest import Portal, Site

pytestmark = pytest.mark.e2e
HEAD_TOKEN_SEED, SHELL_SEED = 51, 52
DROP_PROFILE = (
    "from records.staff_profiles import StaffProfile; "
    "StaffProfile.objects.filter(user__username='head').delete()"
)
RESTORE_PROFILES = "from records.demo.staff import ensure_demo_staff_profiles; ensure_demo_staff_profiles()"
CITATION = (
    "«Мемлекеттік ветеринариялық-санитариялық бақылау және қадағалау объектілеріне "
    "ветеринариялық-санитариялық қорытынды беру» мемлекеттік көрсетілетін қызмет регламентінің "
    "5-тармағының 5) тармақшасына сәйкес берілді."
)


def _query(portal: Portal, sql: str, params=()) -> tuple:
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        return db.execute(sql, params).fetchone()


def _new_iin(portal: Portal) -> str:
    with closing(sqlite3.connect(portal.workdir / "db.sqlite3")) as db:
        taken = {row[0] for row in db.execute("SELECT identifier FROM records_applicant")}
    return next(
        iin
        for serial in range(900, 990)
        if (iin := make_iin(date(1985, 6, 7), female=True, serial=serial)) and iin not in taken
    )


def test_the_demo_heads_refusal_names_the_head_and_cites_the_point(
    portal: Portal, site: Site, api_token: str
):
    office = {"Authorization": f"Bearer {api_token}"}
    head_token = portal.manage("api_token", "create", "head", seed=HEAD_TOKEN_SEED).strip()
    head = {"Authorization": f"Bearer {head_token}"}
    body = {
        "service": "vet_sanitary_conclusion",
        "channel": "office",
        "unit": "taraz-demo",
        "applicant": {"kind": "individual", "identifier": _new_iin(portal), "name": "Серікова Ләззат"},
        "data": {"object_name": "Сүт цехы", "object_address": "Тараз қ., Абай к-сі 1"},
        "documents": [{"name": "өтініш.pdf", "sha256": "f" * 64}],
    }
    filed = site.request("POST", "/api/v1/applications/", json=body, headers=office, status=201)
    assert filed is not None, site.failures
    app_id = filed.json()["id"]
    base = f"/api/v1/applications/{app_id}/transitions"
    site.request("POST", f"{base}/register/", json={}, headers=office)
    (executor,) = _query(portal, "SELECT id FROM auth_user WHERE username = 'executor'")
    assign = {"data": {"executor": executor, "resolution_text": "Құжаттарды тексеріңіз."}}
    site.request("POST", f"{base}/assign/", json=assign, headers=head)
    site.assert_ok()
    refusal = {"data": {"reason": "Объектіге құжаттар ұсынылмаған."}}

    portal.manage("shell", "-c", DROP_PROFILE, seed=SHELL_SEED)
    try:
        for language, says in (
            ("kk", "Қол қоймас бұрын қызметкер профиліңізді"),
            ("ru", "Перед подписанием"),
        ):
            refused = site.request(
                "POST",
                f"{base}/refuse_incomplete/",
                json=refusal,
                headers={**head, "Accept-Language": language},
                status=422,
            )
            site.assert_ok()
            assert refused.json()["code"] == "guard_failed" and refused.json()["message"].startswith(says)
    finally:
        portal.manage("shell", "-c", RESTORE_PROFILES, seed=SHELL_SEED)
    still = site.get(f"/api/v1/applications/{app_id}/", headers=office)
    assert still.json()["state"] == "assigned"
    assert _query(
        portal,
        "SELECT COUNT(*) FROM certificates_issueddocument WHERE source_record_id = ?",
        (str(app_id),),
    ) == (0,)

    done = site.request("POST", f"{base}/refuse_incomplete/", json=refusal, headers=head)
    site.assert_ok()
    assert done.json()["state"] == "refused_incomplete"
    (code,) = _query(
        portal,
        "SELECT verification_code FROM certificates_issueddocument WHERE source_record_id = ?",
        (str(app_id),),
    )

    login = site.get("/admin/login/")
    password = portal.logins.get("head")
    assert login is not None and password, portal.logins
    site.post_form("/admin/login/", login, {"username": "head", "password": password, "next": "/admin/"})
    pdf = site.get(f"/kk/verify/{code}/pdf/")
    site.assert_ok()
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True)
        .stdout.decode()
        .split()
    )
    full_kk, full_ru, position_kk, position_ru = DEMO_PROFILES["head"]
    assert f"{position_kk} {full_kk}" in text  # the signature line: position, then the full name
    assert CITATION in text and "№ 19 қаулысымен" in text
    assert not re.search(r"\bhead\b", text)

    page = site.get(f"/ru/verify/{code}/")
    site.assert_ok()
    assert f"{full_ru}, {position_ru}" in page.text
    assert "В соответствии с подпунктом 5) пункта 5 Регламента государственной услуги" in page.text
