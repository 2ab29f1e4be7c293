"""The invitation letter (دعوتنامه) of a planned session: a Persian letter rendered by WeasyPrint
from the same facts the session's page shows, and the session as a calendar file."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Invitation, Meeting
from meetings.planning import agenda_of
from resolutions.calendar import new_calendar, session_event
from secretariat.documents import stored_pdf
from secretariat.models import Organization, StoredDocument
from secretariat.pdf import html_to_pdf, letterhead_context


def invitation_context(meeting: Meeting, invitation: Invitation | None, agenda: list[AgendaItem]) -> dict:
    """What the letter shows; ``invitation`` is ``None`` for the secretariat's preview before issuing."""
    group = meeting.working_group
    return {
        "meeting": meeting,
        "group": group,
        "invitation": invitation,
        "issued_on": (invitation.issued_at if invitation else timezone.now()),
        "agenda": agenda,
        "addressees": list(Organization.objects.members_of(group).order_by("name")),
        "secretary": group.secretary,
        "is_preview": invitation is None,
        "draft_mark": _("Preview — not yet issued") if invitation is None else "",
        "site_url": settings.SITE_URL,
        **letterhead_context(group),
    }


def render_invitation_pdf(
    meeting: Meeting, invitation: Invitation | None, agenda: list[AgendaItem] | None = None
) -> bytes:
    """The letter as PDF bytes, in Persian whatever language the secretariat reads in."""
    return html_to_pdf(invitation_html(meeting, invitation, agenda))


def invitation_html(
    meeting: Meeting, invitation: Invitation | None, agenda: list[AgendaItem] | None = None
) -> str:
    agenda = agenda_of(meeting) if agenda is None else agenda
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "meetings/invitation_pdf.html", invitation_context(meeting, invitation, agenda)
        )


def stored_preview(meeting: Meeting) -> StoredDocument:
    """The secretariat's preview of the letter before issuing it: made once for what it says."""
    return stored_pdf("invitation-preview", html=lambda: invitation_html(meeting, None))


def calendar_file(meeting: Meeting) -> bytes:
    """The session alone, as an .ics file to attach to the invitation."""
    calendar = new_calendar(meeting.working_group.name)
    event = session_event(meeting, timezone.now().replace(microsecond=0))
    if event is not None:
        calendar.add_component(event)
    return calendar.to_ical()
