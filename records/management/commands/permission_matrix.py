"""Write docs/permissions.md (role × transition) from the state machines; --check only compares."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.permissions import DEFAULT_PATH, render_permission_matrix, write_permission_matrix


class Command(BaseCommand):
    # Operator help stays English, like Django's own commands.
    help = "Write the permission matrix (role x transition) to docs/permissions.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH, help="Where to write the matrix.")
        parser.add_argument(
            "--check", action="store_true", help="Exit 1 if the file is stale; write nothing."
        )

    def handle(self, *args, output: Path, check: bool, **options) -> None:
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != render_permission_matrix():
                raise CommandError(f"{output} is stale: run `python manage.py permission_matrix`.")
            self.stdout.write(f"{output} is up to date.")
            return
        changed = write_permission_matrix(output)
        self.stdout.write(f"{'Wrote' if changed else 'Unchanged:'} {output}")
