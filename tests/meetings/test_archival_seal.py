"""Signed minutes that outlive their certificate: every seal certificate kept across rotations,
the seal timestamped by a (local) timestamp authority with its validation data embedded, the file
PDF/A-3 with the minutes' data attached under the seal, and the seal made from a PKCS#11 token
(SoftHSM2) as from the PKCS#12 file."""

from __future__ import annotations

import io
import json
import re
import subprocess

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from meetings.models import MinutesRevision, SealCertificate
from meetings.signing.certificates import check_registered_seal
from meetings.signing.record import RECORD_NAME, SCHEMA_PATH, read_record
from meetings.signing.seal import check_seal
from meetings.signing.signed_pdf import check_stored_pdf
from tests.browser import require_tool
from tests.meetings.test_signing import finalized
from tests.timestamp_authority import local_timestamp_authority


def _stored(revision: MinutesRevision) -> bytes:
    revision.refresh_from_db()
    with revision.pdf.open("rb") as handle:
        return handle.read()


def _verdict(client, revision: MinutesRevision) -> str:
    page = client.get(f"/verify/{revision.verification_code}/").content.decode()
    return re.search(r'data-verdict="([^"]+)"', page).group(1)


def test_a_revision_sealed_before_a_rotation_still_verifies_after_it(clients, held13, held_session, seal):
    first = finalized(clients, held13)
    first.refresh_from_db()
    old_certificate = first.seal_certificate
    before = set(SealCertificate.objects.values_list("pk", flat=True))
    call_command("rotate_seal_certificate", stdout=io.StringIO())
    new_certificate = SealCertificate.objects.exclude(pk__in=before).get()
    old_certificate.refresh_from_db()
    assert old_certificate.retired_at is not None and new_certificate.retired_at is None
    # A second session, sealed with the new certificate.
    held_session.attendances.update(position="نماینده")
    from tests.meetings.test_signing import BASE

    second_base = BASE.replace("/13/", "/14/")
    assert clients["secretary"].post(f"{second_base}circulate/").status_code == 302
    assert clients["tehran"].post(f"{second_base}sign/", {"confirm": "on"}).status_code == 302
    assert clients["secretary"].post(f"{second_base}finalize/").status_code == 302
    second = MinutesRevision.objects.get(meeting=held_session, number=1)
    second.refresh_from_db()
    assert second.seal_certificate_id == new_certificate.pk
    for revision in (first, second):
        assert check_registered_seal(_stored(revision)).ok
        assert check_stored_pdf(revision).intact
        assert _verdict(clients["anonymous"], revision) == "sealed-intact"
    # The old file checked against the new certificate alone is not the secretariat's seal.
    assert not check_seal(_stored(first), trust=bytes(new_certificate.certificate)).ok


def test_the_signed_pdf_is_pdf_a_3_with_its_data_attached_under_the_seal(clients, held13, seal):
    require_tool("pdfinfo", "reads the PDF's metadata")
    revision = finalized(clients, held13)
    pdf = _stored(revision)
    path = seal.parent / "signed.pdf"
    path.write_bytes(pdf)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, timeout=30
    ).stdout
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="A"' in metadata
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=30).stdout
    assert re.search(r"Tagged:\s+yes", info)
    listed = subprocess.run(
        ["pdfdetach", "-list", str(path)], capture_output=True, text=True, timeout=30
    ).stdout
    assert RECORD_NAME in listed
    record = read_record(pdf)
    jsonschema.validate(
        record, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
    )
    assert (
        record["session"]["number"] == 13
        and record["revision"]["verification_code"] == revision.verification_code
    )
    assert [entry["number"] for entry in record["resolutions"]] == sorted(
        r.number for r in held13.resolutions.all()
    )
    assert {entry["name"] for entry in record["attendance"]} >= {"نماینده سازمان میادین تهران"}
    # A byte of the attachment changed: the seal no longer holds.
    start = pdf.index(b"/EmbeddedFile")
    stream = pdf.index(b"stream", start) + len(b"stream\n") + 5
    changed = pdf[:stream] + bytes([pdf[stream] ^ 0x01]) + pdf[stream + 1 :]
    assert check_seal(pdf).ok and not check_seal(changed).ok
    # Another minutes.json added in a later update leaves the sealed bytes intact, not the document.
    assert not check_seal(_with_another_record(pdf)).ok


def _with_another_record(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, FileSpec, embed_file
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    forged = json.dumps({"resolutions": []}).encode()
    embed_file(
        writer,
        FileSpec(
            file_spec_string=RECORD_NAME,
            embedded_data=EmbeddedFileObject.from_file_data(writer, forged, mime_type="application/json"),
        ),
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_verify_reads_what_an_uploaded_copy_decided(clients, held13, seal):
    revision = finalized(clients, held13)
    pdf = _stored(revision)
    response = clients["anonymous"].post(
        f"/verify/{revision.verification_code}/",
        {"document": SimpleUploadedFile("copy.pdf", pdf, content_type="application/pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="record-resolutions"' in page
    first = held13.resolutions.order_by("number").first()
    assert first.text[:30] in page


def test_with_a_timestamp_authority_the_seal_is_timestamped_and_long_term(
    clients, held13, seal, settings, tmp_path
):
    with local_timestamp_authority(tmp_path) as authority:
        settings.SEAL_TSA_URL = authority.url
        settings.SEAL_TSA_TRUST = str(authority.root_pem)
        revision = finalized(clients, held13)
        revision.refresh_from_db()
        assert authority.requests >= 2  # the seal's timestamp and the document timestamp (B-LTA)
    pdf = _stored(revision)
    assert revision.timestamped
    check = check_seal(pdf)
    assert check.ok and check.timestamped and check.profile == "B-LTA"
    page = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    assert 'id="seal-time"' in page and "تأییدشده از سوی مرجع زمان‌نگاری" in page
    require_tool("pdfsig", "an independent check of the seal")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    # poppler checks the seal and lists the document timestamp after it (which it cannot check).
    seal_part, _, timestamp_part = report.partition("Signature #2:")
    assert "SecretariatSeal" in seal_part and "Signature is Valid" in seal_part
    assert "Timestamp" in timestamp_part and "Test Timestamp Authority" in timestamp_part


def test_without_a_timestamp_authority_the_verify_page_says_the_time_is_the_servers(clients, held13, seal):
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert not revision.timestamped
    page = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    assert 'id="seal-time"' in page and "ساعت کارساز" in page


SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture
def token_seal(settings, tmp_path, seal):
    """A SoftHSM2 token holding a seal key and its certificate, configured as the seal."""
    require_tool("softhsm2-util", "keeps the seal's key on a PKCS#11 token")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    tokens = tmp_path / "tokens"
    tokens.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    environment = {"SOFTHSM2_CONF": str(config), "PATH": "/usr/bin:/bin"}
    run = dict(env=environment, check=True, capture_output=True, timeout=60)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "seal-token",
            "--pin",
            "1234",
            "--so-pin",
            "5678",
        ],
        **run,
    )
    key, certificate, _chain = pkcs12.load_key_and_certificates(seal.read_bytes(), b"seal-pass")
    key_pem = tmp_path / "key.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_pem),
            "--token",
            "seal-token",
            "--label",
            "seal",
            "--id",
            "01",
            "--pin",
            "1234",
        ],
        **run,
    )
    key_pem.unlink()
    import os

    os.environ["SOFTHSM2_CONF"] = str(config)
    import pkcs11
    from asn1crypto import core as asn1_core
    from pkcs11 import Attribute, CertificateType, ObjectClass

    library = pkcs11.lib(SOFTHSM)
    token = library.get_token(token_label="seal-token")
    with token.open(rw=True, user_pin="1234") as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "seal",
                Attribute.ID: b"\x01",
                Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: certificate.subject.public_bytes(),
                Attribute.ISSUER: certificate.issuer.public_bytes(),
                Attribute.SERIAL_NUMBER: asn1_core.Integer(certificate.serial_number).dump(),
            }
        )
    settings.SEAL_PKCS11_MODULE = SOFTHSM
    settings.SEAL_PKCS11_TOKEN = "seal-token"
    settings.SEAL_PKCS11_KEY_LABEL = "seal"
    settings.SEAL_PKCS11_CERT_LABEL = "seal"
    settings.SEAL_PKCS11_PIN = "1234"
    settings.SEAL_PKCS12_PATH = tmp_path / "no-such-file.p12"  # the token seals, not a file
    yield
    os.environ.pop("SOFTHSM2_CONF", None)


def test_a_seal_from_a_pkcs11_token_verifies_like_one_from_the_file(clients, held13, token_seal):
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert revision.sealed and revision.seal_certificate.source == "pkcs11"
    assert check_seal(_stored(revision)).ok and check_stored_pdf(revision).intact
    assert _verdict(clients["anonymous"], revision) == "sealed-intact"


def _pdf_a_part(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", str(path)], capture_output=True, text=True, timeout=30
    ).stdout
    found = re.search(r'pdfaid:part="(\d)" pdfaid:conformance="(\w)"', metadata)
    return f"{found.group(1)}{found.group(2)}" if found else ""


def test_the_invitation_and_the_booklet_are_archival_too(clients, upcoming, tmp_path):
    require_tool("pdfinfo", "reads the PDF's metadata")
    from meetings.models import AgendaItem, Invitation
    from resolutions.models import InformationRequest
    from tests.resolutions.factories import tehran

    upcoming.agenda_items.update(state=AgendaItem.State.ACCEPTED)
    assert clients["staff"].post("/g/meydan/sessions/14/invitation/").status_code == 302
    letter = Invitation.objects.get(meeting=upcoming).pdf.open("rb").read()
    assert _pdf_a_part(letter, tmp_path) == "3A"
    request = InformationRequest.objects.for_group(upcoming.working_group).order_by("pk").first()
    clients["tehran"].post(request.get_absolute_url() + "answer/", {"text": "پاسخ تهران"})
    clients["staff"].post(request.get_absolute_url() + "compile/", {"order": [tehran().pk]})
    booklet = b"".join(clients["staff"].get(request.get_absolute_url() + "booklet.pdf").streaming_content)
    assert _pdf_a_part(booklet, tmp_path) == "3A"


def test_a_revision_that_recorded_no_certificate_verifies_after_a_rotation(clients, held13, seal):
    """Sealed before certificates were recorded: the rotation gives it the certificate that sealed it."""
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    recorded = revision.seal_certificate
    MinutesRevision.objects.filter(pk=revision.pk).update(seal_certificate=None)
    recorded.delete()
    call_command("rotate_seal_certificate", stdout=io.StringIO())
    revision.refresh_from_db()
    assert revision.seal_certificate is not None and revision.seal_certificate.retired_at is not None
    assert check_stored_pdf(revision).intact
    assert _verdict(clients["anonymous"], revision) == "sealed-intact"


def test_a_replacement_that_cannot_seal_is_refused_and_the_old_seal_stays(clients, held13, seal, tmp_path):
    from django.core.management.base import CommandError

    before = seal.read_bytes()
    wrong = tmp_path / "wrong.p12"
    wrong.write_bytes(b"not a certificate")
    with pytest.raises(CommandError, match="SEAL_PKCS12_PASSPHRASE"):
        call_command("rotate_seal_certificate", "--from", str(wrong), stdout=io.StringIO())
    assert seal.read_bytes() == before and not (seal.parent / "seal.p12.new").exists()
    revision = finalized(clients, held13)
    assert check_seal(_stored(revision)).ok
