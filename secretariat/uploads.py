"""Uploaded files checked by what they contain, not by the name or type the browser claims.

Use ``CheckedFileField`` in a form (its errors are Persian and shown next to the field) or call
``check_upload`` directly. An accepted file is renamed to a random name with the extension of
its real type, so nothing the uploader chose ends up in a path. The name the uploader gave is
kept apart, cleaned by ``shown_file_name``, to show and to download under.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from secretariat.persian import join_list, localize_digits, normalize_text, uses_persian_digits

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A file type we accept, recognised by its first bytes."""

    name: str
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"
)
PNG = FileKind("png", "png", "image/png", "PNG")
JPEG = FileKind("jpeg", "jpg", "image/jpeg", "JPEG")

KINDS = {kind.name: kind for kind in (PDF, DOCX, PNG, JPEG)}
KINDS_BY_EXTENSION = {kind.extension: kind for kind in KINDS.values()}
DOCUMENTS_AND_IMAGES = ("pdf", "docx", "png", "jpeg")


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def format_size(size: int) -> str:
    """A file size for people: "۲٫۵ مگابایت", "۳۰۰ کیلوبایت"."""
    if size >= 1024 * 1024:
        text = _("%(size)s MB") % {"size": f"{size / (1024 * 1024):.1f}".removesuffix(".0")}
    else:
        text = _("%(size)s KB") % {"size": max(1, round(size / 1024))}
    return localize_digits(text.replace(".", "٫") if uses_persian_digits() else text)


def _is_docx(upload: File) -> bool:
    """A DOCX file is a ZIP archive holding a Word document part."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def detect_kind(upload: File) -> FileKind | None:
    """The type of the file from its content, or ``None`` when it is none we know."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return DOCX
    return None


def check_upload(
    upload: File, *, allowed: Iterable[str] = DOCUMENTS_AND_IMAGES, max_bytes: int | None = None
) -> FileKind:
    """The file's real type if it is allowed and small enough; ``ValidationError`` in Persian otherwise."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s may be uploaded.")
            % {"size": format_size(size), "limit": format_size(limit)},
            code="too_large",
        )
    allowed_kinds = [KINDS[name] for name in allowed]
    kind = detect_kind(upload)
    if kind is None or kind not in allowed_kinds:
        raise ValidationError(
            _("This file is not one of the accepted types (%(types)s).")
            % {"types": join_list(k.label for k in allowed_kinds)},
            code="file_type",
        )
    return kind


def safe_name(kind: FileKind) -> str:
    return f"{uuid.uuid4().hex}.{kind.extension}"


SHOWN_NAME_MAX_LENGTH = 120
_CHARACTERS_NOT_IN_NAMES = re.compile(r'["*:<>?|]+')


def shown_file_name(uploaded_name: str, kind: FileKind) -> str:
    """The uploader's name for a file, fit to show and to download under, or "" if nothing is left.

    No folder, no control or bidi formatting character (a U+202E cannot turn "gpj.exe" into
    "exe.jpg" on screen), Persian letters normalized, and always the extension of the file's
    real type: the name cannot pass the file off as another kind.
    """
    name = re.split(r"[\\/]", uploaded_name or "")[-1]
    name = "".join(
        character
        for character in normalize_text(name)
        if character == "\u200c" or unicodedata.category(character) not in ("Cc", "Cf")
    )
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(_CHARACTERS_NOT_IN_NAMES.sub(" ", stem).split()).strip(". ")
    if not stem:
        return ""
    return f"{stem[: SHOWN_NAME_MAX_LENGTH - len(kind.extension) - 1]}.{kind.extension}"


class CheckedFileField(forms.FileField):
    """A file field that accepts only the given types, checked by content, up to a size."""

    def __init__(
        self, *args, allowed: Iterable[str] = DOCUMENTS_AND_IMAGES, max_bytes: int | None = None, **kwargs
    ):
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes
        accept = [
            value
            for name in self.allowed
            for value in (KINDS[name].content_type, f".{KINDS[name].extension}")
        ]
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(accept)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "size"):
            kind = check_upload(upload, allowed=self.allowed, max_bytes=self.max_bytes)
            upload.shown_name = shown_file_name(upload.name, kind)
            upload.name = safe_name(kind)
        return upload
