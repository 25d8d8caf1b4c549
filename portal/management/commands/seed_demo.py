from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal import site_setup
from portal.demo import ensure_demo_users


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Demo data: the portal set-up and one demo user per role (passwords are printed).")

    def add_arguments(self, parser):
        # Each app adds the options of its own demo data (AppConfig.add_demo_arguments, portal.site_setup).
        parser.add_argument("--quiet-users", action="store_true", help=gettext("Do not print the logins."))
        site_setup.add_demo_arguments(parser)

    def handle(self, *args, **options):
        site_setup.set_up_site()
        users = ensure_demo_users()
        for line in site_setup.seed_demo(options):
            self.stdout.write(line)
        if options["quiet_users"]:
            return
        self.stdout.write(gettext("Demo users (username / password / role):"))
        for demo in users:
            self.stdout.write(f"  {demo.username:24} {demo.password:32} {demo.label}")
