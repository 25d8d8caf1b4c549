"""``manage.py verify_media``: re-hash every stored recording and report any that changed or vanished.

Exit status 0 when every file matches its SHA-256, 1 otherwise (for cron and monitoring); the missing
database triggers of the journal and the storage are reported too.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from portal import db_triggers
from records.recorders.evidence import check_files
from records.recorders.guards import GUARDS
from records.recorders.models import MediaRecord


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands (argparse cannot take a lazy string).
    help = "Re-hash the stored recordings; exit 1 if a file changed or vanished (or a trigger is missing)."

    def handle(self, *args, **options):
        records = MediaRecord.objects.live().order_by("pk").iterator(chunk_size=500)
        checked, problems = 0, []
        for media in records:
            checked += 1
            problems.extend(check_files([media]))
        unguarded = [name for guard in GUARDS for name in db_triggers.missing(connection, guard)]
        for problem in problems:
            message = (
                _("Recording #%(id)s %(name)s (%(sha)s): the stored file has changed.")
                if problem.kind == "changed"
                else _("Recording #%(id)s %(name)s (%(sha)s): the stored file is missing.")
            )
            self.stdout.write(message % {"id": problem.media_id, "name": problem.name, "sha": problem.sha256})
        for name in unguarded:
            self.stdout.write(_("The database trigger %(name)s is missing.") % {"name": name})
        if problems or unguarded:
            raise CommandError(
                _("%(bad)s of %(count)s stored recordings failed the check.")
                % {"bad": len(problems), "count": checked},
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(_("OK: %(count)s stored recordings checked, all intact.") % {"count": checked})
        )
