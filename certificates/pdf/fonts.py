"""Embedded TrueType fonts with the Kazakh letters, registered with ReportLab once per process.

The fonts come from a Debian package installed by ``make setup`` (fonts-dejavu-core); nothing is
downloaded at run time.  A missing or incomplete font is an error, never boxes in a PDF.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from certificates import conf

# The nine letters of the Kazakh alphabet that Russian lacks, in both cases.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
# Everything else the layouts print beyond ASCII and basic Cyrillic.
EXTRA_SYMBOLS = "№«»—–☐☒•"


class FontMissingError(RuntimeError):
    """The configured font files are absent, unreadable or lack Kazakh letters."""


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str


def font_problems(paths: dict[str, Path]) -> list[str]:
    """Translated descriptions of what is wrong with the font files (empty when they are usable)."""
    problems = []
    for path in paths.values():
        if not path.is_file():
            problems.append(_("The font file %(path)s does not exist.") % {"path": path})
            continue
        try:
            face = _load(str(path)).face
        except (OSError, TTFError) as error:
            problems.append(
                _("The font file %(path)s cannot be read: %(error)s") % {"path": path, "error": error}
            )
            continue
        lacking = "".join(ch for ch in KAZAKH_LETTERS + EXTRA_SYMBOLS if ord(ch) not in face.charToGlyph)
        if lacking:
            problems.append(
                _("The font file %(path)s has no glyphs for: %(letters)s")
                % {"path": path, "letters": lacking}
            )
    return problems


def missing_font_message(problems: list[str]) -> str:
    return " ".join(
        [
            *problems,
            _(
                "Install the Debian package fonts-dejavu-core (make setup) or point CERTIFICATE_FONT_DIR "
                "at a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf."
            ),
        ]
    )


def fonts() -> FontSet:
    """Register the configured fonts (once per folder) and return their ReportLab names."""
    paths = conf.font_paths()
    return _register(str(paths["regular"]), str(paths["bold"]))


@lru_cache(maxsize=8)
def _load(path: str) -> TTFont:
    # Parsing a TrueType file takes tens of milliseconds: done once per file and process.
    tag = hashlib.sha1(path.encode()).hexdigest()[:8]
    return TTFont(f"KkSans-{tag}", path)


@lru_cache(maxsize=8)
def _register(regular: str, bold: str) -> FontSet:
    problems = font_problems({"regular": Path(regular), "bold": Path(bold)})
    if problems:
        raise FontMissingError(missing_font_message(problems))
    faces = FontSet(regular=_load(regular).fontName, bold=_load(bold).fontName)
    for path, name in ((regular, faces.regular), (bold, faces.bold)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_load(path))
    return faces


def clear_cache() -> None:
    """Forget parsed fonts (tests that change CERTIFICATE_FONT_DIR, the uncached benchmark)."""
    _register.cache_clear()
    _load.cache_clear()
