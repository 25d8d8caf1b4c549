"""/sitemap.xml: every live public page under both interface languages (/kk/… and /ru/…)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from portal.discovery import PublicViewSitemap, subtree_lastmod


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return []
        pages = list(
            Page.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .order_by("path")
            .only("id", "url_path", "path", "depth", "last_published_at")
        )
        self._latest = subtree_lastmod(pages)
        return pages

    def location(self, item: Page) -> str:
        # Inside translation.override(lang): Wagtail's reverse() adds the /kk/ or /ru/ prefix.
        return item.get_url() or "/"

    def lastmod(self, item: Page):
        return getattr(self, "_latest", {}).get(item.path, item.last_published_at)


SITEMAPS = {"pages": PageSitemap, "views": PublicViewSitemap}
