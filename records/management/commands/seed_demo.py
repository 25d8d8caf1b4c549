import argparse
import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from portal.demo import ensure_demo_users
from portal.staff import setup_portal
from records.demo import seed_applications
from records.recorders.demo import seed_recorders_demo
from records.setup import setup_records
from records.states import TERMINAL_STATES


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Demo data: the portal set-up and one demo user per role (passwords are printed).")

    def add_arguments(self, parser):
        # Later features add their own demo data here, each behind an option (e.g. --applications), and
        # call it from handle() after the users exist.
        parser.add_argument("--quiet-users", action="store_true", help=gettext("Do not print the logins."))
        parser.add_argument(
            "--applications",
            type=int,
            default=300,
            metavar="N",
            help=gettext("Demo applications to create (0: none); skipped when demo applications exist."),
        )
        parser.add_argument(
            "--recorders",
            action=argparse.BooleanOptionalAction,
            default=True,
            help=gettext("A month of body-camera journal for one unit; skipped when the demo unit exists."),
        )

    def handle(self, *args, **options):
        setup_portal()
        users = ensure_demo_users()
        setup_records()
        states = _seed_applications(options["applications"])
        if states:
            self.stdout.write(
                gettext("Demo applications: %(count)s (%(open)s in progress).")
                % {
                    "count": sum(states.values()),
                    "open": sum(n for s, n in states.items() if s not in TERMINAL_STATES),
                }
            )
        if options["recorders"]:
            recorders = seed_recorders_demo()
            self.stdout.write(
                gettext("Demo recorder journal: %(unit)s, %(rows)s rows, %(files)s recordings.")
                % {"unit": recorders.unit, "rows": recorders.rows, "files": recorders.recordings}
            )
        if options["quiet_users"]:
            return
        self.stdout.write(gettext("Demo users (username / password / role):"))
        for demo in users:
            self.stdout.write(f"  {demo.username:24} {demo.password:32} {demo.label}")


def _seed_applications(count: int):
    """Demo applications, indexed for search in one batch at the end rather than after every transition."""
    inline = getattr(settings, "SEARCH_OUTBOX_INLINE", False)
    settings.SEARCH_OUTBOX_INLINE = False
    try:
        states = seed_applications(count)
    finally:
        settings.SEARCH_OUTBOX_INLINE = inline
    if states and inline:
        call_command("search_worker", "--once", stdout=io.StringIO())
    return states
