"""The words on the real path: the demo portal's own server (tests/e2e/conftest.py) shows a filed and an
issued application on the public tracker with different state labels in Kazakh and in Russian, and the
time of filing in Almaty time (UTC+5), whatever zone the API reports it in."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
LABELS = {
    "kk": {"submitted": "Өтініш берілді", "issued": "Нәтиже берілді"},
    "ru": {"submitted": "Подано", "issued": "Результат выдан"},
}
STATE = re.compile(r'<dd id="records-state" data-state="(\w+)">([^<]+)</dd>')
RECEIVED = re.compile(r'<dd id="records-received"><time datetime="([^"]+)">([^<]+)</time></dd>')


def _application(site, api_token: str, state: str) -> dict | None:
    headers = {"Authorization": f"Bearer {api_token}"}
    found = site.get("/api/v1/search/", params={"type": "application", "state": state}, headers=headers)
    results = found.json()["results"] if found else []
    if not site.check(bool(results), f"/api/v1/search/?state={state}", f"no {state} demo application"):
        return None
    response = site.get(f"/api/v1/applications/{results[0]['id'].split(':')[1]}/", headers=headers)
    return response.json() if response else None


def test_the_tracker_tells_a_filed_application_from_an_issued_one_in_kk_and_ru(site, api_token):
    apps = {state: _application(site, api_token, state) for state in ("submitted", "issued")}
    if None in apps.values():
        site.assert_ok()
    for language, labels in LABELS.items():
        form = site.get(f"/{language}/track/")
        if form is None:
            continue
        for state, app in apps.items():
            where = f"POST /{language}/track/ ({state})"
            typed = {"registration_no": app["registration_no"], "identifier": app["applicant"]["identifier"]}
            page = site.post_form(f"/{language}/track/", form, typed)
            if page is None:
                continue
            shown = STATE.search(page.text)
            site.check(
                shown is not None and (shown[1], html.unescape(shown[2])) == (state, labels[state]),
                where,
                f"state shown as {shown and shown.groups()}, expected {labels[state]!r}",
            )
            _check_local_time(site, where, page.text, app["received_at"], language)
    site.assert_ok()


def _check_local_time(site, where: str, page: str, received_at: str, language: str) -> None:
    local = datetime.fromisoformat(received_at.replace("Z", "+00:00")).astimezone(ALMATY)
    assert local.utcoffset() == timedelta(hours=5)
    received = RECEIVED.search(page)
    if not site.check(received is not None, where, "no time of filing"):
        return
    stamp, text = received[1], html.unescape(received[2])
    same = abs(datetime.fromisoformat(stamp) - local) < timedelta(milliseconds=1)  # the API keeps ms
    site.check(same, where, f"{stamp} is not the moment {received_at}")
    site.check(stamp.endswith("+05:00"), where, f"{stamp} is not in Almaty time")
    clock = f"{local:%H:%M}" if language == "kk" else f"{local.hour}:{local:%M}"
    site.check(clock in text and str(local.day) in text, where, f"{text!r} does not read {local:%d %H:%M}")
