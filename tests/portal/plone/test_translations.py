"""Languages: locales from `language`, and export_translations.json → one page in two locales."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import override

from .conftest import DOC_KK, DOC_RU, FOLDER, SITE, run_import
from .test_import import target

pytestmark = pytest.mark.django_db


def test_kazakh_and_russian_documents_are_one_page_in_two_locales(client):
    report = run_import(SITE)
    kk, ru = target(DOC_KK), target(DOC_RU)
    assert (kk.locale.language_code, ru.locale.language_code) == ("kk", "ru")
    assert kk.translation_key == ru.translation_key and report.translation_problems == []
    assert [page.pk for page in kk.get_translations()] == [ru.pk]
    with override("kk"):
        kk_url = kk.url
    with override("ru"):
        ru_url = ru.url
    assert (kk_url, ru_url) == ("/kk/muragat/dokumenty/erezhe/", "/ru/muragat/dokumenty/pravila/")
    html = client.get(kk_url).content.decode()
    host = "http://testserver"  # the head's hreflang links are absolute (issue 17)
    assert f'hreflang="ru" href="{host}{ru_url}"' in html  # the switch leads to the Russian page
    assert f'hreflang="kk" href="{host}{kk_url}"' in html
    html_ru = client.get(ru_url).content.decode()
    assert f'hreflang="kk" href="{host}{kk_url}"' in html_ru
    assert f'hreflang="ru" href="{host}{ru_url}"' in html_ru
    assert target(FOLDER).locale.language_code == "kk"


def test_a_group_with_two_pages_of_one_language_is_reported(site_copy):
    (site_copy / "export_translations.json").write_text(json.dumps([{"kk": DOC_KK, "ru": "a1" * 16}]))
    report = run_import(site_copy)
    assert report.translation_problems == [
        {"group": {"kk": DOC_KK, "ru": "a1" * 16}, "reason": "two of its pages have the same language"}
    ]
    assert target(DOC_KK).translation_key != target(FOLDER).translation_key
