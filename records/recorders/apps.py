import argparse

from django.apps import AppConfig, apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RecordersConfig(AppConfig):
    name = "records.recorders"
    label = "recorders"
    verbose_name = _("Body-camera recorders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        if apps.is_installed("search"):  # journal entries and recordings in the archivist search
            from .search_records import register

            register()

    # -- manage.py setup_portal / seed_demo (portal.site_setup) --------------------------------------------

    def set_up(self) -> None:
        from .setup import setup_recorders

        setup_recorders()

    def add_demo_arguments(self, parser) -> None:
        parser.add_argument(
            "--recorders",
            action=argparse.BooleanOptionalAction,
            default=True,
            help=gettext("A month of body-camera journal for one unit; skipped when the demo unit exists."),
        )

    def seed_demo(self, options: dict) -> list[str]:
        if not options["recorders"]:
            return []
        from .demo import seed_recorders_demo

        recorders = seed_recorders_demo()
        return [
            gettext("Demo recorder journal: %(unit)s, %(rows)s rows, %(files)s recordings.")
            % {"unit": recorders.unit, "rows": recorders.rows, "files": recorders.recordings}
        ]
