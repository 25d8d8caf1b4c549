"""A head logs in to the admin, finds the application in "waiting for my resolution", assigns the executor
through the form and sees the timeline updated."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from catalogue.roles import Role, ensure_groups
from records.services import file_application, get_or_create_applicant, perform_transition
from records.staff.access import ensure_staff_access
from tests.records.conftest import join, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "worklist-test-2024"


def kk(message: str) -> str:
    with translation.override("kk"):
        return translation.gettext(message)


def user(django_user_model, username: str, role: Role, first_name: str):
    account = django_user_model.objects.create_user(username, password=PASSWORD, first_name=first_name)
    account.groups.add(Group.objects.get(name=role.value))
    return account


@pytest.fixture
def registered(django_user_model):
    ensure_groups()
    ensure_staff_access()
    users = {
        Role.HEAD: user(django_user_model, "head", Role.HEAD, "Қанат"),
        Role.OFFICE: user(django_user_model, "clerk", Role.OFFICE, "Гүлнұр"),
        Role.EXECUTOR: user(django_user_model, "executor", Role.EXECUTOR, "Ерғали"),
    }
    unit = make_unit("taraz-city")  # they work in one unit, whose applications they read (records.scope)
    for role, account in users.items():
        join(account, unit, role)
    applicant = get_or_create_applicant("individual", "880515300120", "Асқаров Нұрлан")
    app = file_application(
        "vet_sanitary_conclusion",
        applicant=applicant,
        channel="office",
        data={"object_name": "Сүт цехы", "object_address": "Тараз қ., Абай к-сі 1"},
        documents=[{"name": "өтініш.pdf", "sha256": "a" * 64}],
        by=users[Role.OFFICE],
    )
    return perform_transition(app.pk, "register", user=users[Role.OFFICE]), users


def test_head_assigns_the_executor_from_the_worklist(page, live_server, registered, artifacts_dir):
    app, users = registered
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").first.click()
    waiting = page.locator("#records-waiting-section")
    waiting.wait_for()
    assert kk("Waiting for my resolution") in waiting.locator("h2").inner_text()
    page.screenshot(path=str(artifacts_dir / "browser-staff-worklist.png"), full_page=True)
    waiting.get_by_role("link", name=app.registration_no).click()

    page.locator("#transition-assign summary").click()
    page.select_option("select[name=assign-executor]", str(users[Role.EXECUTOR].pk))
    page.fill("textarea[name=assign-resolution_text]", "Құжаттарды тексеріп, заңға сәйкес орындауға.")
    page.locator("button[data-submit=assign]").click()

    page.locator("tr[data-transition=assign]").wait_for()
    assert page.locator("#records-state").text_content().strip() == kk("Executor assigned")
    assert "Ерғали" in page.locator("#records-executor").inner_text()
    assert page.locator(".records-timeline tbody tr").count() == 3  # filed, registered, assigned
    assert page.locator("#transition-assign").count() == 0  # no longer possible
    page.screenshot(path=str(artifacts_dir / "browser-staff-assigned.png"), full_page=True)
    app.refresh_from_db()
    assert (app.state, app.assigned_executor_id) == ("assigned", users[Role.EXECUTOR].pk)
