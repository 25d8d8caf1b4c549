from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Issued documents")

    def ready(self) -> None:
        # asn1crypto learns the signing-certificate-v2 attribute's name when its tsp module is imported, but
        # its name table is built once, at the first attribute named: an EDS sign-in (records.eds) before
        # the first signature would leave the signer unable to name it.  Import it before any request.
        from asn1crypto import tsp  # noqa: F401

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
