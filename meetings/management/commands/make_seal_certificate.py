"""``python manage.py make_seal_certificate``: a self-signed seal certificate for local use."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.signing.certificates import rotate_pkcs12
from meetings.signing.seal import make_self_signed_seal


class Command(BaseCommand):
    help = (
        "Create a self-signed PKCS#12 seal certificate at SEAL_PKCS12_PATH (protected by "
        "SEAL_PKCS12_PASSPHRASE). For local use: production reads a real certificate from the environment."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", default="دبیرخانه کلان‌شهرها", help="The seal's common name.")
        parser.add_argument("--if-missing", action="store_true", help="Do nothing if the file exists.")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, name: str, if_missing: bool, force: bool, **options) -> None:
        path = Path(settings.SEAL_PKCS12_PATH)
        if path.exists():
            if if_missing:
                self.stdout.write(f"Seal certificate already at {path}.")
                return
            if not force:
                raise CommandError(f"{path} exists; use --force (or rotate_seal_certificate) to replace it.")
            rotate_pkcs12(common_name=name)  # the old certificate stays registered: its seals still verify
            self.stdout.write(
                self.style.SUCCESS(f"New self-signed seal certificate at {path}; the old one is kept.")
            )
            return
        make_self_signed_seal(path, common_name=name, passphrase=settings.SEAL_PKCS12_PASSPHRASE)
        self.stdout.write(self.style.SUCCESS(f"Self-signed seal certificate written to {path}."))
