"""``python manage.py backup [PATH]``: all data, uploaded files and signed PDFs in one archive."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from secretariat.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup (.tar.gz) of the database's data and every stored file, with their SHA-256."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", nargs="?", help="Where to write (default: var/backups/secretariat-<time>.tar.gz)."
        )

    def handle(self, *args, path: str | None = None, **options) -> None:
        if path is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            path = str(Path(settings.BASE_DIR) / "var" / "backups" / f"secretariat-{stamp}.tar.gz")
        summary = create_backup(Path(path))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {summary.objects} objects, {summary.files} files."
            )
        )
        for name in summary.missing_files:
            self.stderr.write(self.style.WARNING(f"missing from storage, not backed up: {name}"))
