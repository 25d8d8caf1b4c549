"""The JSON API of search: /api/v1/search/ (no language prefix; portal/urls.py).  An endpoint of /api/v1/ like
those of records.api.urls: a bearer token, JSON errors, described in records.api.schema."""

from django.urls import path

from .views.api import api_search

urlpatterns = [path("", api_search, name="search_api")]
