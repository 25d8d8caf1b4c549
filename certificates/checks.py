"""System check: the PDF fonts must be installed (``make setup`` installs fonts-dejavu-core).

Runs at start-up (runserver, migrate, check), so a missing font is an error there rather than boxes or a
crash in the first PDF somebody asks for.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register("certificates", Tags.security, deploy=True)
def check_signing(app_configs=None, **kwargs) -> list[Warning]:
    """`check --deploy`: issued documents should be signed, and never with the throwaway test PKI."""
    problems = []
    if not getattr(settings, "CERTIFICATES_SIGNING_KEYS", None):
        problems.append(
            Warning(
                "CERTIFICATES_SIGNING_KEYS is empty: issued documents carry no electronic signature.",
                hint="Configure the keys of the signing roles: PKCS#12 files or a PKCS#11 token.",
                id="certificates.W001",
            )
        )
    if getattr(settings, "CERTIFICATES_TEST_PKI", ""):
        problems.append(
            Warning(
                "CERTIFICATES_TEST_PKI is set: documents are signed with a throwaway test PKI.",
                id="certificates.W002",
            )
        )
    return problems
