"""/sitemap.xml: every live public page under both interface languages (/kk/… and /ru/…)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False

    def items(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return []
        return list(
            Page.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .order_by("path")
            .only("id", "url_path", "path", "depth", "last_published_at")
        )

    def location(self, item: Page) -> str:
        # Inside translation.override(lang): Wagtail's reverse() adds the /kk/ or /ru/ prefix.
        return item.get_url() or "/"

    def lastmod(self, item: Page):
        return item.last_published_at


SITEMAPS = {"pages": PageSitemap}
