from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Legal acts")

    def ready(self) -> None:
        if apps.is_installed("search"):  # the acts' points in the public search
            from .search_records import register

            register()
