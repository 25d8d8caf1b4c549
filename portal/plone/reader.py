"""Stream the items of a collective.exportimport content export, whichever of its three layouts it has.

* one JSON array in one file (`Plone.json`), given as PATH or found in the PATH directory;
* one JSON array per portal type (`Document.json`, `Folder.json`, …) in the PATH directory;
* one JSON object per item (`1.json`, `2.json`, …), in the PATH directory or a sub-directory of it.

Arrays are read with ijson, item by item, so memory stays flat however large the export.  The other
exports of the directory (`export_redirects.json`, …) are not content and are left to their readers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ijson

_NUMBERED = re.compile(r"^(\d+)\.json$")


class ExportFormatError(ValueError):
    """The export is not readable JSON (truncated, invalid) or not in a layout the reader knows."""


@dataclass(frozen=True)
class RawItem:
    position: int  # 0-based order of the item over the whole export: the checkpoint counts these
    source: str  # file name, for the report
    data: dict


def content_sources(path: Path) -> list[Path]:
    """The content files of PATH, in reading order; numbered files in their numeric order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ExportFormatError(f"no such file or directory: {path}")
    arrays = sorted(
        p for p in path.glob("*.json") if not p.name.startswith("export_") and not _NUMBERED.match(p.name)
    )
    numbered = _numbered(path)
    for sub in sorted(p for p in path.iterdir() if p.is_dir()):
        numbered += _numbered(sub)
    sources = arrays + numbered
    if not sources:
        raise ExportFormatError(f"no content export (*.json) in {path}")
    return sources


def _numbered(folder: Path) -> list[Path]:
    files = [p for p in folder.glob("*.json") if _NUMBERED.match(p.name)]
    return sorted(files, key=lambda p: int(_NUMBERED.match(p.name).group(1)))


def iter_items(path: Path, start: int = 0) -> Iterator[RawItem]:
    """Every item of the export from position `start` on (earlier ones are parsed but not yielded)."""
    position = 0
    for source in content_sources(path):
        for data in _read(source):
            if not isinstance(data, dict):
                raise ExportFormatError(f"{source.name}: item {position + 1} is not a JSON object")
            if position >= start:
                yield RawItem(position, source.name, data)
            position += 1


def _read(source: Path) -> Iterator[object]:
    try:
        with source.open("rb") as stream:
            if _NUMBERED.match(source.name):
                yield json.load(stream)
                return
            first = _first_byte(stream)
            if first != b"[":
                raise ExportFormatError(f"{source.name}: a content export is a JSON array")
            yield from ijson.items(stream, "item", use_float=True)
    except (ijson.JSONError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportFormatError(f"{source.name}: invalid or truncated JSON ({exc})") from exc


def _first_byte(stream) -> bytes:
    """The first non-blank byte (a BOM is skipped), the stream left at the start of the file."""
    head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    stream.seek(0)
    return head[:1]


def read_optional(path: Path, name: str) -> object | None:
    """One of the small side exports (`export_redirects.json`, …) of the directory, if it is there."""
    file = path / name if path.is_dir() else path.parent / name
    if not file.exists():
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportFormatError(f"{name}: invalid JSON ({exc})") from exc
