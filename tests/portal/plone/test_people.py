"""Members and groups: users with unusable passwords, portal groups by the table, the rest reported."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Revision

from .conftest import DOC_KK, SITE, run_import
from .test_import import target

pytestmark = pytest.mark.django_db


def test_members_become_users_who_cannot_sign_in_with_the_old_password():
    report = run_import(SITE)
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["editor1", "editor2", "admin"])
    }
    assert set(users) == {"editor1", "editor2", "admin"}
    editor = users["editor1"]
    assert (editor.first_name, editor.last_name, editor.email) == ("Айгүл", "Сейітқызы", "editor1@example.kz")
    assert not any(user.has_usable_password() for user in users.values())
    assert not any(user.is_staff or user.is_superuser for user in users.values())
    assert list(editor.groups.values_list("name", flat=True)) == ["editor"]  # Plone group Editors
    assert list(users["editor2"].groups.values_list("name", flat=True)) == ["editor"]  # role Contributor
    assert not users["admin"].groups.exists()  # Manager / Site Administrators: for a person to decide
    assert report.members["unmapped_groups"] == ["Site Administrators", "vet-bolim"]
    assert report.members["unmapped_roles"] == ["Manager", "Site Administrator"]


def test_versions_are_signed_by_the_imported_members():
    run_import(SITE)
    revisions = Revision.objects.filter(object_id=str(target(DOC_KK).pk)).order_by("created_at")
    assert [r.user.username for r in revisions] == ["editor1", "editor1", "editor2"]


def test_a_rerun_keeps_an_existing_user_as_they_are():
    run_import(SITE)
    editor = get_user_model().objects.get(username="editor1")
    editor.set_password("a-new-password-1")
    editor.email = "new@example.kz"
    editor.save()
    report = run_import(SITE)
    editor.refresh_from_db()
    assert editor.check_password("a-new-password-1") and editor.email == "new@example.kz"
    assert report.members["created"] == 0 and report.members["existing"] == 3
