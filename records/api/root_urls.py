"""A URLconf holding only the API.  The API's responses name it as their ``request.urlconf``: Django's
LocaleMiddleware would otherwise turn every JSON 404 of /api/v1/… into a redirect to /kk/api/v1/…, which
Wagtail's catch-all page route under /kk/ seems to match."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("records.api.urls"))]
