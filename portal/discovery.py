"""What search engines read: /robots.txt and the sitemap's entries for the public pages that are views,
not Wagtail pages (/search/, /track/, /apply/, /verify/ under /kk/ and /ru/)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

PUBLIC_VIEWS = ("search:public", "records:track", "records:apply", "certificates:verify_lookup")
# Never useful in a search result: the admin, the applicant's own pages and steps of a filing, staff pages,
# the private downloads, and the API's write (and personal) addresses.  Each language prefix separately.
PRIVATE_LOCALISED = (
    "cabinet/",
    "login/",
    "logout/",
    "archive/",
    "apply/done/",
    "apply/pay/",
    "track/documents/",
)
SITEMAP_TEMPLATE = "portal/sitemap.xml"  # Django's, with lastmod to the second (the last publication)
PRIVATE_PATHS = ("/admin/", "/documents/", "/i18n/", "/api/v1/applications/")


class PublicViewSitemap(Sitemap):
    """The public form and lookup pages; they have no publication date of their own, so no lastmod
    (a made-up date would tell crawlers the page changed when it did not)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return list(PUBLIC_VIEWS)

    def location(self, item: str) -> str:
        return reverse(item)


def subtree_lastmod(pages) -> dict[str, datetime]:
    """Page path → the last time anything under it was published (an act page shows its whole subtree, the
    lists show their acts' titles): a page's true lastmod."""
    latest: dict[str, datetime] = {}
    ordered = sorted((p for p in pages if p.last_published_at), key=lambda p: p.path)
    for page in ordered:
        for depth in range(1, len(page.path) // page.steplen + 1):
            prefix = page.path[: depth * page.steplen]
            if prefix not in latest or latest[prefix] < page.last_published_at:
                latest[prefix] = page.last_published_at
    return latest


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/{path}" for path in PRIVATE_LOCALISED]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
