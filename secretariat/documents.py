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
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from secretariat import jobs
from secretariat.downloads import stored_file_response
from secretariat.files import sha256_of, store_into
from secretariat.layout import PDF, file_name
from secretariat.models import JobStatus, StoredDocument
from secretariat.tasks import queue_document

logger = logging.getLogger(__name__)


# The code that decides how a document looks: a change to any of these makes every document anew.
LAYOUT_SOURCES = ("templates", "static/css", "meetings/minutes/word.py", "secretariat/pdf.py")


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


def document_key(kind: str, content: str) -> str:
    return hashlib.sha256(f"{kind}\n{layout_version()}\n{content}".encode()).hexdigest()


def stored_pdf(kind: str, *, html: Callable[[], str], fingerprint: str | None = None) -> StoredDocument:
    """The stored PDF of a document, queued for laying out when asked for the first time.

    ``fingerprint`` names what the document shows, when that is cheaper to compute than its HTML
    (the minutes); without it the HTML itself is the key (reports).
    """
    source: str | None = None
    if fingerprint is not None:
        key = document_key(kind, fingerprint)
    else:
        source = html()
        key = document_key(kind, source)
    document = StoredDocument.objects.filter(key=key).first()
    if document is not None and not _needs_making_again(document):
        return document
    source = source if source is not None else html()
    if document is None:
        document = _create(key=key, kind=kind, content_type=PDF, source=source)
        if document.job_status != JobStatus.NOT_ASKED or document.source != source:
            return document  # asked for by a concurrent request meanwhile
    else:
        StoredDocument.objects.filter(pk=document.pk).update(source=source)
    queue_document(document)
    document.refresh_from_db()  # made already, when the task ran here (development)
    return document


def stored_file(
    kind: str, *, fingerprint: str, make: Callable[[], bytes], content_type: str
) -> StoredDocument:
    """A document quick to make (a Word file): made in the request the first time, then served stored."""
    key = document_key(kind, fingerprint)
    document = StoredDocument.objects.filter(key=key, job_status=JobStatus.READY).first()
    if document is not None and _file_kept(document):
        return document
    content = make()
    document = _create(key=key, kind=kind, content_type=content_type, source="")
    if not _file_kept(document):
        name = store_into(document, "file", file_name(document), content)
        StoredDocument.objects.filter(pk=document.pk).update(
            file=name,
            sha256=sha256_of(content),
            size=len(content),
            job_status=JobStatus.READY,
            job_finished_at=timezone.now(),
        )
        document.refresh_from_db()
    return document


def _create(**fields) -> StoredDocument:
    try:
        with transaction.atomic():
            return StoredDocument.objects.create(**fields)
    except IntegrityError:
        return StoredDocument.objects.get(key=fields["key"])


def _needs_making_again(document: StoredDocument) -> bool:
    if document.job_status in (JobStatus.NOT_ASKED, JobStatus.FAILED):
        return True  # asking again is trying again
    if document.job_status == JobStatus.READY:
        return not _file_kept(document)
    return jobs.stalled(document)


def _file_kept(document: StoredDocument) -> bool:
    """Made and still in storage: a stored document whose file was lost (a restore without the
    media, a pruned folder) is made again when asked for, never answered "not found"."""
    return document.is_ready and bool(document.file) and document.file.storage.exists(document.file.name)


def document_response(
    request: HttpRequest, document: StoredDocument, *, ascii_name: str, unicode_name: str
) -> HttpResponseBase:
    """The stored file, or a page that says it is being made and reloads itself until it is."""
    if document.is_ready:
        return stored_file_response(
            request,
            document.file,
            etag=document.sha256,
            modified=document.job_finished_at,
            content_type=document.content_type,
            ascii_name=ascii_name,
            unicode_name=unicode_name,
        )
    return preparing_page(
        request,
        file_name=unicode_name,
        asked_at=document.created_at,
        running=document.job_status == JobStatus.RUNNING,
        failed=document.job_failed,
    )


def preparing_page(
    request: HttpRequest,
    *,
    file_name: str,
    asked_at: datetime.datetime,
    running: bool,
    failed: bool = False,
    retry_page: str = "",
) -> HttpResponse:
    """A page that says a file is being made and reloads itself until the file is there (202), or
    that making it failed (503): asking again tries again, or, for a file the secretariat makes
    again by hand, ``retry_page`` is where it does so."""
    response = render(
        request,
        "secretariat/preparing.html",
        {
            "failed": failed,
            "running": running,
            "waited_seconds": max(0, int((timezone.now() - asked_at).total_seconds())),
            "file_name": file_name,
            "retry_page": retry_page,
        },
        status=503 if failed else 202,
    )
    response["Cache-Control"] = "no-store"
    if not failed:
        response["Retry-After"] = "2"
    return response


def damaged_file_page(request: HttpRequest, *, file_name: str) -> HttpResponse:
    """The kept file is no longer the one registered (changed or lost on the server): never
    served; the page says so (500, logged for the operator)."""
    logger.error("The kept file %s does not match its registered hash", file_name)
    response = render(request, "secretariat/damaged_file.html", {"file_name": file_name}, status=500)
    response["Cache-Control"] = "no-store"
    return response
