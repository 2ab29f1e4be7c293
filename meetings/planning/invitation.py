"""The invitation letter (دعوتنامه) of a planned session: a Persian letter rendered by WeasyPrint
from the same facts the session's page shows, and the session as a calendar file."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, Invitation, Meeting
from meetings.planning.overview import agenda_of
from resolutions.calendar import new_calendar, session_event
from secretariat import jobs, mail
from secretariat.documents import stored_pdf
from secretariat.files import store_into
from secretariat.layout import PDF
from secretariat.models import Organization, StoredDocument
from secretariat.pdf import html_to_pdf, letterhead_context
from secretariat.persian import to_persian_digits
from secretariat.site import site_url

logger = logging.getLogger(__name__)


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
        "site_url": site_url(),
        **letterhead_context(group),
    }


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
    calendar.add_missing_timezones()
    return calendar.to_ical()


def letter_file_name(invitation: Invitation) -> str:
    """The letter's name when downloaded or attached: «دعوتنامه-۱۳-۲.pdf» (its number's "/" would
    be a folder)."""
    number = to_persian_digits(invitation.letter_number).replace("/", "-").replace("\\", "-")
    return f"دعوتنامه-{number}.pdf"


def make_letter(invitation_id: int, *, token: str) -> None:
    """Lay out and store an issued letter, then send the e-mail that carries it: what the
    background task runs. Laid out with no transaction open; a failure is recorded on the
    invitation (the session's page shows it to the secretariat, with a button to try again) and
    the e-mail waits."""
    invitation = Invitation.objects.select_related("meeting__working_group", "mail").get(pk=invitation_id)
    if invitation.pdf or not jobs.claim(Invitation, invitation.pk, token):
        return
    try:
        pdf = html_to_pdf(invitation.source, archival=True)  # a letter kept for years: PDF/A-3a
        name = store_into(
            invitation, "pdf", f"invitation-{invitation.meeting.number}-{invitation.sequence}.pdf", pdf
        )
    except Exception as error:
        logger.exception("Could not lay out invitation %s", invitation.pk)
        jobs.fail(Invitation, invitation.pk, token, error)
        return
    if not jobs.finish(Invitation, invitation.pk, token, pdf=name, source=""):
        invitation.pdf.storage.delete(name)
        return
    if invitation.mail is not None and invitation.mail.held:
        mail.release(
            invitation.mail,
            [mail.MailAttachment(letter_file_name(invitation), PDF, stored_name=name)],
        )
