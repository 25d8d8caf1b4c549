"""`manage.py import_act PATH [--dry-run]`: parse a legal-act text file and publish it in Kazakh."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.importer import ImportActError, parse_act


class Command(BaseCommand):
    # argparse needs plain strings: translate when the parser is built, in the active language.
    @property
    def help(self) -> str:  # type: ignore[override]
        return gettext("Import a legal act from its extracted text and publish it as Wagtail pages.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help=gettext("The text file of the act (UTF-8)."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext("Print the parsed act as JSON and change nothing (no database needed)."),
        )

    def handle(self, *args, path: str, dry_run: bool = False, **options) -> None:
        try:
            parsed = parse_act(Path(path))
        except ImportActError as exc:
            raise CommandError(exc.message) from exc
        if dry_run:
            self.stdout.write(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2))
            return
        # Imported here so that parsing (and --dry-run) works without the page models.
        from portal import publishing

        publish_errors = (ImportActError, getattr(publishing, "PublishError", ImportActError))
        try:
            counts = publishing.publish_act(parsed)
        except publish_errors as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{key}={value}" for key, value in counts.items())
        message = _("Imported %(file)s (%(state)s): %(counts)s") % {
            "file": parsed.source_name,
            "state": _("draft, to be reviewed") if parsed.draft else _("published"),
            "counts": summary,
        }
        self.stdout.write(self.style.SUCCESS(message))
