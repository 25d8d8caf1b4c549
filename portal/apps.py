from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Legal acts")

    def ready(self) -> None:
        # The shared cache (portal.cache) lives in a table that migrate does not make: make it after every
        # migrate, so that no path to a working database (bench scripts, tests, the demo) can miss it.
        post_migrate.connect(create_cache_table, sender=self)
        from .cache_invalidation import connect as connect_cache_invalidation

        connect_cache_invalidation()  # a publish replaces the cached pages it changes (issue 17)
        from .version_publish import connect as connect_version_publish

        connect_version_publish()  # an editor's published change is a new version of the act (issue 17)
        if apps.is_installed("search"):  # the acts' points in the public search
            from .search_records import register

            register()

    # -- manage.py seed_demo (portal.site_setup) ------------------------------------------------------------

    def add_demo_arguments(self, parser) -> None:
        from django.utils.translation import gettext

        parser.add_argument(
            "--no-act-version-demo",
            action="store_true",
            help=gettext("Do not publish the demonstration version 2 of act 000 (versions in time)."),
        )

    def seed_demo(self, options: dict) -> list[str]:
        from .version_demo import seed_demo_version

        return [] if options.get("no_act_version_demo") else seed_demo_version()


def create_cache_table(using: str = "default", **kwargs) -> None:
    call_command("createcachetable", database=using, verbosity=0)
