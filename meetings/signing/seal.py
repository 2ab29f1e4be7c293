"""The secretariat's digital seal on signed minutes: an invisible PAdES signature (pyHanko).

The seal's text cannot be shaped in Persian by pyHanko, so the seal is invisible: the visible
signature table and verification code are part of the WeasyPrint page itself.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import datetime
import functools
import io
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

logger = logging.getLogger(__name__)

SEAL_FIELD = "SecretariatSeal"
SOURCE_PKCS12 = "pkcs12"
SOURCE_PKCS11 = "pkcs11"


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
    return bool(settings.SEAL_PKCS11_MODULE) or Path(settings.SEAL_PKCS12_PATH).is_file()


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


# A timestamp reply is a few kilobytes; more is not one.
MAX_TIMESTAMP_REPLY = 256 * 1024


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, "the timestamp authority redirects", headers, fp)


def _timestamper():
    """The configured timestamp authority's client, or ``None``: RFC 3161 over HTTP(S) with the
    standard library, basic authentication when configured, and a timeout."""
    if not settings.SEAL_TSA_URL:
        return None
    if not settings.SEAL_TSA_TRUST:
        raise ValueError(
            "SEAL_TSA_URL is set without SEAL_TSA_TRUST: give the timestamp authority's root certificate "
            "(PEM), so that its timestamps can be validated and embedded."
        )
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

    class StandardLibraryTimeStamper(TimeStamper):
        def __init__(self, url: str, *, timeout: float, username: str = "", password: str = "") -> None:
            super().__init__()
            self.url = url
            self.timeout = timeout
            self.headers = set_tsp_headers({})
            if username:
                token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
                self.headers["Authorization"] = f"Basic {token}"

        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            def post() -> tsp.TimeStampResp:
                request = urllib.request.Request(
                    self.url, data=req.dump(), headers=self.headers, method="POST"
                )
                opener = urllib.request.build_opener(_RefuseRedirects)  # credentials go nowhere else
                try:
                    with opener.open(request, timeout=self.timeout) as response:
                        if response.headers.get("Content-Type") != "application/timestamp-reply":
                            raise TimestampRequestError(
                                "The timestamp authority's answer is not a timestamp reply."
                            )
                        body = response.read(MAX_TIMESTAMP_REPLY + 1)
                except OSError as error:
                    raise TimestampRequestError(f"The timestamp authority did not answer: {error}") from error
                if len(body) > MAX_TIMESTAMP_REPLY:
                    raise TimestampRequestError("The timestamp authority's answer is too large.")
                return tsp.TimeStampResp.load(body)

            return await asyncio.to_thread(post)

    return StandardLibraryTimeStamper(
        settings.SEAL_TSA_URL,
        timeout=settings.SEAL_TSA_TIMEOUT,
        username=settings.SEAL_TSA_USERNAME,
        password=settings.SEAL_TSA_PASSWORD,
    )


def tsa_trust_roots() -> list:
    """The timestamp authority's root certificates (``SEAL_TSA_TRUST``, PEM), as asn1crypto objects."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    if not settings.SEAL_TSA_TRUST:
        return []
    try:
        armored = Path(settings.SEAL_TSA_TRUST).read_bytes()
        return [
            asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(armored, multiple=True)
        ]
    except (OSError, ValueError):
        logger.exception("SEAL_TSA_TRUST could not be read")
        return []


@contextlib.contextmanager
def configured_signer():
    """The signer of the configured seal: a key on a PKCS#11 token when ``SEAL_PKCS11_MODULE`` is
    set, the PKCS#12 file otherwise. Yields ``(signer, certificate DER, source)``."""
    from pyhanko.sign import signers

    if settings.SEAL_PKCS11_MODULE:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        session = pkcs11.open_pkcs11_session(
            settings.SEAL_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.SEAL_PKCS11_TOKEN or None),
            user_pin=settings.SEAL_PKCS11_PIN,
        )
        try:
            signer = pkcs11.PKCS11Signer(
                session, key_label=settings.SEAL_PKCS11_KEY_LABEL, cert_label=settings.SEAL_PKCS11_CERT_LABEL
            )
            yield signer, signer.signing_cert.dump(), SOURCE_PKCS11
        finally:
            session.close()
        return
    passphrase = settings.SEAL_PKCS12_PASSPHRASE.encode() or None
    simple = signers.SimpleSigner.load_pkcs12(str(settings.SEAL_PKCS12_PATH), passphrase=passphrase)
    if simple is None:
        raise ValueError("The seal certificate could not be read: check SEAL_PKCS12_PATH and its passphrase.")
    yield simple, simple.signing_cert.dump(), SOURCE_PKCS12


@dataclass(frozen=True)
class Sealed:
    """A sealed PDF, the certificate that sealed it, and whether its time is a timestamp authority's."""

    pdf: bytes
    certificate: bytes
    source: str
    timestamped: bool


@_outside_event_loop
def seal_pdf(pdf: bytes, *, reason: str, location: str) -> Sealed:
    """``pdf`` with the secretariat's invisible PAdES seal added as an incremental update: B-B on
    the server's clock, or — with a timestamp authority — B-LTA, timestamped and with the
    validation data (certificates, and revocation data where the certificates name any) embedded
    and timestamped again, so that it verifies after the certificates expire."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator import ValidationContext

    timestamper = _timestamper()
    with configured_signer() as (signer, certificate, source):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        long_term = timestamper is not None
        metadata = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
            embed_validation_info=long_term,
            use_pades_lta=long_term,
            validation_context=ValidationContext(
                trust_roots=[asn1_x509.Certificate.load(certificate), *tsa_trust_roots()],
                allow_fetching=False,
                revocation_mode="soft-fail",
            )
            if long_term
            else None,
        )
        sealed = signers.sign_pdf(writer, metadata, signer=signer, timestamper=timestamper).getvalue()
    return Sealed(pdf=sealed, certificate=certificate, source=source, timestamped=timestamper is not None)


@dataclass(frozen=True)
class SealCheck:
    """What pyHanko says of a PDF's seal: present, unchanged since sealing, and made by a
    certificate the secretariat has sealed with (``certificate``, its DER), valid when it sealed;
    ``timestamped``: its time comes from a timestamp authority, not the server's clock."""

    present: bool
    intact: bool
    valid: bool
    certificate: bytes | None = None
    sealed_at: datetime.datetime | None = None
    timestamped: bool = False
    profile: str = ""  # the PAdES baseline level: B-B, B-T, B-LT or B-LTA

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.valid


@_outside_event_loop
def check_seal(pdf: bytes, *, trust: Callable[[bytes], bool] | bytes | None = None) -> SealCheck:
    """Validate the seal of ``pdf``: its signer's certificate must be trusted (``trust``: a
    certificate, DER or PEM, or a test of the signer's certificate such as "registered",
    ``meetings.signing.certificates.check_registered_seal``; by default the configured one), and is
    validated at the time the seal was made — so a seal outlives the certificate's renewal and
    expiry."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        seals = [s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD]
    except Exception:  # a damaged file is simply "not sealed"
        return SealCheck(present=False, intact=False, valid=False)
    if not seals:
        return SealCheck(present=False, intact=False, valid=False)
    seal = seals[0]
    try:
        signer_certificate = seal.signer_cert.dump()
        sealed_at = seal.self_reported_timestamp
    except Exception:
        return SealCheck(present=True, intact=False, valid=False)
    if trust is None:
        trusted = seal_configured() and configured_certificate() == signer_certificate
    elif callable(trust):
        trusted = trust(signer_certificate)
    else:
        trusted = _der(trust) == signer_certificate
    if not trusted:
        return SealCheck(present=True, intact=False, valid=False, certificate=signer_certificate)
    root = asn1_x509.Certificate.load(signer_certificate)
    signer_context = ValidationContext(trust_roots=[root], moment=sealed_at, allow_fetching=False)
    timestamp_context = ValidationContext(
        trust_roots=tsa_trust_roots(), allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = validate_pdf_signature(seal, signer_context, ts_validation_context=timestamp_context)
    except Exception:
        return SealCheck(present=True, intact=False, valid=False, certificate=signer_certificate)
    timestamp = status.timestamp_validity
    timestamped = timestamp is not None and timestamp.intact and timestamp.valid
    # Only validation data and document timestamps may follow the seal: pages or an attachment
    # swapped in a later update leave the sealed bytes intact but the document changed.
    unchanged = status.docmdp_ok is not False and status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
    )
    return SealCheck(
        present=True,
        intact=status.intact and unchanged,
        valid=status.valid and status.trusted,
        certificate=signer_certificate,
        sealed_at=timestamp.timestamp if timestamp is not None else sealed_at,
        timestamped=timestamped,
        profile=_profile(reader, seal, timestamped=timestamped, context=timestamp_context),
    )


def _profile(reader, seal, *, timestamped: bool, context) -> str:
    """The PAdES baseline level the seal reaches, as pyHanko validates its parts: B-B; B-T with a
    valid signature timestamp; B-LT with the validation data in the document security store
    (DSS); B-LTA with a valid document timestamp over that data."""
    from pyhanko.sign.validation import validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    if not timestamped:
        return "B-B"
    try:
        store = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS in the file
        return "B-T"
    if seal.signer_cert.issuer_serial not in store.certs:
        return "B-T"
    document_timestamps = [
        signature
        for signature in reader.embedded_signatures
        if signature.sig_object_type == "/DocTimeStamp" and signature.signed_revision > seal.signed_revision
    ]
    for document_timestamp in document_timestamps:
        try:
            if validate_pdf_timestamp(document_timestamp, validation_context=context).valid:
                return "B-LTA"
        except Exception:
            continue
    return "B-LT"


def signer_certificate(pdf: bytes) -> bytes | None:
    """The certificate (DER) that made the seal of ``pdf``, or ``None``."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        for signature in reader.embedded_signatures:
            if signature.field_name == SEAL_FIELD:
                return signature.signer_cert.dump()
    except Exception:
        return None
    return None


def _der(certificate: bytes) -> bytes:
    if certificate.startswith(b"-----"):
        return x509.load_pem_x509_certificate(certificate).public_bytes(serialization.Encoding.DER)
    return certificate


def configured_certificate() -> bytes:
    """The DER of the certificate that seals now (from the token or the PKCS#12 file)."""
    if settings.SEAL_PKCS11_MODULE:
        with configured_signer() as (_signer, certificate, _source):
            return certificate
    passphrase = settings.SEAL_PKCS12_PASSPHRASE.encode() or None
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        Path(settings.SEAL_PKCS12_PATH).read_bytes(), passphrase
    )
    if certificate is None:
        raise ValueError(f"{settings.SEAL_PKCS12_PATH} holds no certificate")
    return certificate.public_bytes(serialization.Encoding.DER)
