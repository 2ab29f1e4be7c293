"""The minutes as a print-grade PDF, fed by the same reading of the minutes as the HTML page."""

from __future__ import annotations

from meetings.minutes import MinutesView
from meetings.models import Meeting
from secretariat.pdf import render_pdf
from secretariat.persian import to_persian_digits


def render_minutes_pdf(minutes: MinutesView) -> bytes:
    """The minutes as the page shows them (``meetings.minutes.minutes_view``), as PDF bytes."""
    return render_pdf("meetings/minutes_pdf.html", {"minutes": minutes, "doc": minutes.document})


def pdf_download_name(meeting: Meeting) -> tuple[str, str]:
    """An ASCII fallback and the Persian name of the minutes file."""
    ascii_name = f"minutes-{meeting.working_group.slug}-{meeting.number}.pdf"
    persian_name = f"صورتجلسه-نشست-{to_persian_digits(meeting.number)}.pdf"
    return ascii_name, persian_name
