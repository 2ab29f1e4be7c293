"""Bulk import of an archive: files sent together, read in the background, reviewed one by one.

The actions take plain values and the actor's access (staff of the working group), record who
acted and raise the row's version: ``send_files`` (a .zip or loose files become a batch, each file
stored whole and waiting), ``resume_batch`` (read what is left), ``accept_file`` (the reviewed
text saved as a session by the importer's own action, then published as minutes signed on paper)
and ``set_aside``. ``read_batch`` is what the background task runs: one file after another, each
read with no transaction open, its progress written page by page, its result kept on its row. A
worker that dies leaves the batch to the next one (``secretariat.jobs``), which goes on with the
files not yet read.
"""

from __future__ import annotations

import datetime
import io
import logging
import posixpath
import uuid
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import ocr
from archive.models import ImportBatch, ImportFile
from archive.reading import MAX_FILE_BYTES, UnreadableFile, read_file
from meetings.importing import MinutesImport, OrganizationIndex, parse_minutes
from meetings.importing.save import ImportRefused, save_imported_session
from meetings.models import Meeting
from meetings.signing.actions import publish_archived_minutes
from secretariat import jobs
from secretariat.access import GroupAccess
from secretariat.actions import require_staff
from secretariat.audit import AuditEvent, log_action
from secretariat.files import save_whole, sha256_of
from secretariat.models import JobStatus
from secretariat.persian import localize_digits
from secretariat.uploads import format_size

logger = logging.getLogger(__name__)

MAX_FILES = 500
MAX_BATCH_BYTES = 500 * 1024 * 1024  # what a zip may expand to
SYSTEM_FILES = ("Thumbs.db", "desktop.ini")


class BatchRefused(ValueError):
    """What was sent cannot become a batch; the message is for the user."""


class FileChanged(ValueError):
    """The file's entry changed since the page was opened."""


@dataclass
class SentFile:
    """A file sent to be imported; ``problem`` says why it cannot be read before any reading (it
    is kept in the batch all the same, with that reason)."""

    name: str
    data: bytes
    problem: str = ""


def _system_file(path: str) -> bool:
    """What an operating system puts in a zip beside the files: never minutes."""
    parts = path.split("/")
    return "__MACOSX" in parts or parts[-1] in SYSTEM_FILES or parts[-1].startswith(".")


def _entry_name(entry: zipfile.ZipInfo) -> str:
    """The name as the sender's system wrote it: a zip made on Windows without the UTF-8 flag
    holds its names in the system's code page (Persian Windows: 1256), which Python reads as
    cp437."""
    if entry.flag_bits & 0x800:
        return entry.filename
    raw = entry.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1256", errors="replace")


def check_batch(files: list[SentFile]) -> None:
    """Refuse a batch over the limits, whatever zips and files it came in."""
    if len(files) > MAX_FILES:
        raise BatchRefused(
            _("%(count)s files were sent; send at most %(limit)s at a time.")
            % {"count": localize_digits(len(files)), "limit": localize_digits(MAX_FILES)}
        )
    if sum(len(sent.data) for sent in files) > MAX_BATCH_BYTES:
        raise BatchRefused(
            _("The files come to more than %(limit)s once unpacked; send them in parts.")
            % {"limit": format_size(MAX_BATCH_BYTES)}
        )


def files_of_upload(name: str, data: bytes) -> list[SentFile]:
    """A .zip's files (folders kept in the names; what the operating system adds, such as
    ``__MACOSX`` and ``.DS_Store``, left out), or the one file sent. An entry that cannot be
    unpacked is kept with its reason. Raises ``BatchRefused`` when the zip cannot be opened."""
    if not name.lower().endswith(".zip"):
        return [SentFile(name=posixpath.basename(name) or name, data=data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BatchRefused(_("The .zip file is damaged and cannot be opened.")) from None
    entries = [entry for entry in entries if not _system_file(_entry_name(entry))]
    if not entries:
        raise BatchRefused(_("The .zip file holds no files."))
    if len(entries) > MAX_FILES:
        raise BatchRefused(
            _("The .zip file holds %(count)s files; send at most %(limit)s at a time.")
            % {"count": localize_digits(len(entries)), "limit": localize_digits(MAX_FILES)}
        )
    if sum(entry.file_size for entry in entries) > MAX_BATCH_BYTES:
        raise BatchRefused(
            _("The .zip file expands to more than %(limit)s; send it in parts.")
            % {"limit": format_size(MAX_BATCH_BYTES)}
        )
    return [_unpacked(archive, entry) for entry in sorted(entries, key=_entry_name)]


def _unpacked(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> SentFile:
    name = _entry_name(entry)
    if entry.flag_bits & 0x1:
        return SentFile(
            name, b"", _("The file is protected by a password inside the .zip; send it without one.")
        )
    if entry.file_size > MAX_FILE_BYTES:
        return SentFile(
            name,
            b"",
            _("The file is %(size)s; files of at most %(limit)s are read.")
            % {"size": format_size(entry.file_size), "limit": format_size(MAX_FILE_BYTES)},
        )
    try:
        with archive.open(entry) as handle:
            # No more than the entry says it holds: a forged header must not fill the memory.
            return SentFile(name, handle.read(entry.file_size + 1))
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError):
        return SentFile(name, b"", _("The file is damaged inside the .zip and cannot be unpacked."))


def send_files(access: GroupAccess, *, name: str, files: list[SentFile], queue: bool = True) -> ImportBatch:
    """Make a batch of ``files`` (``files_of_upload``) for the access's group and ask the worker to
    read it (``queue=False``: the caller reads it, as the command does). Every file is kept, those
    that cannot be minutes included: each gets its entry and, once read, its verdict."""
    require_staff(access)
    if not files:
        raise BatchRefused(_("Choose a .zip file or minutes files to import."))
    check_batch(files)
    folder = f"archive-import/{uuid.uuid4().hex}"
    stored: list[tuple[SentFile, str, str]] = []
    try:
        for position, sent in enumerate(files, start=1):
            path = f"{folder}/{position:04d}-{_safe_name(sent.name)}"
            stored.append((sent, save_whole(default_storage, path, sent.data), sha256_of(sent.data)))
        return _record_batch(access, name, stored, queue)
    except BaseException:
        for _sent, stored_name, _sha in stored:  # nothing kept of a batch that was not made
            default_storage.delete(stored_name)
        raise


def _record_batch(
    access: GroupAccess, name: str, stored: list[tuple[SentFile, str, str]], queue: bool
) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            working_group=access.group, name=name[:255], created_by=access.user
        )
        ImportFile.objects.bulk_create(
            ImportFile(
                batch=batch,
                position=position,
                name=sent.name[:255],
                source=stored_name,
                sha256=sha,
                status=ImportFile.Status.UNREADABLE if sent.problem else ImportFile.Status.WAITING,
                reason=sent.problem,
            )
            for position, (sent, stored_name, sha) in enumerate(stored, start=1)
        )
        log_action(
            access.user,
            AuditEvent.ARCHIVE_IMPORT_SENT,
            batch,
            group=access.group,
            name=batch.name,
            files=len(stored),
        )
        _queue(batch, queue)
    return batch


def is_reading(batch: ImportBatch) -> bool:
    """A worker has the batch in hand or is about to: it was asked, and its reading moved within
    ``jobs.STALLED_AFTER`` (the reader renews its claim with each page and file)."""
    return batch.job_status in (JobStatus.QUEUED, JobStatus.RUNNING) and not jobs.stalled(batch)


def resume_batch(access: GroupAccess, batch: ImportBatch) -> None:
    """Read the files of a batch not read yet, after a failure or a lost worker; refused while a
    worker is reading it (two readers would read a file twice)."""
    require_staff(access)
    _require_own(access, batch)
    batch.refresh_from_db()
    if is_reading(batch):
        raise BatchRefused(_("The files are being read; wait for the reading to end."))
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(version=F("version") + 1)
        log_action(access.user, AuditEvent.ARCHIVE_IMPORT_RESUMED, batch, group=access.group)
        _queue(batch, True)


def _queue(batch: ImportBatch, queue: bool) -> None:
    from archive import tasks

    jobs.mark_queued(ImportBatch, batch.pk)
    if queue:
        jobs.queue(tasks.read_import_batch, batch.pk)


def _safe_name(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/")) or "file"
    return "".join(
        character for character in base if character.isprintable() and character not in '/\\:*?"<>|'
    )[-100:]


def _require_own(access: GroupAccess, batch: ImportBatch) -> None:
    if batch.working_group_id != access.group.pk:
        raise ImportBatch.DoesNotExist


# -- reading -------------------------------------------------------------------------------------------


def read_batch(batch_id: int, *, token: str, report: Callable[[ImportFile], None] | None = None) -> None:
    """Read every file of the batch not read yet, in order: what the background task runs."""
    batch = ImportBatch.objects.select_related("working_group").get(pk=batch_id)
    if not jobs.claim(ImportBatch, batch.pk, token):
        return
    try:
        index = OrganizationIndex.for_group(batch.working_group)
        for entry in batch.files.filter(status__in=[ImportFile.Status.WAITING, ImportFile.Status.READING]):
            if not _still_held(batch.pk, token):
                return  # taken over by another task
            read_one(entry, index, lambda: _still_held(batch.pk, token))
            if report:
                entry.refresh_from_db()
                report(entry)
    except Exception as error:
        logger.exception("Could not read import batch %s", batch.pk)
        jobs.fail(ImportBatch, batch.pk, token, error)
        return
    jobs.finish(ImportBatch, batch.pk, token)


def _still_held(batch_id: int, token: str) -> bool:
    """Whether the task ``token`` still holds the batch; if so its claim is renewed, so that no
    other task takes over a batch whose reading moves (``jobs.claim``'s lease)."""
    return bool(
        ImportBatch.objects.filter(pk=batch_id, job_token=token, job_status=JobStatus.RUNNING).update(
            job_started_at=timezone.now()
        )
    )


def read_one(entry: ImportFile, index: OrganizationIndex, renew: Callable[[], bool] = lambda: True) -> None:
    """Read one file and keep the result on its row; a file that cannot be read says why."""
    ImportFile.objects.filter(pk=entry.pk).update(status=ImportFile.Status.READING, pages_done=0)

    def progress(done: int, total: int) -> None:
        ImportFile.objects.filter(pk=entry.pk).update(pages_done=done, pages_total=total)
        renew()

    try:
        with default_storage.open(entry.source.name, "rb") as handle:
            data = handle.read()
        read = read_file(entry.name, data, progress)
        minutes = parse_minutes(read.text, organizations=index)
    except (UnreadableFile, ocr.OcrFailed) as error:
        _unreadable(entry, str(error))
        return
    except Exception as error:  # one bad file must not stop the batch
        logger.exception("Could not read imported file %s", entry.pk)
        _unreadable(entry, _("The file could not be read (%(error)s).") % {"error": type(error).__name__})
        return
    images = [
        save_whole(
            default_storage, f"{posixpath.dirname(entry.source.name)}/page-{entry.pk}-{number}.png", page
        )
        for number, page in enumerate(read.pages, start=1)
    ]
    ImportFile.objects.filter(pk=entry.pk).update(
        status=ImportFile.Status.READ,
        kind=read.kind,
        reason="",
        text=read.text,
        ocr_lines=[line.as_dict() for line in read.lines],
        page_images=images,
        pages_total=max(len(read.pages), 1),
        pages_done=max(len(read.pages), 1),
        **summary(minutes, read.text, read.lines),
    )


def _unreadable(entry: ImportFile, reason: str) -> None:
    ImportFile.objects.filter(pk=entry.pk).update(status=ImportFile.Status.UNREADABLE, reason=reason)


def summary(minutes: MinutesImport, text: str, lines: list[ocr.Line]) -> dict:
    """What the queue shows of a file: the session it is, what was read, and a confidence — the share
    of the text's paragraphs the importer placed, times OCR's mean certainty for a scan."""
    paragraphs = max(1, len([line for line in text.split("\n") if line.strip()]))
    placed = max(0.0, 1 - len(minutes.not_understood) / paragraphs)
    confidence = placed
    if lines:
        confidence *= sum(line.confidence for line in lines) / len(lines) / 100
    last_day = minutes.dates[-1].jalali if minutes.dates else ""
    return {
        "session_number": minutes.session_number,
        "session_date": last_day,
        "confidence": round(confidence, 3),
        "facts": {
            "shape": minutes.shape,
            "resolutions": len(minutes.resolutions),
            "speeches": len(minutes.speeches),
            "agenda": len(minutes.agenda),
            "attendees": len(minutes.attendees),
            "committees": len(minutes.committees),
            "not_understood": len(minutes.not_understood),
            "unknown_organizations": len(minutes.unknown_organizations),
            "unsure_lines": len([line for line in lines if line.unsure]),
        },
    }


# -- review -------------------------------------------------------------------------------------------


def _locked_entry(
    access: GroupAccess, entry: ImportFile, version: int, states: tuple[str, ...] = (ImportFile.Status.READ,)
) -> ImportFile:
    require_staff(access)
    entry = ImportFile.objects.select_for_update().select_related("batch").get(pk=entry.pk)
    if entry.batch.working_group_id != access.group.pk:
        raise ImportFile.DoesNotExist
    if entry.version != version or entry.status not in states:
        raise FileChanged(
            _("This file was reviewed meanwhile by someone else; its page shows what was decided.")
        )
    return entry


def accept_file(
    access: GroupAccess,
    entry: ImportFile,
    *,
    version: int,
    text: str,
    number: int | None,
    reference_date: datetime.date | None = None,
    organization_decisions: Mapping[str, str] | None = None,
) -> Meeting:
    """Save the reviewed ``text`` as session ``number`` (the importer's own action); the secretary's
    acceptance also publishes it as minutes signed on paper (frozen, readable by every member),
    other staff's leaves it a draft, which the secretary publishes from the session's page (the
    lifecycle's step is the secretary's). Raises ``ImportRefused`` (the number is missing or
    taken) or ``FileChanged``."""
    minutes = parse_minutes(
        text, organizations=OrganizationIndex.for_group(access.group), reference_date=reference_date
    )
    with transaction.atomic():
        entry = _locked_entry(access, entry, version)
        meeting = save_imported_session(
            access, minutes=minutes, number=number, organization_decisions=organization_decisions
        )
        if access.is_secretary:
            publish_archived_minutes(access, meeting)
        ImportFile.objects.filter(pk=entry.pk).update(
            status=ImportFile.Status.ACCEPTED,
            text=text,
            meeting=meeting,
            decided_by=access.user,
            decided_at=timezone.now(),
            version=F("version") + 1,
        )
        log_action(
            access.user,
            AuditEvent.ARCHIVE_FILE_ACCEPTED,
            entry,
            group=access.group,
            file=entry.name,
            session=meeting.number,
        )
    return Meeting.objects.get(pk=meeting.pk)


def set_aside(access: GroupAccess, entry: ImportFile, *, version: int) -> None:
    """Leave a file out of the archive (a second copy of a session, not minutes at all)."""
    with transaction.atomic():
        entry = _locked_entry(access, entry, version, (ImportFile.Status.READ, ImportFile.Status.UNREADABLE))
        ImportFile.objects.filter(pk=entry.pk).update(
            status=ImportFile.Status.SET_ASIDE,
            decided_by=access.user,
            decided_at=timezone.now(),
            version=F("version") + 1,
        )
        log_action(access.user, AuditEvent.ARCHIVE_FILE_SET_ASIDE, entry, group=access.group, file=entry.name)


__all__ = [
    "BatchRefused",
    "FileChanged",
    "ImportRefused",
    "SentFile",
    "accept_file",
    "files_of_upload",
    "read_batch",
    "resume_batch",
    "send_files",
    "set_aside",
]
