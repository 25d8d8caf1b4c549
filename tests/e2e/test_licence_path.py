"""Issue 14 on the real path: a licence issued and then duplicated by the demo staff in a separate
`manage.py shell` process (after the README's migrate and seed_demo, which ran migration 0009), and the
verify pages of the running server say that the original was replaced by the duplicate, in kk and ru."""

from __future__ import annotations

import html
import json
import re

from .conftest import Portal, Site

SEED = 41

# Runs in the demo's database: each step by a demo user of the role that may perform it (found by trying
# them: unit scope decides), the form data each step needs, and the two documents' verification codes out.
SCRIPT = """
import hashlib, json
from datetime import date
from django.contrib.auth import get_user_model
from catalogue.roles import Role
from certificates.services import documents_for
from records import services
from records.errors import GuardFailed, NotFound, PermissionDenied
from records.identifiers import make_iin

STAFF = [u for u in get_user_model().objects.filter(is_active=True).order_by("pk") if u.groups.exists()]
DATA = {
    "accept_complete": {"documents_complete": True},
    "draft_license": {"qualification_met": True},
    "draft_duplicate": {},
    "sign": {},
    "hand_over": {},
    "register": {},
}

def data_for(app, name, user):
    if name != "assign":
        return DATA[name]
    (info,) = [t for t in services.available_transitions(app, user) if t.name == "assign"]
    executor = next(f for f in info.fields if f.name == "executor").choices
    return {"executor": [v for v, _ in executor if v][0], "resolution_text": "Орындау."}

def move(app, *names):
    for name in names:
        for user in STAFF:
            if name in {t.name for t in services.available_transitions(app, user)}:
                app = services.perform_transition(app.pk, name, user=user, data=data_for(app, name, user))
                break
        else:
            raise SystemExit(f"nobody may {name} {app.registration_no} in {app.state}")
    return app

def filed(subcase, **data):
    for user in STAFF:
        try:
            return services.file_application(
                "licence", applicant=holder, channel="office", subcase=subcase, data=data,
                documents=[{"name": "өтініш.pdf", "sha256": hashlib.sha256(b"e2e").hexdigest()}], by=user,
            )
        except (PermissionDenied, NotFound, GuardFailed):
            continue
    raise SystemExit("nobody may file a licence application")

serial = 700
while (iin := make_iin(date(1979, 4, 2), female=False, serial=serial)) is None:
    serial += 1
holder = services.get_or_create_applicant("individual", iin, "Сейітов Бауыржан")
issued = move(filed("issue", activity="ветеринариялық-санитариялық сараптама"),
              "register", "assign", "accept_complete", "draft_license", "sign", "hand_over")
number = issued.result_number
copy = move(filed("duplicate", licence_number=number.lower().replace("-", " ")),
            "register", "assign", "draft_duplicate", "sign", "hand_over")
(original,) = documents_for(("records.application", str(issued.pk)))
(duplicate,) = documents_for(("records.application", str(copy.pk)))
print(json.dumps({"number": number, "original": original.verification_code,
                  "duplicate": duplicate.verification_code, "duplicate_number": duplicate.number}))
"""

REPLACED = {
    "kk": "Құжаттың орнына № {number} телнұсқа берілді",
    "ru": "Документ заменён дубликатом № {number}",
}


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_verify_page_of_a_duplicated_licence_says_it_was_replaced(portal: Portal, site: Site):
    out = portal.manage("shell", "-c", SCRIPT, seed=SEED)
    facts = json.loads(out.strip().splitlines()[-1])
    number = facts["number"]
    assert re.fullmatch(r"ЛЦ-\d{4}-\d{6}", number) and facts["duplicate_number"] == number
    for language, says in REPLACED.items():
        page = site.get(f"/{language}/verify/{facts['original']}/")
        if page is not None:
            text = _text(page.text)
            site.check('data-status="superseded"' in page.text, page.url, "the original is not superseded")
            site.check(says.format(number=number) in text, page.url, f"no «{says.format(number=number)}»")
        page = site.get(f"/{language}/verify/{facts['duplicate']}/")
        if page is not None:
            site.check('data-status="valid"' in page.text, page.url, "the duplicate is not valid")
            site.check(number in _text(page.text), page.url, f"no licence number {number}")
    site.assert_ok()
