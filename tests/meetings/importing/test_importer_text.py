"""Reading uploaded and pasted documents: encodings, .docx, and clear messages for what cannot be read."""

import codecs
import io
import zipfile
from unittest import mock

import pytest
from docx import Document

from meetings.importing import ImportTextError, parse_minutes, read_document
from meetings.importing.text import MAX_UPLOAD_BYTES
from secretariat.persian import localize_digits

SAMPLE = "دوازدهمين نشست كارگروه\r\n۱) مقرر شد دبیرخانه گزارش را ارسال کند."


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "UTF-16"),
        (SAMPLE.encode("utf-16-le"), "UTF-16"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-no-bom"],
)
def test_unicode_encodings_are_read(data, encoding):
    document = read_document(data, "minutes.txt")
    assert document.encoding == encoding
    # Arabic yeh and kaf are made Persian, Windows line ends become \n.
    assert document.text == "دوازدهمین نشست کارگروه\n۱) مقرر شد دبیرخانه گزارش را ارسال کند."


def test_a_windows_1256_file_is_read_and_says_so():
    text = "دوازدهمين نشست كارگروه\r\n1) مقرر شد دبيرخانه گزارش را ارسال كند."
    document = read_document(text.encode("cp1256"), "old.txt")
    assert document.encoding == "Windows-1256"
    assert document.text == "دوازدهمین نشست کارگروه\n1) مقرر شد دبیرخانه گزارش را ارسال کند."
    assert document.notes
    minutes = parse_minutes(document.text)
    assert [r.verb for r in minutes.resolutions] == ["مقرر شد"]


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "empty.txt"),
        (b"   \r\n\r\n", "blank.txt"),
        (codecs.BOM_UTF8, "bom-only.txt"),
    ],
)
def test_an_empty_file_gives_a_message(data, name):
    with pytest.raises(ImportTextError) as error:
        read_document(data, name)
    assert str(error.value)


def test_binary_data_gives_a_message():
    with pytest.raises(ImportTextError):
        read_document(bytes(range(256)) * 10, "image.txt")


def test_latin_text_in_an_unknown_encoding_gives_a_message():
    with pytest.raises(ImportTextError):
        read_document("Protokoll über die Sitzung, Größe".encode("latin-1"), "minutes.txt")


def test_old_word_and_pdf_files_say_what_to_do():
    with pytest.raises(ImportTextError, match="docx"):
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    with pytest.raises(ImportTextError):
        read_document(b"%PDF-1.7 ...", "minutes.pdf")


def test_a_file_over_the_limit_is_refused_before_reading():
    with pytest.raises(ImportTextError) as error:
        read_document(b"a" * (MAX_UPLOAD_BYTES + 1), "big.txt")
    assert "۲" in str(error.value) or "2" in str(error.value)


def test_a_one_megabyte_text_file_is_refused_with_a_clear_message():
    data = ("۱) مقرر شد دبیرخانه گزارش را ارسال کند.\n" * 20000).encode("utf-8")[: 1024 * 1024]
    data = data.decode("utf-8", errors="ignore").encode("utf-8")
    with pytest.raises(ImportTextError) as error:
        read_document(data, "huge.txt")
    assert "نشست" in str(error.value) or "session" in str(error.value)


def _docx(build) -> bytes:
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_file_with_a_table_and_numbered_list():
    def build(document):
        document.add_paragraph("بسمه تعالی")
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "جلسه شماره: ۶۶"
        table.rows[0].cells[1].text = "تاریخ: ۱۳۹۷/۰۵/۳۰"
        document.add_paragraph("مصوبات:")
        document.add_paragraph("مقرر شد دبیرخانه گزارش را ارسال کند.", style="List Number")
        document.add_paragraph("مقرر شد سازمان میادین قم پیگیری کند.", style="List Number")

    document = read_document(_docx(build), "minutes.docx")
    assert document.encoding == "docx"
    lines = document.text.split("\n")
    assert lines[0] == "بسمه تعالی"
    assert "جلسه شماره: ۶۶" in lines[1] and "تاریخ: ۱۳۹۷/۰۵/۳۰" in lines[1]
    minutes = parse_minutes(document.text)
    assert minutes.session_number == 66
    assert len(minutes.resolutions) == 2


def numbered(document, text, level):
    """A paragraph of Word's automatic list 7 at ``level``, written as Word writes it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", level), ("w:numId", 7)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(value))
        numbering.append(element)
    properties.append(numbering)


@pytest.mark.parametrize("level", ["x", "-1", "۲", "99999999999"])
def test_a_malformed_list_level_is_read_as_the_top_level_or_the_deepest(level):
    def build(document):
        numbered(document, "مقرر شد دبیرخانه پیگیری کند.", level)

    text = read_document(_docx(build), "minutes.docx").text
    expected_prefix = "1-" * 9 if level == "99999999999" else "1-"
    assert text == expected_prefix + " مقرر شد دبیرخانه پیگیری کند."


def test_word_list_numbering_is_written_back():
    def build(document):
        numbered(document, "مقرر شد موارد زیر انجام شود:", 0)
        numbered(document, "سازمان میادین تهران طرح را تهیه کند.", 1)
        numbered(document, "مقرر شد دبیرخانه پیگیری کند.", 0)

    text = read_document(_docx(build), "minutes.docx").text
    assert text.split("\n") == [
        "1- مقرر شد موارد زیر انجام شود:",
        "1-1- سازمان میادین تهران طرح را تهیه کند.",
        "2- مقرر شد دبیرخانه پیگیری کند.",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        None,  # a zip without word/document.xml
    ],
)
def test_a_broken_docx_gives_a_message(data):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    with pytest.raises(ImportTextError):
        read_document(data, "minutes.docx")


# -- a .docx that expands far beyond its size (a zip bomb) ------------------------------------------

_BODY_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_BODY_END = b"</w:body></w:document>"


def _zipped_document(xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _refused_quickly(data: bytes) -> str:
    """Refused having inflated no more of the document than the limit (and one chunk) allows."""
    from meetings.importing.text import _DOCX_READ_CHUNK, MAX_DOCX_XML_BYTES

    inflated = 0
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        nonlocal inflated
        chunk = read(self, n)
        inflated += len(chunk)
        return chunk

    with mock.patch.object(zipfile.ZipExtFile, "read", counting_read):
        with pytest.raises(ImportTextError) as error:
            read_document(data, "minutes.docx")
    assert inflated <= MAX_DOCX_XML_BYTES + _DOCX_READ_CHUNK
    return str(error.value)


def test_a_docx_whose_xml_expands_to_29_megabytes_is_refused_before_it_is_inflated():
    from meetings.importing.text import MAX_DOCX_XML_BYTES

    data = _zipped_document(_BODY_START + b"<w:p/>" * (29 * 1024 * 1024 // 6) + _BODY_END)
    assert len(data) < 100 * 1024  # a small upload
    message = _refused_quickly(data)
    assert "Word" in message or "ورد" in message
    assert 29 * 1024 * 1024 > MAX_DOCX_XML_BYTES


def test_a_docx_of_too_many_paragraphs_within_the_size_is_refused_before_it_is_inflated():
    from meetings.importing.text import MAX_DOCX_PARAGRAPHS, MAX_DOCX_XML_BYTES

    paragraphs = MAX_DOCX_PARAGRAPHS + 1
    xml = _BODY_START + b"<w:p/>" * paragraphs + _BODY_END
    assert len(xml) < MAX_DOCX_XML_BYTES
    message = _refused_quickly(_zipped_document(xml))
    assert localize_digits(f"{MAX_DOCX_PARAGRAPHS:,}") in message


def test_a_docx_that_declares_a_small_size_but_expands_further_is_refused_before_it_is_inflated():
    """A forged zip: its headers say the document part is 1 KB, the data inflates to 29 MB."""
    import struct

    data = bytearray(_zipped_document(_BODY_START + b"<w:p/>" * (29 * 1024 * 1024 // 6) + _BODY_END))
    name = b"word/document.xml"
    # The uncompressed size is at offset 22 of a local header and 24 of a central directory entry.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            header = 30 if signature == b"PK\x03\x04" else 46
            if data[start + header : start + header + len(name)] == name:
                data[start + offset : start + offset + 4] = struct.pack("<I", 1024)
            start += 4
    _refused_quickly(bytes(data))


def test_a_docx_with_an_entity_declaration_is_refused():
    xml = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>' + _BODY_START[38:] + _BODY_END
    with pytest.raises(ImportTextError):
        read_document(_zipped_document(xml), "minutes.docx")


def test_a_normal_docx_still_reads_within_the_limits():
    def build(document):
        document.add_paragraph("صورتجلسه جلسه شماره ۷ مورخ ۱۴۰۲/۰۳/۱۵")
        for number in range(1, 201):
            document.add_paragraph(
                f"{number}- مقرر شد دبیرخانه گزارش شماره {number} را ظرف دو هفته ارسال کند."
            )

    document = read_document(_docx(build), "minutes.docx")
    minutes = parse_minutes(document.text)
    assert (minutes.session_number, len(minutes.resolutions)) == (7, 200)
    assert minutes.resolutions[0].deadline.jalali == "1402/03/29"
