"""Languages: an item's `language` sets its page's locale (kk, ru), and each group of
`export_translations.json` ([{"kk": UID, "ru": UID}, …]) becomes one page in two locales: the pages share
Wagtail's translation key, so the language switch of an imported page leads to its translation."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from portal.plone.models import PloneProvenance

CONTENT_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def locale_for(language: str) -> Locale | None:
    """The Locale of a content language (kk, ru); None for any other (the page keeps the default)."""
    if language not in CONTENT_LANGUAGES:
        return None
    return Locale.objects.get_or_create(language_code=language)[0]


def _page_ids(uids) -> list[int]:
    rows = PloneProvenance.objects.filter(uid__in=[str(uid) for uid in uids]).exclude(target_id=None)
    return [
        row.target_id
        for row in rows.select_related("target_type")
        if issubclass(row.target_type.model_class() or object, Page)
    ]


def link_translations(groups: list | None) -> list[dict]:
    """Give each group's pages one translation key; returns the groups that could not be linked."""
    problems: list[dict] = []
    for group in groups or ():
        if not isinstance(group, dict):
            continue
        rows = PloneProvenance.objects.filter(uid__in=[str(uid) for uid in group.values()]).exclude(
            target_id=None
        )
        page_ids = [
            row.target_id
            for row in rows
            if row.target_type and issubclass(row.target_type.model_class() or object, Page)
        ]
        pages = list(Page.objects.filter(pk__in=page_ids).select_related("locale"))
        locales = [page.locale.language_code for page in pages]
        if len(pages) < 2:
            problems.append({"group": group, "reason": "fewer than two of its pages were imported"})
        elif len(set(locales)) != len(locales):
            problems.append({"group": group, "reason": "two of its pages have the same language"})
        else:
            first = min(
                pages, key=lambda page: (page.locale.language_code != settings.LANGUAGE_CODE, page.pk)
            )
            Page.objects.filter(pk__in=[p.pk for p in pages]).update(translation_key=first.translation_key)
    return problems
