"""Versions of the acts on the real path: the demo portal's own server (tests/e2e/conftest.py: separate
`migrate`, `import_act` and `seed_demo` processes) shows act 000 as in force on a date, compares its
versions (the demo publishes an edited version 2, then the official text as version 3) and gives act 003's
repeal its effective date, in Kazakh and Russian."""

from __future__ import annotations

import html
import re

OLD_POINT_3 = "жетекшілік ететін Қазақстан Республикасының Ауыл шаруашылығы вице-министріне жүктелсін"
NEW_POINT_3 = "Ветеринариялық бақылау және қадағалау комитетіне жүктелсін"
MESSAGE = re.compile(r'<p class="version-message[^"]*" role="status">(.*?)</p>', re.S)
WORDS = {
    "kk": {"at": "күнгі қолданыстағы мәтін: 1-редакция", "legend": "Шартты белгілер", "bad": "күн емес"},
    "ru": {"at": "Текст, действовавший на", "legend": "Условные обозначения", "bad": "не дата"},
}


def _message(page: str) -> str:
    found = MESSAGE.search(page)
    return html.unescape(found.group(1)) if found else ""


def test_act_as_in_force_on_a_date_and_compared_over_http(site):
    for language, words in WORDS.items():
        past = site.get(f"/{language}/acts/000/", params={"at": "2022-01-01"})
        if past is not None:
            site.check(
                OLD_POINT_3 in past.text and NEW_POINT_3 not in past.text, past.url, "not the old text"
            )
            site.check(words["at"] in _message(past.text), past.url, f"message: {_message(past.text)!r}")
        demo = site.get(f"/{language}/acts/000/", params={"at": "2024-02-01"})
        if demo is not None:
            site.check(NEW_POINT_3 in demo.text, demo.url, "the demo's version 2 is not shown")
        current = site.get(f"/{language}/acts/000/")
        if current is not None:
            site.check(OLD_POINT_3 in current.text, current.url, "the live text is not the official one")
        diff = site.get(f"/{language}/acts/000/", params={"compare": "1..2"})
        if diff is not None:
            changes = diff.text.partition('<ol class="compare-list">')[2].partition("</ol>")[0]
            site.check(words["legend"] in diff.text, diff.url, "no legend")
            site.check(
                "<ins>" in changes and "<del>" in changes, diff.url, "no marked additions and deletions"
            )
            site.check(f'href="/{language}/acts/000/#p3"' in changes, diff.url, "point 3 not linked")
        bad = site.get(f"/{language}/acts/000/", params={"at": "2022-02-31"})
        if bad is not None:
            site.check(words["bad"] in _message(bad.text), bad.url, f"message: {_message(bad.text)!r}")
    site.assert_ok()


def test_repeal_of_act_003_takes_effect_ten_days_after_publication(site):
    banners = {
        "kk": ("Күшін жою мына күннен бастап", "1-редакция"),
        "ru": ("Отмена вступила в силу", "редакция 1"),
    }
    for language, (words, version) in banners.items():
        page = site.get(f"/{language}/acts/003/")
        if page is None:
            continue
        banner = page.text.partition('class="banner banner-repealed"')[2].partition("</div>")[0]
        site.check(
            words in banner and 'datetime="2018-03-11"' in banner, page.url, "no repeal effective date"
        )
        in_force = site.get(f"/{language}/acts/003/", params={"at": "2017-06-01"})
        if in_force is not None:
            shown = _message(in_force.text)
            site.check(version in shown and "2018" in shown, in_force.url, f"message: {shown!r}")
    site.assert_ok()
