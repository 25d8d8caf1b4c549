"""Search pages under /kk/ and /ru/ (portal/urls.py includes them in i18n_patterns, before Wagtail)."""

from django.urls import path

from .views import archive, public

app_name = "search"

urlpatterns = [
    path("search/", public.public_search, name="public"),
    path("archive/", archive.archive_search, name="archive"),
    path("archive/export.csv", archive.archive_export, name="export"),
    path("archive/saved/", archive.save_search, name="save"),
    path("archive/saved/<int:pk>/", archive.open_saved_search, name="saved"),
    path("archive/saved/<int:pk>/delete/", archive.delete_saved_search, name="delete_saved"),
    path("archive/records/<slug:record_type>/<str:record_id>/", archive.record_page, name="record"),
]
