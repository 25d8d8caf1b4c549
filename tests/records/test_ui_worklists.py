"""Dashboard worklists per role: "waiting for my resolution" (a head), "waiting for my action" (others) and
"overdue", built from the transitions the roles may perform."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from catalogue.roles import Role
from records.staff.worklists import overdue_for, waiting_for

from . import ui_support
from .conftest import at
from .ui_support import in_language

login, staff = ui_support.login, ui_support.staff  # fixtures

pytestmark = pytest.mark.django_db
ASSIGN = "assign"


def panel(content: str, panel_id: str) -> str:
    """The HTML of one dashboard panel ("" when it is not there)."""
    match = re.search(rf'<section class="w-panel[^"]*" id="{panel_id}-section".*?</section>', content, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def office_work(file, step, staff, clock):
    """Filed on Monday 3 March; on Wednesday 12 March some are overdue."""
    clock.set(at(2025, 3, 3, 10))
    stale = step(file("vet_sanitary_conclusion"), "register", Role.OFFICE)  # the head's resolution is overdue
    clock.set(at(2025, 3, 12, 9, 30))
    fresh = step(file("registration_number"), "register", Role.OFFICE)  # resolution due on the 13th
    executor = staff[Role.EXECUTOR]
    mine = step(
        step(file("registration_number"), "register", Role.OFFICE),
        ASSIGN,
        Role.HEAD,
        {"executor": executor.pk, "resolution_text": "Орындауға."},
    )
    waiting_registration = file("licence")
    clock.set(at(2025, 3, 12, 11))
    return {"stale": stale, "fresh": fresh, "mine": mine, "to_register": waiting_registration}


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_worklists_follow_the_roles(office_work, staff, django_user_model):
    head, executor, clerk = staff[Role.HEAD], staff[Role.EXECUTOR], staff[Role.OFFICE]
    assert pks(waiting_for(head)) == {office_work["stale"].pk, office_work["fresh"].pk}
    assert pks(waiting_for(executor)) == {office_work["mine"].pk}
    assert pks(waiting_for(clerk)) == {office_work["to_register"].pk}
    other = django_user_model.objects.create_user("other-executor")
    other.groups.add(*executor.groups.all())
    assert pks(waiting_for(other)) == set()  # assigned to someone else
    assert pks(waiting_for(staff[Role.ARCHIVIST])) == set()


def test_overdue_lists(office_work, staff, clock):
    now = at(2025, 3, 12, 11)
    # A head sees every overdue application: the stale resolution, and the licence nobody has registered.
    assert pks(overdue_for(staff[Role.HEAD], now)) == {office_work["stale"].pk, office_work["to_register"].pk}
    assert pks(overdue_for(staff[Role.OFFICE], now)) == {office_work["to_register"].pk}
    assert pks(overdue_for(staff[Role.EXECUTOR], now)) == set()
    later = at(2025, 3, 21, 10)  # the executor's completeness check (same day) is long overdue
    assert office_work["mine"].pk in pks(overdue_for(staff[Role.EXECUTOR], later))


def test_the_head_sees_waiting_for_my_resolution_on_the_dashboard(login, office_work):
    content = login(Role.HEAD).get(reverse("wagtailadmin_home")).content.decode()
    waiting = panel(content, "records-waiting")
    assert in_language("kk", "Waiting for my resolution") in waiting
    assert office_work["stale"].registration_no in waiting and office_work["fresh"].registration_no in waiting
    assert office_work["mine"].registration_no not in waiting
    assert 'data-count="2"' in waiting
    overdue = panel(content, "records-overdue")
    assert (
        office_work["stale"].registration_no in overdue
        and office_work["fresh"].registration_no not in overdue
    )
    assert f"{reverse('records_applications')}?worklist=mine" in waiting


def test_other_roles_see_waiting_for_my_action(login, office_work):
    content = login(Role.EXECUTOR).get(reverse("wagtailadmin_home")).content.decode()
    waiting = panel(content, "records-waiting")
    assert in_language("kk", "Waiting for my action") in waiting
    assert in_language("kk", "Waiting for my resolution") not in content
    assert office_work["mine"].registration_no in waiting


def test_no_worklists_for_users_without_a_staff_role(login, office_work, staff):
    from django.contrib.auth.models import Group, Permission

    Group.objects.get(name=Role.EDITOR.value).permissions.add(Permission.objects.get(codename="access_admin"))
    content = login(Role.EDITOR).get(reverse("wagtailadmin_home")).content.decode()
    assert panel(content, "records-waiting") == "" and panel(content, "records-overdue") == ""
