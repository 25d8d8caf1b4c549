"""Kazakh for the Wagtail admin messages staff meet most (locale/wagtail/kk): each entry is still one of
Wagtail's own messages, gettext gives its Kazakh text, and the admin shows it to a Kazakh account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "wagtail" / "kk" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid "((?:[^"\\]|\\.)+)"\nmsgstr "((?:[^"\\]|\\.)+)"$', re.MULTILINE)


def entries() -> list[tuple[str, str]]:
    unescape = lambda text: text.replace('\\"', '"')  # noqa: E731
    return [(unescape(i), unescape(s)) for i, s in ENTRY.findall(CATALOGUE.read_text(encoding="utf-8"))]


def wagtail_msgids() -> set[str]:
    """Every msgid of Wagtail's Russian catalogues (the English text Wagtail itself passes to gettext)."""
    found: set[str] = set()
    for po in Path(wagtail.__file__).parent.glob("**/locale/ru/LC_MESSAGES/django.po"):
        found |= {text.replace('\\"', '"') for text in re.findall(r'^msgid "(.+)"$', po.read_text(), re.M)}
    return found


def test_every_entry_is_a_wagtail_message_and_translates():
    pairs = entries()
    assert len(pairs) >= 20
    assert {msgid for msgid, _kk in pairs} <= wagtail_msgids()
    with translation.override("kk"):
        assert [gettext(msgid) for msgid, _kk in pairs] == [kk for _msgid, kk in pairs]
    with translation.override("ru"):  # Wagtail's own Russian is untouched
        assert gettext(pairs[0][0]) != pairs[0][1]


@pytest.mark.django_db
def test_a_kazakh_account_is_told_in_kazakh_that_it_logged_out(client, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("editor", password="x-editor-pass-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "kk"
    profile.save()
    client.force_login(user)
    response = client.post(reverse("wagtailadmin_logout"), follow=True)
    assert "Жүйеден шықтыңыз." in response.content.decode()
    assert "You have been successfully logged out." not in response.content.decode()
