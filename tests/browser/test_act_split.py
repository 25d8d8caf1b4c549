"""The act page split into its regulations (issue 17): an old permalink to a regulation's point on the act
page still lands on the point, with and without JavaScript."""

import pytest

from portal.models import LegalActPage
from portal.publishing import import_act_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def act(act_003_path):
    import_act_file(act_003_path)
    return LegalActPage.objects.get(code="003")


def test_old_permalink_goes_to_the_point_on_its_regulation_page(page, live_server, act):
    page.goto(f"{live_server.url}{act.url}#d1-p9")
    page.wait_for_url(f"{live_server.url}{act.url}regulation-1/#d1-p9")
    point = page.locator("#d1-p9")
    assert point.locator("p").first.inner_text().startswith("9.")
    box = point.bounding_box()
    assert box is not None and 0 <= box["y"] < 300


def test_without_javascript_the_permalink_lands_on_the_points_link(browser, live_server, act):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{act.url}#d1-p5-s2")  # a sub-point: its id sits inside point 5's link
        assert page.url.endswith(f"{act.url}#d1-p5-s2")
        link = page.locator("a#d1-p5")
        assert link.get_attribute("href") == "regulation-1/#d1-p5"
        box = link.bounding_box()
        # Scrolled to it: the sub-point's mark at the top, so the link (with its padding) shows in the window.
        assert box is not None and box["y"] + box["height"] > 0 and box["y"] < 900
        mark = page.locator("[id='d1-p5-s2']").bounding_box()
        assert mark is not None and -5 <= mark["y"] < 900
        assert page.evaluate("window.scrollY") > 0
        page.get_by_role("link", name="Актінің толық мәтіні бір бетте").click()
        assert page.locator("#d1-p5 > p > a.plink").count() == 1  # the whole act is one click away
    finally:
        context.close()
