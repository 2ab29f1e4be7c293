"""Reading one file of an archive into the text the minutes importer reads, with how it was read.

Plain text and Word files are read as the importer always read them (``read_document``). A PDF with
a text layer is read by pdfminer (``archive.pdf_layer``); one without (a scan), and a scanned
image, by OCR
(``archive.ocr``): Tesseract with its Persian data, page by page from ``pdftoppm``. What OCR was
unsure of is kept line by line, with the page and the place on the page, for staff to check beside
the page's image. Every outside program runs with a timeout; a file that cannot be read raises
``UnreadableFile`` with a Persian reason for the person who sent it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from archive import ocr
from archive.models import ImportFile
from meetings.importing import ImportTextError, read_document
from meetings.importing.text import clean_text
from secretariat.persian import localize_digits
from secretariat.uploads import format_size

# A scan of a session's minutes runs to a few pages; a PDF of hundreds is a whole file of papers.
MAX_PAGES = 60
MAX_FILE_BYTES = 30 * 1024 * 1024
PROGRAM_SECONDS = 60  # pdftotext or pdftoppm on one file
# Letters a page must give from its text layer to count as text rather than a scan.
TEXT_LAYER_LETTERS = 40
RASTER_DPI = 200


# What a file is, as read: the review queue says it and counts confidence by it.
Kind = ImportFile.Kind

TEXT_SUFFIXES = (".txt",)
WORD_SUFFIXES = (".docx", ".doc")
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
READABLE_SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES


class UnreadableFile(ValueError):
    """A file that gives no text to read; the message says why, in the user's language."""


@dataclass
class ReadFile:
    """A file's text and how it was read: its kind, its pages' images (scans), OCR's unsure lines."""

    text: str
    kind: str
    notes: list[str] = field(default_factory=list)
    pages: list[bytes] = field(default_factory=list)  # PNG of each page read by OCR
    lines: list[ocr.Line] = field(default_factory=list)  # every line OCR read, in the text's order

    @property
    def unsure_lines(self) -> list[ocr.Line]:
        return [line for line in self.lines if line.unsure]

    @property
    def ocr_confidence(self) -> float | None:
        """The share of OCR's lines it was sure of; None when no OCR was needed."""
        if not self.lines:
            return None
        return 1 - len(self.unsure_lines) / len(self.lines)


def kind_of(name: str, data: bytes) -> str:
    """The file's kind by its content first, its name second."""
    lower = name.lower()
    if data.startswith(b"%PDF"):
        return Kind.PDF_TEXT  # or a scan: known once its text layer is read
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return Kind.SCAN
    if data.startswith(b"PK\x03\x04") or lower.endswith(WORD_SUFFIXES):
        return Kind.WORD
    if lower.endswith(TEXT_SUFFIXES):
        return Kind.TEXT
    return Kind.UNKNOWN


def read_file(name: str, data: bytes, progress: Callable[[int, int], None] | None = None) -> ReadFile:
    """Read ``data`` (the file called ``name``); ``progress(done, total)`` is told of each page OCR
    reads. Raises ``UnreadableFile``."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            _("The file is %(size)s; files of at most %(limit)s are read.")
            % {"size": format_size(len(data)), "limit": format_size(MAX_FILE_BYTES)}
        )
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    kind = kind_of(name, data)
    if kind == Kind.UNKNOWN:
        raise UnreadableFile(
            _(
                "Files of this kind are not read: minutes are read from .txt, .docx, .pdf and scanned "
                ".png or .jpg files."
            )
        )
    if kind in (Kind.TEXT, Kind.WORD):
        try:
            document = read_document(data, name)
        except ImportTextError as error:
            raise UnreadableFile(str(error)) from None
        return ReadFile(text=document.text, kind=kind, notes=document.notes)
    if kind == Kind.PDF_TEXT:
        pages = pdf_page_count(data)
        if pages > MAX_PAGES:
            raise UnreadableFile(
                _(
                    "The PDF has %(pages)s pages; a file of at most %(limit)s pages is read as one "
                    "session's minutes. Split it into its sessions."
                )
                % {"pages": localize_digits(pages), "limit": localize_digits(MAX_PAGES)}
            )
        text = pdf_text(data)
        # A font without a map to Unicode gives "(cid:123)" for each glyph: no text, a scan to read.
        readable = re.sub(r"\(cid:\d+\)", "", text)
        if len(re.findall(r"[\u0600-\u06ffA-Za-z]", readable)) >= TEXT_LAYER_LETTERS and "(cid:" not in text:
            return ReadFile(text=_clean(text), kind=Kind.PDF_TEXT)
        return _read_scan(pdf_pages(data), progress)
    return _read_scan(image_pages(data), progress)


def _clean(text: str) -> str:
    try:
        return clean_text(text)
    except ImportTextError as error:
        raise UnreadableFile(str(error)) from None


def _read_scan(pages: list[bytes], progress: Callable[[int, int], None] | None) -> ReadFile:
    if not ocr.available():
        raise UnreadableFile(
            _(
                "This file is a scan, and reading scans needs Tesseract with its Persian data, which "
                "this server lacks (Debian: tesseract-ocr tesseract-ocr-fas)."
            )
        )
    lines: list[ocr.Line] = []
    images: list[bytes] = []
    for number, page in enumerate(pages, start=1):
        if progress:
            progress(number - 1, len(pages))
        read = ocr.read_page(page, page_number=number)
        images.append(read.image)
        lines.extend(read.lines)
    if progress:
        progress(len(pages), len(pages))
    text = ocr.paragraphs_text(lines)
    if len(re.findall(r"[\u0600-\u06ff]", text)) < TEXT_LAYER_LETTERS:
        raise UnreadableFile(
            _(
                "No Persian text could be read from this scan: it may be blank, upside down, or too "
                "faint or small. Scan it again at 200–300 dpi."
            )
        )
    return ReadFile(text=_clean(text), kind=Kind.SCAN, pages=images, lines=lines)


def image_pages(data: bytes) -> list[bytes]:
    """Each page of a scanned image (a TIFF may hold several) as a grey PNG, which every browser
    shows beside the text and Tesseract reads."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:
            raise UnreadableFile(
                _("The image has %(pages)s pages; at most %(limit)s are read.")
                % {"pages": localize_digits(frames), "limit": localize_digits(MAX_PAGES)}
            )
        pages = []
        for frame in range(frames):
            image.seek(frame)
            output = io.BytesIO()
            image.convert("L").save(output, "PNG")
            pages.append(output.getvalue())
        return pages
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, EOFError):
        raise UnreadableFile(_("The image is damaged or too large to be read.")) from None


# -- PDF -------------------------------------------------------------------------------------------------


def pdf_page_count(data: bytes) -> int:
    """How many pages the PDF has (``pdfinfo``)."""
    found = re.search(rb"^Pages:\s+(\d+)", _run(["pdfinfo", "-"], data), re.MULTILINE)
    if found is None:
        raise UnreadableFile(_("The PDF is damaged or protected by a password and cannot be opened."))
    return int(found.group(1))


def _run(arguments: list[str], data: bytes) -> bytes:
    program = shutil.which(arguments[0])
    if program is None:
        raise UnreadableFile(
            _("Reading PDF files needs %(program)s, which this server lacks (Debian: poppler-utils).")
            % {"program": arguments[0]}
        )
    try:
        done = subprocess.run(
            [program, *arguments[1:]],
            input=data,
            capture_output=True,
            timeout=PROGRAM_SECONDS,
            cwd=settings.BASE_DIR,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableFile(
            _("Reading the PDF took more than %(seconds)s seconds and was stopped.")
            % {"seconds": localize_digits(PROGRAM_SECONDS)}
        ) from None
    if done.returncode != 0:
        raise UnreadableFile(_("The PDF is damaged or protected by a password and cannot be opened."))
    return done.stdout


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF in reading order, one paragraph a line (``archive.pdf_layer``, run
    as its own process with a timeout: a hostile PDF can keep a parser busy for good)."""
    return _run([sys.executable, "-m", "archive.pdf_layer"], data).decode("utf-8", "replace")


def pdf_pages(data: bytes) -> list[bytes]:
    """Each page of a PDF as a grey PNG at ``RASTER_DPI``, for OCR and for the review page."""
    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        source = Path(folder) / "source.pdf"
        source.write_bytes(data)
        _run(
            [
                "pdftoppm",
                "-q",
                "-r",
                str(RASTER_DPI),
                "-gray",
                "-png",
                "-l",
                str(MAX_PAGES),
                str(source),
                str(Path(folder) / "page"),
            ],
            b"",
        )
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
        if not pages:
            raise UnreadableFile(_("The PDF has no pages."))
        return [page.read_bytes() for page in pages]
