"""The JSON API of search: /api/v1/search/ (no language prefix; portal/urls.py)."""

from django.urls import path

from .views.api import api_search

urlpatterns = [path("", api_search, name="search_api")]
