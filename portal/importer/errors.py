"""The one error the importer raises: it names the file and the 1-based source line."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _


class ImportActError(Exception):
    """A legal-act file that cannot be imported as it is.

    `line` is 1-based; 0 means the file as a whole (unreadable, empty).  `reason` is already translated.
    """

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = str(reason)
        if line:
            message = _("%(file)s, line %(line)d: %(reason)s") % {
                "file": self.path,
                "line": line,
                "reason": self.reason,
            }
        else:
            message = _("%(file)s: %(reason)s") % {"file": self.path, "reason": self.reason}
        self.message = str(message)
        super().__init__(self.message)
