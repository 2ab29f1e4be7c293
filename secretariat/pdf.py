"""Documents as print-grade PDF through WeasyPrint: a ``*_pdf.html`` template (most extend
``pdf/base.html``) rendered with the fonts and styles of ``static/``.

The renderer fetches nothing but the files below ``static/`` and images the site embeds itself
as ``data:`` URLs (a group's letterhead), so rendering needs no network and user text cannot
make it load anything.

Laying out is the slow part (about 0.1 s a page): documents people download are made once per
content and kept (``secretariat.documents``); these functions are what such a task runs.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"


class StaticFilesOnly(URLFetcher):
    """Serves files below ``static/`` and ``data:`` URLs, and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url: str, headers: dict | None = None):
        if not url.startswith("data:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR.resolve()):
                raise ValueError(f"refusing to fetch {url!r}: only static files are allowed")
        return super().fetch(url, headers)


# Documents kept for years (signed minutes, invitations, booklets) are PDF/A-3, level A: fonts
# embedded, an sRGB output intent and XMP metadata, tagged for screen readers, and able to carry
# attached files (the minutes' data).
ARCHIVAL_VARIANT = "pdf/a-3a"


@dataclass(frozen=True)
class AttachedFile:
    """A file carried inside an archival PDF (PDF/A-3 "associated file")."""

    name: str
    content: str
    description: str
    relationship: str = "Data"


def html_to_pdf(html: str, *, archival: bool = False, attachments: Sequence[AttachedFile] = ()) -> bytes:
    """Lay out an HTML document made by a ``*_pdf.html`` template as PDF bytes; ``archival``: as
    PDF/A-3a, with ``attachments`` inside."""
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFilesOnly())
    options: dict = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {}
    files = [
        Attachment(
            string=item.content, name=item.name, description=item.description, relationship=item.relationship
        )
        for item in attachments
    ]
    return document.write_pdf(attachments=files, **options)


def render_pdf(template: str, context: dict, *, archival: bool = False) -> bytes:
    """Render a ``*_pdf.html`` template to PDF bytes, with the fonts and styles of ``static/``."""
    return html_to_pdf(render_to_string(template, context), archival=archival)


def data_url(stored) -> str:
    """An uploaded image (a ``FieldFile``) as a ``data:`` URL to embed in a document, or ``""``."""
    if not stored:
        return ""
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def letterhead_context(group) -> dict:
    """The group's letterhead and logo for the first page of its documents (``pdf/_letterhead.html``)."""
    return {"letterhead_url": data_url(group.letterhead), "logo_url": data_url(group.logo)}
