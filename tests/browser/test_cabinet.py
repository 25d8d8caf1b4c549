"""The applicant in the cabinet, in kk and ru: sees the staff's request, adds the document, sees the
application back with the staff, then withdraws it after the confirmation page."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation

from catalogue.roles import Role, ensure_groups
from records.applications import Application
from records.services import file_application, get_or_create_applicant, perform_transition
from tests.records.conftest import join, make_unit
from tests.records.document_files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MISSING = "Жануардың ветеринариялық паспортының көшірмесі."


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def requested(django_user_model):
    """A certificate application of the signed-in applicant whose documents the executor requested."""
    ensure_groups()
    executor = django_user_model.objects.create_user("executor")
    executor.groups.add(Group.objects.get(name=Role.EXECUTOR.value))
    join(executor, make_unit("taraz-city"), Role.EXECUTOR)
    owner = django_user_model.objects.create_user("applicant")
    owner.groups.add(Group.objects.get(name=Role.APPLICANT.value))
    applicant = get_or_create_applicant("individual", "880515300120", "Асқаров Нұрлан")
    applicant.user = owner
    applicant.save(update_fields=["user"])
    app = file_application(
        "vet_certificate",
        applicant=applicant,
        channel="office",
        data={"subject": "animal", "description": "сиыр, 1 бас", "animal_number": "KZ000111"},
        documents=[{"name": "өтініш.pdf", "sha256": "b" * 64}],
        by=executor,
    )
    perform_transition(app.pk, "register", user=executor)
    perform_transition(app.pk, "request_documents", user=executor, data={"documents_missing": MISSING})
    return app, owner


def _sign_in(page, live_server, user) -> None:
    """The session a sign-in would make, as the browser's cookie (sign-in itself is not the cabinet's)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page.context.add_cookies([{"name": "sessionid", "value": session.session_key, "url": live_server.url}])


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_applicant_adds_the_requested_document_and_withdraws(page, live_server, requested, language):
    app, owner = requested
    _sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/{language}/cabinet/")
    page.get_by_role("link", name=app.registration_no).click()
    page.locator("#records-missing").wait_for()
    assert page.locator("#records-missing").inner_text().strip() == MISSING
    assert page.locator("#records-state").inner_text().strip() == in_language(
        language, "Documents requested from the applicant"
    )
    page.set_input_files(
        "input[name=documents]",
        files=[{"name": "паспорт.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(title="паспорт")}],
    )
    page.get_by_role("button", name=in_language(language, "Send the documents")).click()
    page.locator("#records-state[data-state=registered]").wait_for()
    assert page.locator("#records-request-open").count() == 0
    assert "паспорт.pdf" in page.locator("#records-filed-list").inner_text()
    page.locator("#records-withdraw-link").click()
    page.fill("textarea[name=reason]", "Қажет емес")
    page.get_by_role("button", name=in_language(language, "Yes, withdraw it")).click()
    page.locator("#records-state[data-state=withdrawn]").wait_for()
    assert page.locator("#records-state").inner_text().strip() == in_language(
        language, "Withdrawn by the applicant"
    )
    assert Application.objects.get(pk=app.pk).state == "withdrawn"
