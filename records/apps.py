from django.apps import AppConfig, apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Applications and journals")

    def ready(self) -> None:
        from certificates.services import register_source_access

        from . import checks  # noqa: F401  (registers the system checks)
        from .scope import can_see_id

        # Staff download what was issued for an application only when they may read the application.
        register_source_access("records.application", can_see_id)

        if apps.is_installed("search"):  # applications and licences in the archivist search
            from .search_records import register

            register()

    # -- manage.py setup_portal / seed_demo (portal.site_setup) --------------------------------------------

    def set_up(self) -> None:
        from .staff.access import ensure_staff_access

        ensure_staff_access()

    def add_demo_arguments(self, parser) -> None:
        parser.add_argument(
            "--applications",
            type=int,
            default=300,
            metavar="N",
            help=gettext("Demo applications to create (0: none); skipped when demo applications exist."),
        )

    def seed_demo(self, options: dict) -> list[str]:
        from .demo import seed_demo_lines
        from .demo.staff import ensure_demo_staff_profiles
        from .eds.demo import ensure_demo_pki

        ensure_demo_staff_profiles()  # before any demo result is issued: documents name their signatories
        return seed_demo_lines(options["applications"]) + ensure_demo_pki()

    def demo_applicant_lines(self) -> list[str]:
        from .eds.demo import demo_login_lines

        return demo_login_lines()
