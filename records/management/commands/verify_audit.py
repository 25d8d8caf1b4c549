"""Check the hash chain of the transition log; exit non-zero if any row was changed, removed or reordered."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from records.audit import check_chain


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands (argparse cannot take a lazy string).
    help = "Verify that no transition log row was changed, removed or reordered; exit 1 if one was."

    def handle(self, *args, **options) -> None:
        count, problems = check_chain()
        if not problems:
            self.stdout.write(self.style.SUCCESS(_("OK: %(count)s rows verified") % {"count": count}))
            return
        for problem in problems:
            self.stdout.write(problem.message)
        raise CommandError(
            _("%(problems)s problem(s) found in %(count)s transition log rows")
            % {"problems": len(problems), "count": count}
        )
