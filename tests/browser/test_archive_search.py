"""An archivist searches the records in the browser and narrows the hits with a facet."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from catalogue.roles import Role
from search import outbox
from tests.records.conftest import join, make_unit
from tests.search.conftest import doc, make_user, valid_iin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def archivist_session(client, django_user_model):
    from certificates.samples import PAYLOADS
    from certificates.services import issue_document
    from records.services import file_application, get_or_create_applicant

    clerk = make_user(django_user_model, "clerk", Role.OFFICE)
    join(clerk, make_unit("taraz-city"), Role.OFFICE)  # a clerk files for the unit it works in
    applicant = get_or_create_applicant("individual", valid_iin(), "Асқаров Нұрлан")
    data = {"subject": "animal", "description": "сиыр, 2 бас", "animal_number": "KZ000111"}
    apps = [
        file_application(
            "vet_certificate", applicant=applicant, channel="office", data=data, documents=[doc()], by=clerk
        )
        for _ in range(2)
    ]
    issue_document(
        "receipt",
        holder_name=applicant.name,
        holder_id=applicant.identifier,
        payload=PAYLOADS["receipt"],
        issued_by=clerk,
        source_record=("records.application", str(apps[0].pk)),
    )
    outbox.drain()
    client.force_login(make_user(django_user_model, "archivist", Role.ARCHIVIST))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_archivist_narrows_the_hits_with_a_facet(page, live_server, archivist_session, artifacts_dir):
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": archivist_session, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/kk/archive/")
    page.locator("#archive-q").fill("Асқаров")
    page.locator("#archive-q").press("Enter")
    expect(page.locator("li.hit")).to_have_count(3)
    expect(page.locator("li.hit mark").first).to_have_text("Асқаров")
    facet = page.locator('ul[data-facet="record_type"] li').filter(
        has=page.locator(".facet-count", has_text="1")
    )
    facet.locator("a").click()
    expect(page.locator("li.hit")).to_have_count(1)
    assert re.search(r"[?&]type=issued_document", page.url)
    expect(page.locator('ul[data-facet="record_type"] a[aria-current="true"]')).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "browser-archive-search.png"), full_page=True)
    number = page.locator("li.hit h2 a").inner_text().split()[-1]
    page.locator("li.hit h2 a").click()
    expect(page.locator("h1")).to_contain_text(number)  # the record page of the hit
    assert "/kk/archive/records/issued_document/" in page.url
