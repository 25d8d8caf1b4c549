"""Append a signed checkpoint of the transition log's head to AUDIT_CHECKPOINT_PATH and print it (cron)."""

from django.core.management.base import BaseCommand

from records.audit_checkpoints import checkpoint_path, take_checkpoint


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands (argparse cannot take a lazy string).
    help = (
        "Append a signed checkpoint {time, head seq, head hash, row count} of the transition log to the file"
        " AUDIT_CHECKPOINT_PATH and print it; run it from cron (e.g. hourly)."
    )

    def handle(self, *args, **options) -> None:
        checkpoint = take_checkpoint()
        # The printed line is a second copy for the cron mail or the log collector, away from the server.
        self.stdout.write(checkpoint.line())
        self.stderr.write(f"-> {checkpoint_path()}")
