"""``python manage.py prune_stored_documents [--days N]``: delete stored documents and finished
background tasks older than N days. Documents are made again when someone asks for them."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from secretariat.models import JobStatus, StoredDocument


class Command(BaseCommand):
    help = "Delete stored documents (PDFs, Word files made from content) older than --days; they are made again on demand."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=30, help="Keep what is younger than this (default 30)."
        )

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = StoredDocument.objects.filter(created_at__lt=cutoff).exclude(job_status=JobStatus.RUNNING)
        count = 0
        for document in old.iterator():
            if document.file:
                document.file.delete(save=False)
            document.delete()
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} stored documents older than {days} days."))
