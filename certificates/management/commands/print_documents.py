"""Re-render registered documents in bulk for a reprint: new copies in a folder of your choice, marked
as reprints, with the same number and QR code, each with a fresh electronic signature of the role that
signed the original.  The registered originals are read, never written."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from certificates import layouts
from certificates.models import IssuedDocument
from certificates.services import reprint_pdf


class Command(BaseCommand):
    help = "Re-render issued documents as reprint copies (PDF files named by document number) into --out."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Folder for the copies (outside MEDIA_ROOT/issued).")
        parser.add_argument("--type", action="append", dest="types", choices=sorted(layouts.registry()))
        parser.add_argument("--year", type=int, help="Only documents issued in this year (Almaty time).")
        parser.add_argument(
            "--number", action="append", dest="numbers", metavar="N", help="A document number (repeatable)."
        )
        parser.add_argument("--status", choices=IssuedDocument.Status.values)
        parser.add_argument("--holder", help="Only documents of this IIN/BIN.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, **options):
        out = self._output_folder(options["out"])
        documents = self._select(options)
        total = documents.count()
        if not total:
            raise CommandError("No issued document matches the filters.")
        reprint_at = timezone.now()
        bar = tqdm(
            documents.iterator(chunk_size=200),
            total=total,
            unit="doc",
            desc="print_documents",
            file=self.stderr,
            disable=options["no_progress"],
        )
        for document in bar:
            pdf = reprint_pdf(document, reprint_at=reprint_at)
            (out / f"{document.number}.pdf").write_bytes(pdf)
        self.stdout.write(f"{total} copies written to {out}")

    def _output_folder(self, raw: str) -> Path:
        out = Path(raw).resolve()
        originals = (Path(settings.MEDIA_ROOT) / "issued").resolve()
        if out == originals or originals in out.parents:
            raise CommandError(f"Refusing to write copies among the registered originals ({originals}).")
        out.mkdir(parents=True, exist_ok=True)
        return out

    def _select(self, options):
        documents = IssuedDocument.objects.select_related("original").order_by("issued_at", "id")
        if options["types"]:
            documents = documents.filter(doc_type__in=options["types"])
        if options["year"]:
            documents = documents.filter(issued_at__year=options["year"])
        if options["numbers"]:
            documents = documents.filter(number__in=options["numbers"])
        if options["status"]:
            documents = documents.filter(status=options["status"])
        if options["holder"]:
            documents = documents.filter(holder_id=options["holder"])
        return documents
