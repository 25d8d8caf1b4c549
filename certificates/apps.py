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
