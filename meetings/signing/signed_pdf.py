"""The signed PDF of a finalized revision: rendered once from its snapshot, sealed, stored whole, and
checked whenever it is verified or served."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.minutes.document import minutes_view
from meetings.minutes.pdf import render_minutes_pdf
from meetings.models import MinutesRevision
from meetings.signing.certificates import check_registered_seal, register
from meetings.signing.record import RECORD_NAME, read_record, record_json
from meetings.signing.seal import Sealed, check_seal, seal_configured, seal_pdf
from secretariat import jobs
from secretariat.files import sha256_of, store_into
from secretariat.models import JobStatus
from secretariat.pdf import AttachedFile
from secretariat.steps import StepRefused

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFileCheck:
    """Whether the signed PDF kept for a revision is the one registered: the same SHA-256, and
    (when sealed) a seal that is present, intact and made by the secretariat's certificate."""

    matches_hash: bool
    seal_ok: bool | None  # None: the revision was not sealed

    @property
    def intact(self) -> bool:
        return self.matches_hash and self.seal_ok is not False


def _read_stored(revision: MinutesRevision) -> bytes | None:
    try:
        with revision.pdf.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def check_stored_pdf(revision: MinutesRevision) -> StoredFileCheck:
    """Check the kept file of a finalized revision: read and hashed on every check (a PDF of a few
    hundred KB hashes faster than a page renders), so a byte changed on disk is seen at once; only
    the seal's verdict, which depends on the bytes alone, is cached by their hash."""
    content = _read_stored(revision) if revision.pdf else None
    if content is None:
        return StoredFileCheck(matches_hash=False, seal_ok=False if revision.sealed else None)
    digest = sha256_of(content)
    matches = digest == revision.sha256
    seal_ok = None
    if revision.sealed:
        key = f"seal-check:{digest}"
        seal_ok = cache.get(key)
        if seal_ok is None:
            seal_ok = _seal_made_it(revision, content)
            cache.set(key, seal_ok, 24 * 3600)
    return StoredFileCheck(matches_hash=matches, seal_ok=seal_ok)


def _seal_made_it(revision: MinutesRevision, content: bytes) -> bool:
    """The kept file's seal is intact and made by the certificate registered for the revision
    (or, sealed before certificates were recorded, by one the secretariat has sealed with)."""
    recorded = revision.seal_certificate
    if recorded is not None:
        return check_seal(content, trust=bytes(recorded.certificate)).ok
    return check_registered_seal(content).ok


def kept_record(revision: MinutesRevision) -> dict | None:
    """What the kept signed PDF decided, read from its ``minutes.json``: once per file."""
    key = f"minutes-record:{revision.sha256}"
    record = cache.get(key)
    if record is None:
        content = _read_stored(revision) if revision.pdf else None
        record = (read_record(content) if content else None) or {}
        cache.set(key, record, 24 * 3600)
    return record or None


def stored_pdf_is_whole(revision: MinutesRevision) -> bool:
    """Whether the kept file is still the one registered, before it is served: hashed once for
    each size and modification time the file has had (a change of either hashes it again)."""
    try:
        stamp = f"{revision.pdf.size}:{revision.pdf.storage.get_modified_time(revision.pdf.name).timestamp()}"
    except (FileNotFoundError, OSError, NotImplementedError, ValueError):
        return False
    key = f"stored-pdf-whole:{revision.pk}:{revision.sha256}:{stamp}"
    whole = cache.get(key)
    if whole is None:
        content = _read_stored(revision)
        whole = content is not None and sha256_of(content) == revision.sha256
        cache.set(key, whole, 24 * 3600)
    return whole


def can_have_signed_pdf(revision: MinutesRevision) -> bool:
    """Whether the signed PDF of a finalized revision exists or can still be made: not for a
    revision circulated before snapshots were kept whose minutes a correction has changed since."""
    if revision.pdf:
        return True
    return (
        bool(revision.content) or not revision.meeting.revisions.filter(number__gt=revision.number).exists()
    )


def signed_pdf_stalled(revision: MinutesRevision) -> bool:
    """No signed PDF and no task on its way for it: never queued, or its task was lost."""
    if revision.pdf:
        return False
    return revision.job_status == JobStatus.NOT_ASKED or jobs.stalled(revision)


def ensure_signed_pdf(revision_id: int, *, token: str) -> MinutesRevision | None:
    """Render, seal, hash and store the signed PDF of a finalized revision, once: what the
    background task runs (queued when the revision is finalized, ``queue_signed_pdf``).

    The task takes the revision's work (``jobs.claim``), renders and seals with no transaction
    open and no row locked — on SQLite a lock held while rendering would stop every write of the
    site — writes the file whole, and records it only if it still holds the work: run twice
    (its worker died and another took it up), it completes once. It is rendered from the
    revision's snapshot, so a correction opened meanwhile changes nothing of it; a revision
    circulated before snapshots were kept has only the live minutes, which a correction has
    changed: it then stays without a PDF, and the failure says why.
    """
    revision = MinutesRevision.objects.select_related("meeting__working_group").get(pk=revision_id)
    if revision.pdf or not revision.is_final:
        return revision
    if not jobs.claim(MinutesRevision, revision.pk, token):
        return None
    try:
        if not can_have_signed_pdf(revision):
            raise StepRefused(
                _("The signed PDF of this revision was not produced, and the minutes have changed since.")
            )
        pdf, sealed = _render_and_seal(revision)
        certificate = register(sealed.certificate, source=sealed.source) if sealed else None
        name = store_into(
            revision,
            "pdf",
            f"minutes-{revision.meeting.number}-r{revision.number}-{revision.verification_code}.pdf",
            pdf,
        )
    except Exception as error:
        logger.exception("Could not make the signed PDF of revision %s", revision.pk)
        jobs.fail(MinutesRevision, revision.pk, token, error)
        return None
    if not jobs.finish(
        MinutesRevision,
        revision.pk,
        token,
        pdf=name,
        sha256=sha256_of(pdf),
        sealed=sealed is not None,
        seal_certificate=certificate,
        timestamped=bool(sealed and sealed.timestamped),
    ):
        revision.pdf.storage.delete(name)  # another task took the work over and stored its own
        return None
    revision.refresh_from_db()
    return revision


def _render_and_seal(revision: MinutesRevision) -> tuple[bytes, Sealed | None]:
    """The signed minutes as PDF/A-3a with their data attached (``minutes.json``), then sealed:
    the seal covers the attachment too."""
    with translation.override(settings.LANGUAGE_CODE):
        minutes = minutes_view(revision.meeting, revision)
        data = AttachedFile(
            name=RECORD_NAME,
            content=record_json(minutes),
            description=_("What these minutes decided, as data (JSON)"),
        )
        pdf = render_minutes_pdf(minutes, archival=True, attachments=[data])
        if not seal_configured():
            return pdf, None
        sealed = seal_pdf(
            pdf,
            reason=_("Signed minutes of session %(number)s") % {"number": revision.meeting.number},
            location=revision.meeting.working_group.secretariat_name,
        )
    return sealed.pdf, sealed
