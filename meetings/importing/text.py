"""Turning an uploaded or pasted document into normalized text, with a clear message when it cannot be.

Minutes come as UTF-8 text, as UTF-16 or UTF-8 with a byte-order mark (what Windows Notepad
writes), as Windows-1256 (older Persian Windows) or as a Word .docx file. Whatever the source,
the parser sees one normalized text: Persian ی/ک, no bidi controls, ``\\n`` line ends.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from secretariat.persian import localize_digits, normalize_text
from secretariat.uploads import format_size

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# One session's minutes run to a few thousand words; a text far longer than this is several
# documents pasted together or not minutes at all, and reading it would only produce noise.
MAX_TEXT_CHARS = 200_000
# A .docx is a zip, and a small one can inflate to something absurd (a zip bomb: 44 KB that
# expands to 29 MB of empty paragraphs took 27 s and 700 MB to parse). One session's minutes in
# Word, tables and formatting included, have a document part of well under 2 MB and a few hundred
# paragraphs; both limits are checked before the XML is parsed.
MAX_DOCX_XML_BYTES = 10 * 1024 * 1024
MAX_DOCX_PARAGRAPHS = 20_000
_DOCX_READ_CHUNK = 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


class ImportTextError(ValueError):
    """A document that cannot be read as minutes; the message is for the user."""


@dataclass
class DocumentText:
    """The text of a document and how it was read."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def read_document(data: bytes, filename: str = "") -> DocumentText:
    """Decode an uploaded .txt or .docx file; raise ``ImportTextError`` with a Persian message."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportTextError(
            _("The file is %(size)s; files of at most %(limit)s are accepted.")
            % {"size": format_size(len(data)), "limit": format_size(MAX_UPLOAD_BYTES)}
        )
    if not data.strip():
        raise ImportTextError(_("The file is empty."))
    name = filename.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".docx"):
        document = DocumentText(text=_docx_text(data), encoding="docx")
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportTextError(
            _("This is an old Word (.doc) file. Save it in Word as .docx or as plain text and upload that.")
        )
    elif data.startswith(b"%PDF"):
        raise ImportTextError(_("PDF files cannot be read. Copy the text out of the PDF and paste it here."))
    else:
        document = _decode(data)
    document.text = clean_text(document.text)
    return document


def clean_text(text: str) -> str:
    """Normalize text for the parser and check it is usable; raise ``ImportTextError`` if not."""
    text = normalize_text(text).replace("\ufeff", "").replace("\u00a0", " ").replace("\u200f", "")
    text = text.replace("\u200e", "").replace("\t", " ")
    if not text.strip():
        raise ImportTextError(_("The text is empty."))
    if len(text) > MAX_TEXT_CHARS:
        raise ImportTextError(
            _(
                "The text has %(count)s characters, more than the %(limit)s that one session's minutes "
                "can reasonably have. Import one session at a time."
            )
            % {"count": localize_digits(f"{len(text):,}"), "limit": localize_digits(f"{MAX_TEXT_CHARS:,}")}
        )
    if _CONTROL.search(text):
        raise ImportTextError(_("The file holds binary data, not text. Upload a .txt or .docx file."))
    return text


def _decode(data: bytes) -> DocumentText:
    for bom, encoding, label in (
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return DocumentText(text=data[len(bom) :].decode(encoding), encoding=label)
            except UnicodeDecodeError:
                raise ImportTextError(
                    _("The file says it is %(encoding)s but is not. Save it again as UTF-8 text.")
                    % {"encoding": label}
                ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return DocumentText(text=text, encoding="UTF-8")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if b"\x00" in data or _CONTROL.search(text):
        raise ImportTextError(_("The file holds binary data, not text. Upload a .txt or .docx file."))
    letters = len(_PERSIAN_LETTER.findall(text)) + len(_LATIN_LETTER.findall(text))
    if text and letters and len(_PERSIAN_LETTER.findall(text)) / letters > 0.5:
        return DocumentText(
            text=text,
            encoding="Windows-1256",
            notes=[_("The file is not UTF-8; it was read as Windows-1256 (Arabic Windows) text.")],
        )
    raise ImportTextError(
        _(
            "The file's character encoding is not recognized (neither UTF-8, UTF-16 nor Windows-1256). "
            "Save it again as UTF-8 text."
        )
    )


def _utf16_without_bom(data: bytes) -> DocumentText | None:
    """UTF-16 without a byte-order mark: the high byte of Persian letters is 0x06, of ASCII 0x00."""
    if len(data) % 2 or len(data) < 4:
        return None
    for encoding, high_bytes in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        typical = sum(high_bytes.count(byte) for byte in (b"\x00", b"\x06", b"\x20", b"\xfb", b"\xfe"))
        if typical >= 0.8 * len(high_bytes):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text):
                return DocumentText(text=text, encoding="UTF-16")
    return None


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ImportTextError(_("This is not a valid Word (.docx) file.")) from None
    xml = _docx_document_part(archive, info)
    paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ") + xml.count(b"<w:p/>")
    if paragraphs > MAX_DOCX_PARAGRAPHS:
        raise ImportTextError(
            _(
                "The Word file has %(count)s paragraphs, more than the %(limit)s one session's minutes can have."
            )
            % {
                "count": localize_digits(f"{paragraphs:,}"),
                "limit": localize_digits(f"{MAX_DOCX_PARAGRAPHS:,}"),
            }
        )
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:  # Word never writes them; entity expansion is another bomb
        raise ImportTextError(_("This is not a valid Word (.docx) file."))
    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, RuntimeError):
        raise ImportTextError(_("This is not a valid Word (.docx) file.")) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise ImportTextError(_("This is not a valid Word (.docx) file."))
    lines: list[str] = []
    counters: dict[tuple[str, int], int] = {}
    for element in body:
        if element.tag == f"{_W}p":
            lines.append(_paragraph_text(element, counters))
        elif element.tag == f"{_W}tbl":
            for row in element.iter(f"{_W}tr"):
                cells = []
                for cell in row.findall(f"{_W}tc"):
                    cells.append(" ".join(_paragraph_text(p, counters) for p in cell.iter(f"{_W}p")).strip())
                lines.append("   ".join(cell for cell in cells if cell))
    return "\n".join(lines)


def _docx_document_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The document part's XML, refused as soon as it is larger than ``MAX_DOCX_XML_BYTES``.

    The size the zip declares is checked first; since a forged zip can declare less than it
    holds, the decompression itself stops one chunk past the limit too.
    """
    too_large = ImportTextError(
        _("The Word file's text expands to more than %(limit)s, far more than one session's minutes.")
        % {"limit": format_size(MAX_DOCX_XML_BYTES)}
    )
    if info.file_size > MAX_DOCX_XML_BYTES:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_DOCX_READ_CHUNK):
                size += len(chunk)
                if size > MAX_DOCX_XML_BYTES:
                    raise too_large
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError, NotImplementedError):
        raise ImportTextError(_("This is not a valid Word (.docx) file.")) from None
    return b"".join(chunks)


def _paragraph_text(paragraph: ElementTree.Element, counters: dict[tuple[str, int], int]) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    text = "".join(parts)
    # Word keeps automatic list numbers out of the text; write them back so the items stay numbered.
    numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
    if numbering is not None and text.strip():
        num_id = numbering.find(f"{_W}numId")
        level_node = numbering.find(f"{_W}ilvl")
        list_id = num_id.get(f"{_W}val", "") if num_id is not None else ""
        level_text = level_node.get(f"{_W}val", "0") if level_node is not None else "0"
        level = min(int(level_text), 8) if level_text.isascii() and level_text.isdigit() else 0  # Word has 9
        if list_id != "0":
            for key in [key for key in counters if key[0] == list_id and key[1] > level]:
                del counters[key]
            counters[(list_id, level)] = counters.get((list_id, level), 0) + 1
            path = [str(counters.get((list_id, depth), 1)) for depth in range(level + 1)]
            text = "-".join(path) + "- " + text.strip()
    return text
