"""The minutes as a print-grade PDF, fed by the same reading of the minutes as the HTML page.

Drafts and legacy-published minutes are made once per content (``MinutesView.fingerprint``) and
kept as stored documents; a signed revision's PDF is made once when it is finalized, sealed and
kept on the revision (``meetings.signing.ensure_signed_pdf``).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from meetings.minutes.document import MinutesView
from meetings.models import Meeting
from secretariat.documents import stored_pdf
from secretariat.models import StoredDocument
from secretariat.pdf import html_to_pdf, letterhead_context
from secretariat.persian import to_persian_digits


def minutes_pdf_html(minutes: MinutesView) -> str:
    """The HTML WeasyPrint lays out: the minutes as the page shows them, with the group's letterhead."""
    group = minutes.meeting.working_group
    context = {
        "minutes": minutes,
        "doc": minutes.document,
        "group": group,
        "draft_mark": _("Draft — not signed") if minutes.is_draft else "",
        **letterhead_context(group),
    }
    return render_to_string("meetings/minutes_pdf.html", context)


def render_minutes_pdf(minutes: MinutesView, *, archival: bool = False, attachments=()) -> bytes:
    """The minutes as the page shows them (``meetings.minutes.minutes_view``), as PDF bytes;
    ``archival``: PDF/A-3a with ``attachments`` inside (the signed revision's)."""
    return html_to_pdf(minutes_pdf_html(minutes), archival=archival, attachments=attachments)


def letterhead_fingerprint(meeting: Meeting) -> str:
    group = meeting.working_group
    return f"{group.letterhead.name}|{group.logo.name}"


def stored_minutes_pdf(minutes: MinutesView) -> StoredDocument:
    """The PDF of a reading that is not a signed revision: made once for what it shows."""
    return stored_pdf(
        "minutes",
        fingerprint=f"{minutes.fingerprint}|{letterhead_fingerprint(minutes.meeting)}",
        html=lambda: minutes_pdf_html(minutes),
    )


def pdf_download_name(meeting: Meeting) -> tuple[str, str]:
    """An ASCII fallback and the Persian name of the minutes file."""
    ascii_name = f"minutes-{meeting.working_group.slug}-{meeting.number}.pdf"
    persian_name = f"صورتجلسه-نشست-{to_persian_digits(meeting.number)}.pdf"
    return ascii_name, persian_name
