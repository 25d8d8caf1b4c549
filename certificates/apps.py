from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Issued documents")

    def ready(self) -> None:
        from certificates import checks  # noqa: F401  (registers the font check)

        if apps.is_installed("search"):  # issued documents in the archivist search
            from .search_records import register

            register()

    def seed_demo(self, options: dict) -> list[str]:
        """The demo signs with a throwaway test PKI (written once; every document says TEST PKI)."""
        from django.conf import settings

        from certificates import testpki

        directory = getattr(settings, "CERTIFICATES_TEST_PKI", "")
        if not directory:
            return []
        testpki.ensure(directory)
        return [f"Documents are signed with a TEST PKI: {directory}"]
