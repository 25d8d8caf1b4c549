"""System check: the PDF fonts must be installed (``make setup`` installs fonts-dejavu-core).

Runs at start-up (runserver, migrate, check), so a missing font is an error there rather than boxes or a
crash in the first PDF somebody asks for.
"""

from __future__ import annotations

from django.core.checks import Error, register

from certificates import conf
from certificates.pdf.fonts import font_problems


@register("certificates")
def check_fonts(app_configs=None, **kwargs) -> list[Error]:
    return [
        Error(
            problem,
            hint="Run `make setup` (Debian package fonts-dejavu-core) or set CERTIFICATE_FONT_DIR.",
            id="certificates.E001",
        )
        for problem in font_problems(conf.font_paths())
    ]
