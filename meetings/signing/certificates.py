"""Every certificate the secretariat has sealed signed minutes with, kept for good.

A seal certificate is renewed every year or two; a revision sealed with the previous one must
still verify. So each certificate is registered when it first seals (or when a rotation replaces
it), each revision records the one that sealed it, and a seal is checked against the registered
certificate that made it, valid at the time it was made (``seal.check_seal``). Checking never
writes: ``/verify/`` is public and read-only.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import MinutesRevision, SealCertificate
from meetings.signing.seal import (
    SealCheck,
    check_seal,
    configured_certificate,
    make_self_signed_seal,
    signer_certificate,
)
from secretariat.audit import AuditEvent, log_action


class RotationRefused(ValueError):
    """The new certificate cannot seal: the file is left as it was."""


def fingerprint(certificate: bytes) -> str:
    return hashlib.sha256(certificate).hexdigest()


def register(certificate: bytes, *, source: str) -> SealCertificate:
    """The registered record of ``certificate`` (DER), added if new (once, however many ask)."""
    found = SealCertificate.objects.filter(fingerprint=fingerprint(certificate)).first()
    if found is not None:
        return found
    parsed = x509.load_der_x509_certificate(certificate)
    try:
        with transaction.atomic():
            return SealCertificate.objects.create(
                fingerprint=fingerprint(certificate),
                certificate=certificate,
                subject=parsed.subject.rfc4514_string(),
                valid_from=parsed.not_valid_before_utc,
                valid_until=parsed.not_valid_after_utc,
                source=source,
            )
    except IntegrityError:  # registered meanwhile by another task
        return SealCertificate.objects.get(fingerprint=fingerprint(certificate))


def _pkcs12_certificate() -> bytes | None:
    """The PKCS#12 file's certificate, read only (no token is opened to check a public page)."""
    path = Path(settings.SEAL_PKCS12_PATH)
    if not path.is_file():
        return None
    try:
        return configured_certificate() if not settings.SEAL_PKCS11_MODULE else None
    except (OSError, ValueError):
        return None


def is_registered(certificate: bytes) -> bool:
    """Whether the secretariat has sealed with ``certificate``: registered, or the PKCS#12 file's
    (a seal made before certificates were registered)."""
    if SealCertificate.objects.filter(fingerprint=fingerprint(certificate)).exists():
        return True
    return _pkcs12_certificate() == certificate


def check_registered_seal(pdf: bytes) -> SealCheck:
    """The seal of ``pdf`` checked against every certificate the secretariat has sealed with: what
    ``/verify/`` and the kept files' checks ask of a revision that recorded none."""
    return check_seal(pdf, trust=is_registered)


def _staged_pkcs12(path: Path, *, common_name: str, years: int, replacement: Path | None) -> Path:
    """The new PKCS#12 file beside ``path``, readable by its owner only from its first byte, and
    checked: it must open with the passphrase and hold a key and a certificate."""
    staged = path.with_name(path.name + ".new")
    staged.unlink(missing_ok=True)
    if replacement is None:
        make_self_signed_seal(
            staged, common_name=common_name, passphrase=settings.SEAL_PKCS12_PASSPHRASE, years=years
        )
    else:
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(replacement.read_bytes())
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(
            staged.read_bytes(), settings.SEAL_PKCS12_PASSPHRASE.encode() or None
        )
    except ValueError as error:
        staged.unlink(missing_ok=True)
        raise RotationRefused(
            f"The new certificate does not open with SEAL_PKCS12_PASSPHRASE: {error}"
        ) from None
    if key is None or certificate is None:
        staged.unlink(missing_ok=True)
        raise RotationRefused("The new PKCS#12 file must hold the seal's key and its certificate.")
    return staged


def _record_unrecorded_seals(record: SealCertificate) -> None:
    """Revisions sealed before certificates were recorded: those whose kept file this certificate
    sealed now name it, so that they verify after it is replaced."""
    for revision in MinutesRevision.objects.filter(sealed=True, seal_certificate__isnull=True).exclude(
        pdf=""
    ):
        try:
            with revision.pdf.open("rb") as handle:
                signer = signer_certificate(handle.read())
        except OSError:
            continue
        if signer is not None and fingerprint(signer) == record.fingerprint:
            MinutesRevision.objects.filter(pk=revision.pk).update(seal_certificate=record)


def rotate_pkcs12(*, common_name: str, years: int = 5, replacement: Path | None = None) -> SealCertificate:
    """Put a new certificate in the PKCS#12 file's place — ``replacement`` (the organization's
    renewed certificate) or a new self-signed one — keeping the old one registered, so that every
    revision it sealed still verifies. The new file is checked before it takes the old one's
    place; the old certificate is registered (and given to the revisions it sealed that recorded
    none) before the swap, in its own transaction. Returns the new certificate's record."""
    path = Path(settings.SEAL_PKCS12_PATH)
    staged = _staged_pkcs12(path, common_name=common_name, years=years, replacement=replacement)
    old = _pkcs12_certificate()
    if old is not None:
        with transaction.atomic():
            record = register(old, source=SealCertificate.Source.PKCS12)
            _record_unrecorded_seals(record)
    staged.replace(path)  # whole or not at all
    with transaction.atomic():
        new = register(configured_certificate(), source=SealCertificate.Source.PKCS12)
        SealCertificate.objects.exclude(pk=new.pk).filter(retired_at__isnull=True).update(
            retired_at=timezone.now()
        )
        log_action(None, AuditEvent.SEAL_ROTATED, new, fingerprint=new.fingerprint, certificate=new.subject)
    return new
