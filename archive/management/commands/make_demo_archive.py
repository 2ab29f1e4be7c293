"""``python manage.py make_demo_archive``: writes archive/demo/earlier-sessions.zip (``archive.demo_archive``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from archive import demo_archive


class Command(BaseCommand):
    help = "Make the demo's zip of three earlier sessions (a Word file, a text PDF and a scan)."

    def handle(self, *args, **options) -> None:
        demo_archive.ZIP.write_bytes(demo_archive.build())
        self.stdout.write(f"Wrote {demo_archive.ZIP}")
