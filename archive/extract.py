"""The text of an attached file, for the search index: PDF (with a text layer) by ``pdftotext``,
Word (DOCX) by python-docx. A scan has no text layer and gives nothing here (the OCR of #27 is
the importer's). Every call has a timeout; a file that cannot be read gives "" and a log line."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess

from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_CHARACTERS = 200_000
PDFTOTEXT_SECONDS = 30


def text_of(name: str) -> str:
    if not name:
        return ""
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(MAX_BYTES)
    except OSError as error:
        logger.warning("Could not read %s for the search index: %s", name, error)
        return ""
    try:
        if data.startswith(b"%PDF"):
            return _pdf_text(data)[:MAX_CHARACTERS]
        if data.startswith(b"PK"):
            return _docx_text(data)[:MAX_CHARACTERS]
    except Exception as error:  # a damaged file must not stop the index
        logger.warning("Could not read the text of %s: %s", name, error)
    return ""


def _pdf_text(data: bytes) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        logger.warning("pdftotext is missing (Debian: poppler-utils): PDF attachments are not searched")
        return ""
    done = subprocess.run(
        [program, "-q", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        timeout=PDFTOTEXT_SECONDS,
        check=False,
    )
    return done.stdout.decode("utf-8", "replace")


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(line for line in lines if line.strip())
