"""``python manage.py rotate_seal_certificate``: renew the seal, keeping every earlier certificate."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.signing.certificates import RotationRefused, rotate_pkcs12


class Command(BaseCommand):
    help = (
        "Put a new seal certificate at SEAL_PKCS12_PATH — the organization's renewed certificate "
        "(--from FILE.p12, protected by SEAL_PKCS12_PASSPHRASE) or a new self-signed one — and keep "
        "the old one registered, so that minutes sealed before still verify."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from", dest="replacement", type=Path, help="The new certificate and key, PKCS#12."
        )
        parser.add_argument("--name", default="دبیرخانه کلان‌شهرها", help="A self-signed seal's common name.")
        parser.add_argument("--years", type=int, default=5, help="A self-signed seal's validity in years.")

    def handle(self, *args, replacement: Path | None, name: str, years: int, **options) -> None:
        if settings.SEAL_PKCS11_MODULE:
            raise CommandError(
                "The seal is on a PKCS#11 token: renew it on the token; it is registered when it first seals."
            )
        if replacement is not None and not replacement.is_file():
            raise CommandError(f"{replacement} is not a file.")
        try:
            new = rotate_pkcs12(common_name=name, years=years, replacement=replacement)
        except RotationRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"The seal now uses {new.subject} (SHA-256 {new.fingerprint}), valid until "
                f"{new.valid_until:%Y-%m-%d}; the earlier certificates stay registered."
            )
        )
