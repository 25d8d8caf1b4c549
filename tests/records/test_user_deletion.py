"""Deleting a staff account that signed records is refused with a message, not a 500 (issue 13)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.users.models import UserProfile

from catalogue.roles import Role, ensure_groups
from records.models import TransitionLog
from records.services import file_application, get_or_create_applicant

from .conftest import join, make_unit

pytestmark = pytest.mark.django_db
REFUSAL = (
    "%(user)s cannot be deleted: records name this account as their author. Deactivate the account instead."
)


@pytest.fixture
def author(django_user_model):
    ensure_groups()
    clerk = django_user_model.objects.create_user("clerk")
    clerk.groups.add(Group.objects.get(name=Role.OFFICE.value))
    join(clerk, make_unit("taraz-city"), Role.OFFICE)  # a clerk files for the unit it works in
    file_application(
        "registration_number",
        applicant=get_or_create_applicant("individual", "880515300120", "Асқаров Нұрлан"),
        channel="office",
        subcase="assign",
        data={"facility_name": "Құс фабрикасы", "facility_address": "Жамбыл ауд.", "activity": "құс өсіру"},
        documents=[{"name": "өтініш.pdf", "sha256": "b" * 64}],
        by=clerk,
    )
    assert TransitionLog.objects.filter(actor=clerk).exists()
    return clerk


def refusal(language: str, user) -> str:
    with translation.override(language):
        return translation.gettext(REFUSAL) % {"user": user.username}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_deleting_an_author_is_refused_with_a_message(admin_client, admin_user, author, language):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    url = f"/admin/users/delete/{author.pk}/"
    for response in (admin_client.get(url, follow=True), admin_client.post(url, follow=True)):
        assert response.redirect_chain[0] == (f"/admin/users/edit/{author.pk}/", 302)
        assert [str(m) for m in response.context["messages"]] == [refusal(language, author)]
    assert type(author).objects.filter(pk=author.pk).exists()


def test_bulk_deleting_an_author_is_refused(admin_client, author, django_user_model):
    bystander = django_user_model.objects.create_user("bystander")
    url = f"/admin/bulk/auth/user/delete/?id={author.pk}&id={bystander.pk}"
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[0] == ("/admin/users/", 302)
    assert [str(m) for m in response.context["messages"]] == [
        refusal("kk", author)
    ]  # the admin's default language
    assert django_user_model.objects.filter(pk__in=[author.pk, bystander.pk]).count() == 2


def test_an_account_without_records_is_still_deleted(admin_client, django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer")
    response = admin_client.post(f"/admin/users/delete/{newcomer.pk}/")
    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=newcomer.pk).exists()
