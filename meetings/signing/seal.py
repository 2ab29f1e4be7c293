"""The secretariat's digital seal on signed minutes: an invisible PAdES signature (pyHanko).

The seal's text cannot be shaped in Persian by pyHanko, so the seal is invisible: the visible
signature table and verification code are part of the WeasyPrint page itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

SEAL_FIELD = "SecretariatSeal"


def _outside_event_loop(function):
    """Run pyHanko, which calls ``asyncio.run``, in a worker thread when this thread has a loop.

    Under an ASGI server (or next to Playwright in the tests) an event loop already runs in the
    calling thread, and ``asyncio.run`` would refuse to start.
    """

    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
            return executor.submit(function, *args, **kwargs).result()

    return functools.wraps(function)(wrapper)


def seal_configured() -> bool:
    return Path(settings.SEAL_PKCS12_PATH).is_file()


def make_self_signed_seal(path: Path, *, common_name: str, passphrase: str = "", years: int = 5) -> Path:
    """Write a PKCS#12 file with a new RSA key and a self-signed certificate for sealing."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", key, certificate, None, encryption))
    path.chmod(0o600)
    return path


@_outside_event_loop
def seal_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """``pdf`` with the secretariat's invisible PAdES seal added as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    passphrase = settings.SEAL_PKCS12_PASSPHRASE.encode() or None
    signer = signers.SimpleSigner.load_pkcs12(str(settings.SEAL_PKCS12_PATH), passphrase=passphrase)
    if signer is None:
        raise ValueError("The seal certificate could not be read: check SEAL_PKCS12_PATH and its passphrase.")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


@dataclass(frozen=True)
class SealCheck:
    """What pyHanko says of a PDF's seal: present, unchanged since sealing, signed by the certificate."""

    present: bool
    intact: bool
    valid: bool

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.valid


@_outside_event_loop
def check_seal(pdf: bytes, *, trust: bytes | None = None) -> SealCheck:
    """Validate the seal of ``pdf`` against the configured certificate (or ``trust``, DER or PEM)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        seals = [s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD]
    except Exception:  # a damaged file is simply "not sealed"
        return SealCheck(present=False, intact=False, valid=False)
    if not seals:
        return SealCheck(present=False, intact=False, valid=False)
    certificate = trust if trust is not None else _configured_certificate()
    if certificate.startswith(b"-----"):
        certificate = x509.load_pem_x509_certificate(certificate).public_bytes(serialization.Encoding.DER)
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(certificate)])
    try:
        status = validate_pdf_signature(seals[0], context)
    except Exception:
        return SealCheck(present=True, intact=False, valid=False)
    return SealCheck(present=True, intact=status.intact, valid=status.valid and status.trusted)


def _configured_certificate() -> bytes:
    passphrase = settings.SEAL_PKCS12_PASSPHRASE.encode() or None
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        Path(settings.SEAL_PKCS12_PATH).read_bytes(), passphrase
    )
    if certificate is None:
        raise ValueError(f"{settings.SEAL_PKCS12_PATH} holds no certificate")
    return certificate.public_bytes(serialization.Encoding.DER)
