"""Documents made once per content: PDFs laid out by WeasyPrint, Word files.

A document is found by a key: the SHA-256 of its kind, of what it shows (a fingerprint such as
``MinutesView.fingerprint``, or the HTML itself) and of the code that lays it out
(``layout_version``). The first request for a key stores the HTML and queues a background task
(``secretariat.tasks.make_stored_document``) that lays it out and stores the file; every later
request for the same key is served the stored file, with an ``ETag`` and ``Last-Modified`` so
that a browser asking again gets "304 Not Modified". While the file is being made, the reader
sees a page that says so and reloads itself (``secretariat/preparing.html``).

Stored documents are derived data: ``manage.py prune_stored_documents`` deletes old ones, and
they are made again when someone asks.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from secretariat.downloads import stored_file_response
from secretariat.models import StoredDocument
from secretariat.pdf import html_to_pdf

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A document still "being made" after this long lost its worker (the process died): queue it again.
STALLED_AFTER = datetime.timedelta(minutes=10)

# The code that decides how a document looks: a change to any of these makes every document anew.
LAYOUT_SOURCES = ("templates", "static/css", "meetings/word.py", "secretariat/pdf.py")


@functools.cache
def layout_version() -> str:
    """A hash of the templates, styles and code that lay documents out, and of WeasyPrint's version."""
    digest = hashlib.sha256(weasyprint.__version__.encode())
    base = Path(settings.BASE_DIR)
    for source in LAYOUT_SOURCES:
        path = base / source
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in (".html", ".css", ".py", ".txt"):
                digest.update(str(file.relative_to(base)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def stalled(queued_at: datetime.datetime | None) -> bool:
    """A task queued at ``queued_at`` that has not delivered yet must have failed (or its worker
    died): never queued, or queued longer ago than ``STALLED_AFTER``."""
    return queued_at is None or timezone.now() - queued_at > STALLED_AFTER


def document_key(kind: str, content: str) -> str:
    return hashlib.sha256(f"{kind}\n{layout_version()}\n{content}".encode()).hexdigest()


def stored_pdf(kind: str, *, html: Callable[[], str], fingerprint: str | None = None) -> StoredDocument:
    """The stored PDF of a document, queued for laying out when asked for the first time.

    ``fingerprint`` names what the document shows, when that is cheaper to compute than its HTML
    (the minutes); without it the HTML itself is the key (reports).
    """
    source = None if fingerprint is not None else html()
    key = document_key(kind, fingerprint if fingerprint is not None else source)
    document = StoredDocument.objects.filter(key=key).first()
    if document is not None and not _needs_making_again(document):
        return document
    source = source if source is not None else html()
    if document is None:
        document = _create(key=key, kind=kind, content_type=PDF, source=source)
        if document.status != StoredDocument.Status.PENDING or document.source != source:
            return document  # made by a concurrent request meanwhile
    else:
        StoredDocument.objects.filter(pk=document.pk).update(
            status=StoredDocument.Status.PENDING, source=source, error="", started_at=None
        )
        document.refresh_from_db()
    _queue(document)
    document.refresh_from_db()  # made already, when the task ran here (development)
    return document


def stored_file(
    kind: str, *, fingerprint: str, make: Callable[[], bytes], content_type: str
) -> StoredDocument:
    """A document quick to make (a Word file): made in the request the first time, then served stored."""
    key = document_key(kind, fingerprint)
    document = StoredDocument.objects.filter(key=key, status=StoredDocument.Status.READY).first()
    if document is not None and document.file:
        return document
    content = make()
    document = _create(key=key, kind=kind, content_type=content_type, source="")
    if not document.is_ready:
        _store(document, content)
    return document


def _create(**fields) -> StoredDocument:
    try:
        with transaction.atomic():
            return StoredDocument.objects.create(**fields)
    except IntegrityError:
        return StoredDocument.objects.get(key=fields["key"])


def _needs_making_again(document: StoredDocument) -> bool:
    if document.status == StoredDocument.Status.FAILED:
        return True  # asking again is trying again
    if document.status == StoredDocument.Status.READY:
        return not document.file
    if document.status == StoredDocument.Status.RUNNING:
        return stalled(document.started_at)
    return False


def _queue(document: StoredDocument) -> None:
    """Queue the laying out. With the database backend the task is a row written in this
    transaction: it reaches the worker exactly when the document does (never one without the
    other). With the immediate backend (development) the task runs here and now."""
    from secretariat.tasks import make_stored_document

    make_stored_document.enqueue(document.pk)


def make_document(document_id: int) -> StoredDocument | None:
    """Lay out a queued document and store its file: what the background task runs.

    Only one worker takes a document (the status moves from pending to running in one update); a
    failure is recorded on the document and logged, and the next request for it tries again.
    """
    taken = StoredDocument.objects.filter(pk=document_id, status=StoredDocument.Status.PENDING).update(
        status=StoredDocument.Status.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return None
    document = StoredDocument.objects.get(pk=document_id)
    try:
        content = html_to_pdf(document.source)
    except Exception as error:
        logger.exception("Could not lay out stored document %s (%s)", document.pk, document.kind)
        StoredDocument.objects.filter(pk=document.pk).update(
            status=StoredDocument.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        return None
    _store(document, content)
    return document


def _store(document: StoredDocument, content: bytes) -> None:
    extension = {PDF: "pdf", DOCX: "docx"}.get(document.content_type, "bin")
    document.file.save(f"{document.kind}-{document.key[:16]}.{extension}", ContentFile(content), save=False)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.status = StoredDocument.Status.READY
    document.source = ""
    document.error = ""
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "sha256", "size", "status", "source", "error", "finished_at"])


def document_response(
    request: HttpRequest, document: StoredDocument, *, ascii_name: str, unicode_name: str
) -> HttpResponse:
    """The stored file, or a page that says it is being made and reloads itself until it is."""
    if document.is_ready:
        return stored_file_response(
            request,
            document.file,
            etag=document.sha256,
            modified=document.finished_at,
            content_type=document.content_type,
            ascii_name=ascii_name,
            unicode_name=unicode_name,
        )
    return preparing_page(
        request,
        file_name=unicode_name,
        asked_at=document.created_at,
        running=document.status == StoredDocument.Status.RUNNING,
        failed=document.status == StoredDocument.Status.FAILED,
    )


def preparing_page(
    request: HttpRequest, *, file_name: str, asked_at: datetime.datetime, running: bool, failed: bool = False
) -> HttpResponse:
    """A page that says a file is being made and reloads itself until the file is there (202), or
    that making it failed (503; asking again tries again)."""
    response = render(
        request,
        "secretariat/preparing.html",
        {
            "failed": failed,
            "running": running,
            "waited_seconds": max(0, int((timezone.now() - asked_at).total_seconds())),
            "file_name": file_name,
        },
        status=503 if failed else 202,
    )
    response["Cache-Control"] = "no-store"
    if not failed:
        response["Retry-After"] = "2"
    return response
