"""Check the electronic signature of a PDF offline, as the verify page does: ``manage.py verify_document
FILE``; exit status 0 when the signature is valid, 1 when not (or the file cannot be read)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from certificates.signature_check import check_pdf


class Command(BaseCommand):
    help = "Validate the electronic signature of a PDF file (exit 0: valid, 1: not valid)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PDF file to check.")
        parser.add_argument("--details", action="store_true", help="Also print pyHanko's technical summary.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error}", returncode=1) from error
        report = check_pdf(data)
        self.stdout.write(f"{path}: {report.message()}")
        if report.signer:
            self.stdout.write(f"  {gettext('Certificate')}: {report.signer}, № {report.serial}")
        if report.signed_at:
            self.stdout.write(f"  {gettext('Signed at')}: {report.signed_at.isoformat()}")
        if options["details"] and report.detail:
            self.stdout.write(f"  {report.detail}")
        if not report.valid:
            raise SystemExit(1)
