"""Documents as print-grade PDF through WeasyPrint: a ``*_pdf.html`` template rendered with the
fonts and styles of ``static/``.

The renderer fetches nothing but the files below ``static/``, so rendering needs no network and
user text cannot make it load anything.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"


class StaticFilesOnly(URLFetcher):
    """Serves files below ``static/`` and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"})

    def fetch(self, url: str, headers: dict | None = None):
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not path.is_relative_to(STATIC_DIR.resolve()):
            raise ValueError(f"refusing to fetch {url!r}: only static files are allowed")
        return super().fetch(url, headers)


def render_pdf(template: str, context: dict) -> bytes:
    """Render a ``*_pdf.html`` template to PDF bytes, with the fonts and styles of ``static/``."""
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFilesOnly())
    return document.write_pdf()
