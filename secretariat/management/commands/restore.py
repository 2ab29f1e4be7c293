"""``python manage.py restore PATH``: load a backup into a freshly migrated, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from secretariat.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into a migrated, empty database and its storage."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            summary = restore_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {summary.objects} objects and {summary.files} files from {path}.")
        )
