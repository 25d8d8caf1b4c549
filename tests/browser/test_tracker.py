"""An applicant follows their application on the public tracker; a wrong pair reveals nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from catalogue.roles import Role, ensure_groups
from records.services import file_application, get_or_create_applicant, perform_transition
from tests.records.conftest import join, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
IIN = "880515300120"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def registered(django_user_model):
    cache.clear()  # the tracker's rate limiter counts there
    ensure_groups()
    clerk = django_user_model.objects.create_user("clerk")
    clerk.groups.add(Group.objects.get(name=Role.OFFICE.value))
    join(clerk, make_unit("taraz-city"), Role.OFFICE)  # a clerk files for the unit it works in
    applicant = get_or_create_applicant("individual", IIN, "Асқаров Нұрлан")
    app = file_application(
        "registration_number",
        applicant=applicant,
        channel="office",
        subcase="assign",
        data={"facility_name": "Құс фабрикасы", "facility_address": "Жамбыл ауд.", "activity": "құс өсіру"},
        documents=[{"name": "өтініш.pdf", "sha256": "b" * 64}],
        by=clerk,
    )
    yield perform_transition(app.pk, "register", user=clerk)
    cache.clear()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_applicant_tracks_the_application(page, live_server, registered, artifacts_dir, language):
    page.goto(f"{live_server.url}/{language}/track/")
    assert page.locator("html").get_attribute("lang") == language
    page.fill("input[name=registration_no]", registered.registration_no)
    page.fill("input[name=identifier]", "880 515 300 120")
    page.get_by_role("button", name=in_language(language, "Find the application")).click()
    page.locator("#records-state").wait_for()
    assert page.locator("#records-state").inner_text().strip() == in_language(language, "Registered")
    assert registered.running_step().action in page.locator("#records-step").inner_text()
    assert page.locator("#records-deadline").count() == 1
    assert page.locator(".records-timeline tbody tr").count() == 2
    page.screenshot(path=str(artifacts_dir / f"browser-tracker-{language}.png"), full_page=True)


def test_a_wrong_iin_reveals_nothing(page, live_server, registered):
    page.goto(f"{live_server.url}/kk/track/")
    page.fill("input[name=registration_no]", registered.registration_no)
    page.fill("input[name=identifier]", "950101400123")
    page.locator("form.records-form button[type=submit]").click()
    notice = page.locator(".records-not-found")
    notice.wait_for()
    assert notice.inner_text().strip() == in_language(
        "kk", "No application matches this number and IIN/BIN. Check both and try again."
    )
    assert page.locator("input[name=registration_no]").input_value() == ""
    assert page.locator("#records-state").count() == 0
