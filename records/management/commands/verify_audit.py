"""Check the transition log: the keyed chain, the signed checkpoints outside the database and every audited
record's state against its last row; exit non-zero on any problem, each named."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.audit_checkpoints import checkpoint_path
from records.audit_verify import check_chain


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands (argparse cannot take a lazy string).
    help = (
        "Verify the transition log against its key and its checkpoints: rows changed, removed, reordered or"
        " truncated, forged checkpoints, states changed outside a transition; exit 1 on any."
    )

    def handle(self, *args, **options) -> None:
        began = time.perf_counter()
        count, problems = check_chain()
        seconds = time.perf_counter() - began
        if not checkpoint_path().exists():
            self.stderr.write(
                _("No checkpoint in %(path)s yet: run audit_checkpoint from cron.")
                % {"path": checkpoint_path()}
            )
        rate = _("%(count)s rows in %(seconds).2f s (%(rate)s rows/s)") % {
            "count": count,
            "seconds": seconds,
            "rate": int(count / seconds) if seconds > 0 else count,
        }
        if not problems:
            self.stdout.write(self.style.SUCCESS(_("OK: %(count)s rows verified") % {"count": count}))
            self.stdout.write(rate)
            return
        for problem in problems:
            self.stdout.write(problem.message)
        self.stdout.write(rate)
        raise CommandError(
            _("%(problems)s problem(s) found in %(count)s transition log rows")
            % {"problems": len(problems), "count": count}
        )
