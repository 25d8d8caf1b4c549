"""A missing hunspell-kk is a start-up error where SEARCH_REQUIRE_HUNSPELL (production), not a silent
fallback to suffix-only stemming: the system check (check, migrate, runserver) and load() (gunicorn)."""

from __future__ import annotations

import logging

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from search.analysis import hunspell


def search_errors() -> list:
    # run_checks runs the registered checks: this also proves that SearchConfig.ready registers ours.
    return [message for message in run_checks() if message.id.startswith("search.")]


@pytest.fixture
def missing(settings, tmp_path):
    settings.SEARCH_HUNSPELL_PATH = tmp_path / "absent" / "kk_KZ"
    return settings.SEARCH_HUNSPELL_PATH


@pytest.fixture
def tiny_dictionary(settings, tmp_path):
    """A two-line dictionary: «құжат» and the plural suffix «-тар»."""
    base = tmp_path / "kk_KZ"
    base.with_suffix(".dic").write_text("1\nқұжат/A\n", encoding="utf-8")
    base.with_suffix(".aff").write_text("SET UTF-8\nSFX A Y 1\nSFX A 0 тар .\n", encoding="utf-8")
    settings.SEARCH_HUNSPELL_PATH = base
    return base


def test_missing_dictionary_is_an_error_when_required(settings, missing):
    settings.SEARCH_REQUIRE_HUNSPELL = True
    errors = search_errors()
    assert [error.id for error in errors] == ["search.E001", "search.E001"]  # the .dic and the .aff
    for suffix in (".dic", ".aff"):
        assert sum(str(missing.with_suffix(suffix)) in error.msg for error in errors) == 1
    assert all("apt-get install hunspell-kk" in error.hint for error in errors)


def test_one_missing_file_is_named(settings, tiny_dictionary):
    settings.SEARCH_REQUIRE_HUNSPELL = True
    tiny_dictionary.with_suffix(".aff").unlink()
    (error,) = search_errors()
    assert str(tiny_dictionary.with_suffix(".aff")) in error.msg


def test_missing_dictionary_is_allowed_when_not_required(settings, missing):
    settings.SEARCH_REQUIRE_HUNSPELL = False
    assert search_errors() == []


def test_installed_dictionary_passes_the_check(settings, tiny_dictionary):
    settings.SEARCH_REQUIRE_HUNSPELL = True
    assert search_errors() == []


def test_load_raises_when_required(settings, missing, tmp_path):
    settings.SEARCH_REQUIRE_HUNSPELL = True
    with pytest.raises(ImproperlyConfigured, match="apt-get install hunspell-kk"):
        hunspell.load(missing, tmp_path / "cache")


def test_load_falls_back_with_a_warning_when_not_required(settings, missing, tmp_path, caplog):
    settings.SEARCH_REQUIRE_HUNSPELL = False
    with caplog.at_level(logging.WARNING, logger=hunspell.__name__):
        table = hunspell.load(missing, tmp_path / "cache")
    assert table.stems == {} and table.roots("құжаттар") == set()
    assert "missing" in caplog.text


def test_load_reads_an_installed_dictionary_when_required(settings, tiny_dictionary, tmp_path):
    settings.SEARCH_REQUIRE_HUNSPELL = True
    table = hunspell.load(tiny_dictionary, tmp_path / "cache")
    assert table.roots("құжаттар") == {"құжат"}
