"""Template helpers of the public site: language switch, links to the main sections."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override

register = template.Library()

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _strip_language(path: str) -> str:
    """«/kk/acts/003/?status=x» → «acts/003/?status=x» (the part shared by every language)."""
    for code in LANGUAGE_CODES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) :]
        if path == f"/{code}":
            return ""
    return path.lstrip("/") if not path.startswith("/admin") else ""


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page under each interface language: same path, other prefix."""
    request = context.get("request")
    rest = _strip_language(request.get_full_path()) if request is not None else ""
    current = get_language()
    translated = _translations(context.get("page"), request)
    return [
        {
            "code": code,
            "name": name,
            "url": translated.get(code) or f"/{code}/{rest}",
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _translations(page, request) -> dict[str, str]:
    """An imported Plone page in two locales (issue 15): each language leads to its own page."""
    if page is None or not getattr(page, "links_translations", False):
        return {}
    urls = {}
    for other in page.get_translations().live().select_related("locale"):
        with override(other.locale.language_code):
            urls[other.locale.language_code] = other.get_url(request)
    with override(page.locale.language_code):
        urls[page.locale.language_code] = page.get_url(request)
    return urls


@register.simple_tag
def acts_index_url() -> str:
    from portal.models import ActIndexPage

    page = ActIndexPage.objects.live().only("id", "url_path", "path", "depth").first()
    return (page.get_url() if page else "") or ""


@register.simple_tag
def home_url() -> str:
    return reverse("wagtail_serve", args=[""])


@register.simple_tag
def search_url() -> str:
    return reverse("search:public")


@register.filter
def status_css(status: str) -> str:
    return "badge-repealed" if status == "repealed" else "badge-in-force"


@register.simple_tag
def current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE
