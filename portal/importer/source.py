"""Reading an act file: bytes → checked UTF-8 → NFC lines, with rules J and F applied line by line."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .errors import ImportActError
from .normalize import fix_homoglyphs, fix_spaced_letters
from .tree import Repair

# Control characters (C0 except tab/newline/CR, DEL, C1) never occur in extracted text: the file is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Source:
    """The lines of one act: `raw` exactly as in the file, `text` as the repairs leave them."""

    path: Path
    sha256: str
    raw: list[str]
    text: list[str]
    repairs: dict[int, list[Repair]] = field(default_factory=dict)  # line-level repairs by line number

    def add_repair(self, line: int, repair: Repair) -> None:
        self.repairs.setdefault(line, []).append(repair)

    def error(self, line: int, reason: str) -> ImportActError:
        return ImportActError(self.path, line, reason)

    def __len__(self) -> int:
        return len(self.raw)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise ImportActError(path, 0, _("the file is empty"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = _("the file is not UTF-8 text (invalid byte at offset %(offset)d)") % {"offset": exc.start}
        raise ImportActError(path, line, reason) from None
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportActError(
            path,
            line,
            _("the file contains binary data (control character U+%(code)04X)")
            % {"code": ord(control.group())},
        )
    return text.removeprefix("\ufeff")


def read_source(path: Path) -> Source:
    """Read, check and normalise the file; raise ImportActError for anything that is not act text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = _("the file cannot be read (%(error)s)") % {"error": exc.strerror}
        raise ImportActError(path, 0, reason) from None
    raw = [line.removesuffix("\r") for line in _decode(path, data).split("\n")]
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), raw=raw, text=[])
    for number, line in enumerate(raw, start=1):
        fixed, repairs = fix_homoglyphs(unicodedata.normalize("NFC", line), number)
        fixed, spaced = fix_spaced_letters(fixed, number)
        for repair in repairs + spaced:
            source.add_repair(number, repair)
        source.text.append(fixed)
    return source
