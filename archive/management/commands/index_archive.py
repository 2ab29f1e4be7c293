"""``python manage.py index_archive``: bring the search index up to date with every session.

A search indexes the sessions that changed since it last ran before it reads; after loading or
importing many sessions (a migration, the demo, a restore) run this once, so that the first
search does not do that work. Only what changed is indexed; ``--all`` indexes everything again."""

from django.core.management.base import BaseCommand

from archive import index
from archive.models import IndexedSession
from secretariat.models import WorkingGroup


class Command(BaseCommand):
    help = "Bring the archive's search index up to date with every session."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="index every session again")

    def handle(self, *args, all: bool = False, **options) -> None:
        if all:
            IndexedSession.objects.all().delete()
        count = index.refresh(WorkingGroup.objects.values_list("pk", flat=True), force=True)
        self.stdout.write(self.style.SUCCESS(f"{count} sessions indexed."))
