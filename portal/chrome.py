"""Page chrome in the interface language: titles of the structural pages, handbook titles, meta
descriptions, and the canonical and alternate addresses of a page.

The texts of the acts stay Kazakh (the language of the source); everything around them — the acts list's
title, the home page's, the handbook's, breadcrumbs, descriptions — follows /kk/ or /ru/.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop, override

from catalogue import SERVICES

# The Kazakh title of a handbook page: «"<service>" мемлекеттік көрсетілетін қызметінің …».
HANDBOOK_TITLE_KK = '"{service}" мемлекеттік көрсетілетін қызметінің бизнес-процестерінің анықтамалығы'
TITLE_MAX = 255
CONTENT_LANGUAGE = "kk"  # the language of the acts' texts


def handbook_title_kk(service_code: str) -> str:
    """The distinct Kazakh title of the handbook of one service (the page title editors see)."""
    service = SERVICES.get(service_code)
    if service is None:
        return "Мемлекеттік қызмет көрсетудің бизнес-процестерінің анықтамалығы"
    name = " ".join(service.title_kk.split())
    room = TITLE_MAX - len(HANDBOOK_TITLE_KK.format(service=""))
    if len(name) > room:  # a Wagtail title holds 255 characters; service 3's name alone is longer
        name = name[: room - 1].rstrip(" ,") + "…"
    return HANDBOOK_TITLE_KK.format(service=name)


def _service_code(handbook) -> str:
    parent = handbook.get_parent()
    return getattr(parent.specific, "service_code", "") if parent is not None else ""


def chrome_title(page) -> str:
    """The page's title as the page chrome shows it in the interface language (h1, <title>, breadcrumbs)."""
    from portal.models import ActIndexPage, HandbookPage, HomePage

    language = get_language() or settings.LANGUAGE_CODE
    specific = getattr(page, "specific", page)
    if isinstance(specific, HomePage):
        return gettext("Veterinary service portal")
    if isinstance(specific, ActIndexPage):
        return specific.title if language == CONTENT_LANGUAGE else gettext("Regulatory legal acts")
    if isinstance(specific, HandbookPage):
        service = SERVICES.get(_service_code(specific))
        if language == CONTENT_LANGUAGE or service is None:
            return specific.title
        return gettext("Business-process handbook: %(service)s") % {"service": service.label}
    return page.title


def title_language(page) -> str:
    """The lang attribute chrome_title(page) needs: "" when it is in the interface language."""
    from portal.models import ActIndexPage, HandbookPage, HomePage

    specific = getattr(page, "specific", page)
    if isinstance(specific, (HomePage, ActIndexPage)):
        return ""
    if isinstance(specific, HandbookPage) and _service_code(specific) in SERVICES:
        return ""
    code = getattr(getattr(specific, "locale", None), "language_code", "")
    if getattr(specific, "links_translations", False) and code:  # an imported Plone page (issue 15)
        return "" if code == get_language() else code
    return CONTENT_LANGUAGE


# The public views' descriptions: the words the home page uses for them (already translated msgids).
VIEW_DESCRIPTIONS = {
    "search:public": gettext_noop("Search the legal acts"),
    "records:apply": gettext_noop(
        "File an application for one of the six state services and receive its registration number."
    ),
    "records:track": gettext_noop(
        "See the status of your application, its deadline and the documents issued to you."
    ),
    "certificates:verify_lookup": gettext_noop(
        "Check that a certificate, conclusion or licence was really issued and is still valid."
    ),
}


def meta_description(page, view_name: str = "") -> str:
    """The description search engines show: the editor's own when set, else one built from the page (or,
    for the public views, from the view)."""
    from portal.models import (
        ActIndexPage,
        AppendixPage,
        ApprovedDocumentPage,
        HandbookPage,
        HomePage,
        LegalActPage,
    )

    if page is None:
        described = VIEW_DESCRIPTIONS.get(view_name)
        return (
            gettext(described)
            if described
            else gettext("Veterinary service portal of the Republic of Kazakhstan.")
        )
    if getattr(page, "search_description", ""):
        return page.search_description
    specific = getattr(page, "specific", page)
    if isinstance(specific, HomePage):
        return gettext(
            "The legal acts of the state veterinary service point by point, its state services online, "
            "application tracking and verification of issued documents."
        )
    if isinstance(specific, ActIndexPage):
        return gettext("The legal acts of the state veterinary service: in force and repealed.")
    if isinstance(specific, LegalActPage):
        status = specific.get_status_display()
        return f"{_short(specific.title)} — {status}"
    if isinstance(specific, ApprovedDocumentPage):
        return _short(specific.full_title or specific.title)
    if isinstance(specific, AppendixPage):
        return _short(specific.appendix_title or specific.title)
    if isinstance(specific, HandbookPage):
        return gettext("Steps, actors and time limits of the state service: %(title)s") % {
            "title": _short(chrome_title(specific))
        }
    return _short(page.title)


def _short(text: str, limit: int = 250) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def alternates(request, lang_links: list[dict]) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of the page under each interface language (the language switch's links,
    without their query), then x-default: the default language's."""
    links = [(link["code"], request.build_absolute_uri(link["url"].split("?")[0])) for link in lang_links]
    if not links:
        return []
    return [*links, ("x-default", _language_neutral(request, lang_links))]


def _language_neutral(request, lang_links: list[dict]) -> str:
    """The address without a language prefix, which redirects by the reader's language (as the sitemap's
    x-default); the default language's own page when the languages' paths differ (Plone translations)."""
    rests = {link["url"].split("?")[0].split("/", 2)[-1] for link in lang_links}
    if len(rests) == 1:
        return request.build_absolute_uri("/" + rests.pop())
    default = next((link for link in lang_links if link["code"] == settings.LANGUAGE_CODE), lang_links[0])
    return request.build_absolute_uri(default["url"].split("?")[0])


def canonical_url(request) -> str:
    """The page's own address without query or fragment (the filters and ?at= views share it)."""
    return request.build_absolute_uri(request.path)


def translated(page, language: str) -> str:
    """chrome_title in another language (the sitemap and tests use it)."""
    with override(language):
        return chrome_title(page)
