"""`manage.py import_plone PATH [--dry-run] [--site-path /Plone] [--map FILE]`: move in from Plone.

PATH is a collective.exportimport content export (a JSON file, or the directory holding it).  The report
(every item: created, updated, skipped or failed, with the reason) is printed and written as JSON; the
command exits 1 when any item failed, a file is missing or the export is unreadable.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.plone.importer import Options, PloneImporter
from portal.plone.mapping import MapError, load_map
from portal.plone.report import Report


def _sibling(path: Path, suffix: str) -> Path:
    path = path.resolve()
    return path.with_name(path.name + suffix)


class Command(BaseCommand):
    help = "Import a Plone site exported with collective.exportimport (content, files, history)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The content export: a JSON file or its directory.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Import, report, then roll everything back."
        )
        parser.add_argument(
            "--site-path", default="/Plone", help="Path of the Plone site in @id (default /Plone)."
        )
        parser.add_argument(
            "--map", type=Path, dest="map_file", help="JSON map of Plone types (see portal.plone.mapping)."
        )
        parser.add_argument(
            "--blobs", type=Path, help="Copied blob storage for blob_path (default PATH/blobstorage)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Items per transaction (default 200)."
        )
        parser.add_argument("--checkpoint", type=Path, help="Checkpoint file (default PATH.checkpoint.json).")
        parser.add_argument("--report", type=Path, help="Report file (default PATH.report.json).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, **options):
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory")
        try:
            import_map = load_map(options["map_file"])
        except MapError as exc:
            raise CommandError(str(exc)) from exc
        base = path if path.is_dir() else path.parent
        blob_dir = options["blobs"] or (base / "blobstorage" if (base / "blobstorage").is_dir() else None)
        report = PloneImporter(
            Options(
                path=path,
                import_map=import_map,
                site_path=options["site_path"],
                blob_dir=blob_dir,
                dry_run=options["dry_run"],
                batch_size=max(1, options["batch_size"]),
                checkpoint=options["checkpoint"] or _sibling(path, ".checkpoint.json"),
                progress=not options["no_progress"],
            )
        ).run()
        report_path = options["report"] or _sibling(path, ".report.json")
        report.write(report_path)
        self._print(report, report_path)
        if not report.ok:
            raise CommandError(self._failure(report), returncode=1)

    def _print(self, report: Report, report_path: Path) -> None:
        for entry in report.entries:
            if entry.status == "failed":
                self.stdout.write(
                    f"failed  {entry.path or entry.source} ({entry.portal_type}): {entry.reason}"
                )
        for link in report.unresolved_links:
            self.stdout.write(f"links   {link['path']}: no target for {', '.join(link['links'])}")
        for name, result in report.post_passes.items():
            figures = ", ".join(f"{key} {value}" for key, value in result.items() if key != "problems")
            self.stdout.write(f"{name}: {figures}; reported {len(result.get('problems', []))}")
        counts = report.counts()
        prefix = "dry run: " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}created {counts['created']}, updated {counts['updated']}, skipped {counts['skipped']}, "
            f"failed {counts['failed']}; report: {report_path}"
        )

    def _failure(self, report: Report) -> str:
        if report.fatal:
            return f"the export is unreadable, the batch being read was not imported: {report.fatal}"
        return f"{report.counts()['failed']} item(s) failed, {report.missing_blobs} file(s) missing"
