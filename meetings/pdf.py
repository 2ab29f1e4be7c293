"""The minutes as a print-grade PDF through WeasyPrint, fed by the same context as the HTML page.

Fonts and styles come from ``static/`` on disk; the renderer fetches nothing else, so rendering
needs no network and user text cannot make it load anything.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from meetings.minutes import MinutesView
from meetings.models import Meeting
from secretariat.persian import to_persian_digits

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


def render_minutes_pdf(minutes: MinutesView) -> bytes:
    """The minutes as the page shows them (``meetings.minutes.minutes_view``), as PDF bytes."""
    return render_pdf("meetings/minutes_pdf.html", {"minutes": minutes, "doc": minutes.document})


def pdf_download_name(meeting: Meeting) -> tuple[str, str]:
    """An ASCII fallback and the Persian name of the minutes file."""
    ascii_name = f"minutes-{meeting.working_group.slug}-{meeting.number}.pdf"
    persian_name = f"صورتجلسه-نشست-{to_persian_digits(meeting.number)}.pdf"
    return ascii_name, persian_name
