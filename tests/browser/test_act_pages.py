"""A person reading the acts: the act page renders, a permalink lands on its point, the language switch
keeps the page, and the "copy link" control copies the point's full address."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import ApprovedDocumentPage, LegalActPage
from portal.publishing import import_act_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def acts(act_000_path, act_003_path):
    import_act_file(act_000_path)
    import_act_file(act_003_path)
    return {act.code: act for act in LegalActPage.objects.live()}


def test_act_page_renders_with_repeal_banner(page, live_server, acts, artifacts_dir):
    act = acts["003"]
    page.goto(live_server.url + act.url)
    assert page.locator("html").get_attribute("lang") == "kk"
    heading = page.get_by_role("heading", level=1)
    assert "регламенттерін бекіту туралы" in heading.inner_text()
    banner = page.locator(".repeal-banner, [role=alert], [role=note]").first
    assert "№ 24" in banner.inner_text()
    # Both duplicate «7.» points of regulation 3 are on the page under distinct anchors.
    assert page.locator("#d3-p7").count() == 1 and page.locator("#d3-p7-2").count() == 1
    page.screenshot(path=str(artifacts_dir / "browser-act-003.png"), full_page=False)


def test_permalink_lands_on_its_point(page, live_server, acts, artifacts_dir):
    rules = ApprovedDocumentPage.objects.live().get(
        anchor="d1", service_code="", seq=1, path__startswith=acts["000"].path
    )
    page.goto(f"{live_server.url}{rules.url}#d1-p11")
    point = page.locator("#d1-p11")
    assert "1 (бір) жұмыс күні ішінде" in point.inner_text()
    box = point.bounding_box()
    assert box is not None and 0 <= box["y"] < 300  # scrolled to the top of the viewport
    page.screenshot(path=str(artifacts_dir / "browser-permalink-d1-p11.png"))


def test_copy_link_puts_the_permalink_on_the_clipboard(page, live_server, acts):
    rules = ApprovedDocumentPage.objects.live().get(seq=1, path__startswith=acts["000"].path)
    page.goto(live_server.url + rules.url)
    page.locator("#d1-p8 a.plink").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{rules.url}#d1-p8"
    expect(page.locator("#copy-status")).to_have_text(re.compile(r"\S"))  # announced to screen readers


def test_language_switch_keeps_the_page(page, live_server, acts):
    act = acts["000"]
    page.goto(live_server.url + act.url)
    kazakh_title = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Русский").click()
    assert page.url == f"{live_server.url}/ru{act.url[3:]}"
    assert page.locator("html").get_attribute("lang") == "ru"
    # The legal text stays Kazakh and says so; the interface is Russian.
    assert page.get_by_role("heading", level=1).inner_text() == kazakh_title
    assert page.locator("main [lang=kk]").count() > 0
    page.get_by_role("link", name="Қазақша").click()
    assert page.url == live_server.url + act.url


def test_public_pages_break_no_content_security_policy(page, live_server, acts):
    """The portal's pages need nothing the policy forbids (no inline script or style), and the policy does
    refuse an injected inline script."""
    violations = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and violations.append(message)
    )
    for path in (
        "/kk/",
        acts["003"].url,
        "/ru/track/",
        "/kk/search/?q=ветеринария",
        "/kk/apply/",
    ):
        response = page.goto(live_server.url + path)
        assert response.ok and "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        assert [m.text for m in violations] == [], path
    injected = page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.injected = true";
                   document.head.appendChild(s); return window.injected === true; }"""
    )
    page.wait_for_timeout(200)  # the refusal is reported asynchronously
    assert injected is False and len(violations) == 1
