"""The shared upload check ``secretariat.uploads``: types by content, size, safe names, Persian errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from secretariat.uploads import KINDS, CheckedFileField, check_upload, format_size, shown_file_name
from tests.resolutions.factories import PDF_BYTES, PNG_BYTES


def upload(content: bytes, name: str = "file.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF_BYTES, "pdf"), (PNG_BYTES, "png"), (b"\xff\xd8\xff\xdb" + b"\x00" * 10, "jpeg"), (None, "docx")],
)
def test_accepted_types_are_recognised_by_content_whatever_the_name(content, kind):
    assert check_upload(upload(content if content is not None else docx(), "misleading.exe")).name == kind


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script>", b"GIF89a....", b"PK\x03\x04broken", b"\x00\x01\x02"],
)
def test_other_content_is_refused_in_persian(content):
    with translation.override("fa"), pytest.raises(ValidationError) as error:
        check_upload(upload(content, "report.pdf"))
    assert error.value.code == "file_type"
    assert "نوع این فایل پذیرفته نیست" in error.value.messages[0]
    assert "PDF" in error.value.messages[0]


def test_only_the_allowed_kinds():
    with pytest.raises(ValidationError):
        check_upload(upload(PNG_BYTES), allowed=["pdf"])
    assert check_upload(upload(PDF_BYTES), allowed=["pdf"]).name == "pdf"


def test_empty_and_too_large_files():
    with translation.override("fa"):
        with pytest.raises(ValidationError) as empty:
            check_upload(upload(b""))
        assert empty.value.messages == ["فایل خالی است."]
        with pytest.raises(ValidationError) as large:
            check_upload(upload(PDF_BYTES + b"x" * 3 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
        assert large.value.code == "too_large"
        assert "حداکثر ۲ مگابایت" in large.value.messages[0]


def test_sizes_for_people():
    with translation.override("fa"):
        assert format_size(2_621_440) == "۲٫۵ مگابایت"
        assert format_size(300 * 1024) == "۳۰۰ کیلوبایت"
    with translation.override("en"):
        assert format_size(10 * 1024 * 1024) == "10 MB"


class _Form(forms.Form):
    attachment = CheckedFileField(required=False, allowed=["pdf", "png"])


def test_the_form_field_renames_the_file_and_reports_next_to_the_field():
    form = _Form(files={"attachment": upload(PDF_BYTES, "../../etc/گزارش نهایی.pdf")})
    assert form.is_valid()
    name = form.cleaned_data["attachment"].name
    assert name.endswith(".pdf") and "/" not in name and "گزارش" not in name
    with translation.override("fa"):
        bad = _Form(files={"attachment": upload(docx(), "x.docx")})
        assert not bad.is_valid()
        assert "نوع این فایل پذیرفته نیست" in bad.errors["attachment"][0]
    assert 'accept="application/pdf,.pdf,image/png,.png"' in str(_Form()["attachment"])


@pytest.mark.parametrize(
    ("uploaded", "kind", "shown"),
    [
        ("گزارش پیشرفت.pdf", "pdf", "گزارش پیشرفت.pdf"),
        ("/home/user/برنامه.PDF", "pdf", "برنامه.pdf"),
        ("C:\\Temp\\scan.jpg", "png", "scan.png"),  # the real type's extension, whatever the name says
        ("invoice\u202efdp.exe", "pdf", "invoicefdp.pdf"),  # a bidi override cannot reverse what shows
        ("يادداشت كميته\u200cها.docx", "docx", "یادداشت کمیته\u200cها.docx"),  # Persian letters, ZWNJ kept
        ('a"b:c*?<d>|e\x00\x07.pdf', "pdf", "a b c d e.pdf"),
        ("  ..hidden. .pdf", "pdf", "hidden.pdf"),
        (".pdf", "pdf", ""),
        ("", "pdf", ""),
        ("بدون پسوند", "jpeg", "بدون پسوند.jpg"),
    ],
)
def test_the_senders_file_name_is_cleaned_to_show(uploaded, kind, shown):
    assert shown_file_name(uploaded, KINDS[kind]) == shown


def test_a_long_file_name_is_shortened_but_keeps_its_extension():
    shown = shown_file_name("ن" * 500 + ".pdf", KINDS["pdf"])
    assert len(shown) == 120 and shown.endswith("ن.pdf")
