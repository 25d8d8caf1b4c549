"""Issue 17 in the browser: the Russian acts list speaks Russian, switching language from a point keeps the
point (with and without JavaScript), and a cross-reference link lands on the point it names."""

import pytest

from portal.models import ApprovedDocumentPage, LegalActPage
from portal.publishing import import_act_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def rules(act_000_path):
    import_act_file(act_000_path)
    act = LegalActPage.objects.live().get(code="000")
    return ApprovedDocumentPage.objects.live().get(path__startswith=act.path)


def test_russian_acts_list_is_in_russian(page, live_server, rules):
    page.goto(f"{live_server.url}/ru/acts/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.title().startswith("Нормативные правовые акты")
    assert page.get_by_role("heading", level=1).inner_text() == "Нормативные правовые акты"
    crumbs = page.locator("nav.breadcrumbs li").all_inner_texts()
    assert crumbs == ["Главная", "Нормативные правовые акты"]


def test_language_switch_keeps_the_point(page, live_server, rules):
    page.goto(f"{live_server.url}{rules.url}#d1-p14")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/ru{rules.url[3:]}#d1-p14"
    box = page.locator("#d1-p14").bounding_box()
    assert box is not None and 0 <= box["y"] < 300  # scrolled to the point
    # a point reached by an in-page link after the page loaded is kept too
    page.goto(f"{live_server.url}{rules.url}")
    page.locator("#d1-p16 a.xref").first.click()
    assert page.locator(".lang-switch a[hreflang=ru]").get_attribute("href").endswith("#d1-p19")


def test_language_switch_works_without_javascript(browser, live_server, rules):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{rules.url}#d1-p14")
    page.get_by_role("link", name="Русский").click()
    assert page.url == f"{live_server.url}/ru{rules.url[3:]}"
    assert page.locator("html").get_attribute("lang") == "ru"
    context.close()


def test_cross_reference_lands_on_its_point(page, live_server, rules, artifacts_dir):
    page.goto(f"{live_server.url}{rules.url}")
    link = page.locator("#d1-p16 a.xref", has_text="20")
    link.click()
    page.wait_for_url(f"**{rules.url}#d1-p20")
    target = page.locator("#d1-p20")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 300
    assert target.inner_text().lstrip().startswith("20.")
    page.screenshot(path=str(artifacts_dir / "browser-xref-d1-p20.png"))
