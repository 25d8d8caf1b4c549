"""Applying the curated fix table (rules A and H) to a known act's lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .fixtable import Fix
from .normalize import fix_homoglyphs
from .source import Source
from .tree import Repair


def _describe(fix: Fix) -> str:
    edits = "; ".join(f"L{line}: «{old.strip()}» → «{new.strip()}»" for line, old, new in fix.edits)
    kind = "displaced hyperlink anchor moved back" if fix.rule == "A" else "glued words split"
    return f"{fix.case}: {kind} ({edits})"


def apply_curated_fixes(source: Source, fixes: tuple[Fix, ...]) -> None:
    """Apply every fix; a missing expected text means a different file, so fail loudly."""
    for fix in fixes:
        for line, old, new in fix.edits:
            expected, _unused = fix_homoglyphs(old, line)  # the table may be written with raw homoglyphs
            current = source.text[line - 1] if 0 < line <= len(source) else ""
            if current.count(expected) != 1:
                raise source.error(
                    line,
                    _(
                        "the curated fix table expects «%(text)s» exactly once on this line, "
                        "but the line reads «%(line)s»; the file differs from the known act"
                    )
                    % {"text": expected, "line": current.strip()},
                )
            source.text[line - 1] = current.replace(expected, new)
        source.add_repair(fix.edits[0][0], Repair(fix.rule, _describe(fix)))
