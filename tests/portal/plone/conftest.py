"""The Plone export fixtures (written from collective.exportimport's format) and a way to import them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE = FIXTURES / "site"
BROKEN = FIXTURES / "broken"

# UIDs of the site fixture
FOLDER, SUBFOLDER = "a1" * 16, "a2" * 16
DOC_KK, DOC_RU, NEWS_PRIVATE, DOC_PENDING = "b1" * 16, "b2" * 16, "c1" * 16, "c2" * 16
PDF_BASE64, PDF_BLOB_PATH, IMAGE = "d1" * 16, "d2" * 16, "e1" * 16


def site_items() -> list[dict]:
    return json.loads((SITE / "Plone.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A writable copy of the site export (tests change items or cut the file)."""
    target = tmp_path / "export"
    shutil.copytree(SITE, target)
    return target


def run_import(path: Path, **options):
    from portal.plone.importer import Options, PloneImporter
    from portal.plone.mapping import ImportMap

    base = path if path.is_dir() else path.parent
    options.setdefault("import_map", ImportMap())
    options.setdefault("blob_dir", base / "blobstorage")
    options.setdefault("progress", False)
    options.setdefault("checkpoint", base.parent / f"{base.name}.checkpoint.json")
    return PloneImporter(Options(path=path, **options)).run()


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
