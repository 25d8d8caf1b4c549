"""Write the demo's throwaway test PKI (certificates.testpki) where CERTIFICATES_TEST_PKI points
(var/test_pki/ for `make run`); idempotent.  Signing writes it on first use anyway; this makes it explicit."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates import testpki


class Command(BaseCommand):
    help = "Create the demo's test PKI for signing documents (idempotent; never for production)."

    def handle(self, *args, **options):
        directory = getattr(settings, "CERTIFICATES_TEST_PKI", "")
        if not directory:
            raise CommandError("CERTIFICATES_TEST_PKI is not set: these settings use a real PKI.")
        testpki.ensure(directory)
        self.stdout.write(f"Test PKI (TEST PKI on every signed document): {directory}")
