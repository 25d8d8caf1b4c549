"""The admin tells staff what happened in the language of their Wagtail profile: a Kazakh account reads
Kazakh, a Russian account Russian, never English and never a mix (the action, the state and the sentence
around them are one language)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from catalogue.roles import Role

from . import ui_support
from .ui_support import in_language

login, staff = ui_support.login, ui_support.staff  # fixtures

pytestmark = pytest.mark.django_db

DONE = "Done: %(action)s. The application is now «%(state)s»."
MESSAGES = re.compile(r'<div class="messages"[^>]*>.*?</div>', re.DOTALL)
EXPECTED = {
    "kk": "Орындалды: Орындаушыны тағайындау. Өтініш енді «Орындаушы тағайындалды» күйінде.",
    "ru": "Выполнено: Назначить исполнителя. Заявление теперь в состоянии «Исполнитель назначен».",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def speaks(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def shown_messages(response) -> str:
    return " ".join(html.unescape(m) for m in MESSAGES.findall(response.content.decode()))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_transition_is_reported_in_the_staff_members_language(login, staff, file, step, language):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    speaks(staff[Role.HEAD], language)
    response = login(Role.HEAD).post(
        reverse("records_application_transition", args=[app.pk, "assign"]),
        {
            "assign-expected_state": "registered",
            "assign-executor": staff[Role.EXECUTOR].pk,
            "assign-resolution_text": "Орындауға.",
        },
        follow=True,
    )
    expected = in_language(language, DONE) % {
        "action": in_language(language, "Assign an executor"),
        "state": in_language(language, "Executor assigned"),
    }
    assert expected == EXPECTED[language]
    assert expected in shown_messages(response)
    assert "Done:" not in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_refused_transition_is_explained_in_the_staff_members_language(login, staff, file, step, language):
    app = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)
    speaks(staff[Role.HEAD], language)
    response = login(Role.HEAD).post(
        reverse("records_application_transition", args=[app.pk, "assign"]),
        {"assign-expected_state": "registered", "assign-resolution_text": "Орындауға."},
    )
    assert response.status_code == 400
    assert in_language(language, "This field is required.") in response.content.decode()
    assert "This field is required." not in response.content.decode()
