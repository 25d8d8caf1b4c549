"""The Plone items in the admin: listed and filtered for staff who may see them, never editable."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from catalogue.roles import Role
from portal.models import PloneProvenance

from .conftest import DOC_KK, SITE, run_import
from .test_import import target

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    from portal.staff import setup_portal

    setup_portal()  # editors get the admin and the view permissions of the import audit
    user = django_user_model.objects.create_user("plone-reader", password="x")
    user.groups.add(Group.objects.get(name=Role.EDITOR.value))
    client.force_login(user)
    return client


def test_staff_with_the_view_permission_list_and_filter_the_items(editor_client):
    run_import(SITE)
    index = reverse("plone_items:index")
    response = editor_client.get(index)
    assert response.status_code == 200
    html = response.content.decode()
    assert DOC_KK in html and "/Plone/dokumenty/erezhe" in html
    edit = reverse("wagtailadmin_pages:edit", args=[target(DOC_KK).pk])
    assert f'href="{edit}"' in html  # the link to what the item became
    only_files = editor_client.get(index, {"portal_type": "File"}).content.decode()
    assert "buiryq.pdf" in only_files and "/Plone/dokumenty/erezhe<" not in only_files
    private = editor_client.get(index, {"review_state": "private"}).content.decode()
    assert "zhanalyk" in private and "buiryq.pdf" not in private
    inspect = reverse("plone_items:inspect", args=[PloneProvenance.objects.get(uid=DOC_KK).pk])
    assert editor_client.get(inspect).status_code == 200


@pytest.mark.parametrize("view", ["add", "edit", "delete"])
def test_nobody_edits_or_deletes_a_row_not_even_a_superuser(admin_client, view):
    run_import(SITE)
    row = PloneProvenance.objects.get(uid=DOC_KK)
    url = reverse(f"plone_items:{view}") if view == "add" else reverse(f"plone_items:{view}", args=[row.pk])
    assert admin_client.get(url).status_code in {302, 403}
    assert admin_client.post(url, {"uid": "x", "old_path": "/x"}).status_code in {302, 403}
    row.refresh_from_db()
    assert row.old_path == "/Plone/dokumenty/erezhe"
    assert PloneProvenance.objects.count() == 9


def test_staff_without_the_permission_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("plone_items:index"))
    assert response.status_code in {302, 403}
    assert "/Plone/" not in response.content.decode()


def test_the_list_speaks_kazakh(editor_client):
    from wagtail.users.models import UserProfile

    run_import(SITE)
    profile = UserProfile.get_for_user(editor_client.get(reverse("wagtailadmin_home")).wsgi_request.user)
    profile.preferred_language = "kk"
    profile.save()
    html = editor_client.get(reverse("plone_items:index")).content.decode()
    with translation.override("kk"):
        assert gettext("Plone items") != "Plone items"  # the catalogue has it
        for label in (gettext("Plone items"), gettext("Imported as"), gettext("Plone review state")):
            assert label in html
