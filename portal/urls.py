from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.discovery import SITEMAP_TEMPLATE, robots_txt
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("records.api.urls")),  # JSON, no language prefix; search mounts its router there
    path("akn/", include("portal.akn_views")),  # Akoma Ntoso XML of the acts at their FRBR URIs, no language
    # Outside i18n_patterns: one sitemap listing every page under both /kk/ and /ru/.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS, "template_name": SITEMAP_TEMPLATE}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

# MEDIA_URL is never served, not even with DEBUG: stored files go out only through the views that check
# who asks (portal.protected_files).

# Every public page lives under /kk/… or /ru/…; Wagtail's page tree is served last.
urlpatterns += i18n_patterns(
    path("", include("search.urls")),  # /search/ (public), /archive/ (staff) — before Wagtail's catch-all
    path("", include("certificates.urls")),  # /verify/<code>/ — before Wagtail's catch-all
    path("", include("records.urls")),  # /track/, /apply/ — before Wagtail's catch-all
    path("", include("portal.cite_views")),  # /cite/<page path>/<anchor>/ — before Wagtail's catch-all
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
