"""Template helpers of the page chrome in the interface language, the head's discovery links, and the
act page's links to its official source and its repealing act (portal.chrome, portal.citations)."""

from __future__ import annotations

from django import template

from portal import chrome
from portal.citations import repealing_act

register = template.Library()


@register.filter
def chrome_title(page) -> str:
    return chrome.chrome_title(page) if page is not None else ""


@register.filter
def title_lang(page) -> str:
    return chrome.title_language(page) if page is not None else ""


@register.simple_tag(takes_context=True)
def head_meta(context) -> dict:
    """Description, canonical URL and hreflang alternates of the page being rendered."""
    request = context.get("request")
    if request is None:
        return {}
    view = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    return {
        "description": context.get("meta_description") or chrome.meta_description(context.get("page"), view),
        "canonical": chrome.canonical_url(request),
        "alternates": chrome.alternates(request, context.get("lang_links") or []),
    }


@register.simple_tag
def repealed_by_page(act):
    """The live act page of the repealing act, when it is imported."""
    return repealing_act(act) if act is not None and act.repealed_by else None
