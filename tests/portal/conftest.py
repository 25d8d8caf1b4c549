"""Fixtures of the page, publishing, site and workflow tests (defined in publishing_fixtures.py)."""

from .publishing_fixtures import _fresh_cache, published  # noqa: F401
