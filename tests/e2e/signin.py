"""Signing in to the demo portal over HTTP as an applicant (EDS): with a demo certificate's button, or with a
signature made by the test itself."""

from __future__ import annotations

import re

CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEMO_BUTTON = re.compile(r'<button type="submit" name="demo" value="([0-9a-f]+)">')


def login_page(site, language: str = "kk"):
    """The sign-in page and its challenge ("" when the page failed)."""
    page = site.get(f"/{language}/login/")
    found = page is not None and CHALLENGE.search(page.text)
    return page, found.group(1) if found else ""


def post_login(site, page, data: dict, language: str = "kk", status: int = 302):
    token = CSRF.search(page.text).group(1)
    return site.request(
        "POST",
        f"/{language}/login/",
        data={"csrfmiddlewaretoken": token, **data},
        headers={"Referer": page.url},
        allow_redirects=False,
        status=status,
    )


def sign_in_demo(site, language: str = "kk", index: int = 0) -> bool:
    """Sign in with the demo certificate button number ``index`` (DEBUG pages only)."""
    page, challenge = login_page(site, language)
    buttons = DEMO_BUTTON.findall(page.text) if page is not None else []
    if not site.check(len(buttons) > index, f"/{language}/login/", "no demo certificate to sign in with"):
        return False
    return post_login(site, page, {"challenge": challenge, "demo": buttons[index]}, language) is not None
