"""System check: the Kazakh dictionary (Debian's hunspell-kk) must be installed where SEARCH_REQUIRE_HUNSPELL.

Without it search still works but stems with the suffix rules alone, so a query and a document inflected
differently stop meeting: in production that is an error at start-up (check, migrate, runserver), not a
warning in a log.  gunicorn runs no checks: hunspell.load raises for the same setting.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

from .analysis import hunspell


def missing_dictionary_files() -> list[Path]:
    base = Path(getattr(settings, "SEARCH_HUNSPELL_PATH", hunspell.DEFAULT_PATH))
    return [path for path in (base.with_suffix(".dic"), base.with_suffix(".aff")) if not path.exists()]


@register("search")
def check_hunspell(app_configs=None, **kwargs) -> list[Error]:
    if not getattr(settings, "SEARCH_REQUIRE_HUNSPELL", False):
        return []
    return [
        Error(
            f"The Kazakh hunspell dictionary file {path} is missing: stemming would use suffix rules alone.",
            hint="apt-get install hunspell-kk (or `make setup`), or point SEARCH_HUNSPELL_PATH at kk_KZ.",
            id="search.E001",
        )
        for path in missing_dictionary_files()
    ]
