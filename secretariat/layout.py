"""Laying out a stored document (``secretariat.documents``) and keeping its file: what the background task runs."""

from __future__ import annotations

import logging

from secretariat import jobs
from secretariat.files import sha256_of, store_into
from secretariat.models import StoredDocument
from secretariat.pdf import html_to_pdf

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_name(document: StoredDocument) -> str:
    extension = {PDF: "pdf", DOCX: "docx"}.get(document.content_type, "bin")
    return f"{document.kind}-{document.key[:16]}.{extension}"


def make_document(document_id: int, *, token: str) -> StoredDocument | None:
    """Lay out a queued document and store its file: what the background task runs.

    The task takes the document (``jobs.claim``), lays it out with no transaction open, writes
    the file whole (``secretariat.files``) and records it only if it still holds the document; a
    failure is recorded on the document and logged, and the next request for it tries again.
    """
    if not jobs.claim(StoredDocument, document_id, token):
        return None
    document = StoredDocument.objects.get(pk=document_id)
    try:
        content = html_to_pdf(document.source)
        name = store_into(document, "file", file_name(document), content)
    except Exception as error:
        logger.exception("Could not make stored document %s (%s)", document.pk, document.kind)
        jobs.fail(StoredDocument, document.pk, token, error)
        return None
    if not jobs.finish(
        StoredDocument, document.pk, token, file=name, sha256=sha256_of(content), size=len(content), source=""
    ):
        document.file.storage.delete(name)  # another task took the document over and stored it
        return None
    document.refresh_from_db()
    return document
