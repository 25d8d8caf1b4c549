"""Links added to the rendered text of an act or document: cross-references (portal.xrefs) and a «cite» link
after every point, leading to its citation page (portal.cite_views).  portal.rendering calls `enrich` once
per rendered body, so the links are part of the cached (stored) fragment."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from portal import xrefs

_POINT_RE = re.compile(r'(<div class="pt" id="(?P<anchor>[^"]+)"><p>.*?)(</p>)', re.DOTALL)
_FIRST_POINT_RE = re.compile(r'id="(d\d+)-p\d+')
_LANGS = tuple(code for code, _name in settings.LANGUAGES)


def cite_base(base_url: str) -> str:
    """«/kk/acts/003/regulation-1/» → «/kk/cite/acts/003/regulation-1/» (the anchor follows)."""
    for code in _LANGS:
        prefix = f"/{code}/"
        if base_url.startswith(prefix):
            return f"{prefix}cite/{base_url[len(prefix) :]}"
    return ""


def add_cite_links(html: str, base: str, label: str, lang: str = "") -> str:
    """A «cite» link at the end of every point's own paragraph (its sub-points are cited on that page); its
    label is in the interface language, inside the Kazakh text."""
    if not base:
        return html
    label, lang_attr = escape(label), f' lang="{escape(lang)}"' if lang else ""
    href = escape(base)
    return _POINT_RE.sub(
        lambda m: f'{m[1]} <a class="cite" href="{href}{m["anchor"]}/"{lang_attr}>{label}</a>{m[3]}',
        html,
    )


def _document_appendices(base_url: str) -> dict[str, str]:
    """Printed appendix number → the URL of its live appendix page, for the document served at base_url."""
    from wagtail.models import Site

    from portal.models import AppendixPage, ApprovedDocumentPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parts = base_url.split("/", 2)  # ["", "kk", "acts/003/regulation-1/"]
    if site is None or len(parts) < 3:
        return {}
    document = ApprovedDocumentPage.objects.filter(url_path=site.root_page.url_path + parts[2]).first()
    if document is None:
        return {}
    pages = AppendixPage.objects.child_of(document).live().public()
    numbers: dict[str, list[str]] = {}
    for page in pages:
        numbers.setdefault(page.number or str(page.seq), []).append(page.get_url() or "")
    return {number: urls[0] for number, urls in numbers.items() if len(urls) == 1 and urls[0]}


def enrich(html: str, base_url: str) -> str:
    """The body HTML with its certain cross-references linked and a «cite» link on every point."""
    first = _FIRST_POINT_RE.search(html)
    if first is not None and xrefs.REFERENCE_RE.search(html):
        html = xrefs.link_references(
            html, doc_prefix=first.group(1), base_url=base_url, appendices=_document_appendices(base_url)
        )
    return add_cite_links(html, cite_base(base_url), gettext("Cite"), get_language() or "")
