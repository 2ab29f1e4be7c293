"""The signed document: the current and final revisions, the signed PDF rendered once from the
revision's snapshot, and the mail that asks attendees to sign.

The steps of the workflow themselves are actions (``meetings.actions``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.minutes import Attendee, minutes_view
from meetings.models import Meeting, MinutesRevision
from meetings.pdf import render_minutes_pdf
from meetings.seal import seal_configured, seal_pdf
from meetings.workflow import WorkflowError
from secretariat.access import Role, access_for
from secretariat.models import Notification, Person
from secretariat.notifications import Delivery, notify_people

logger = logging.getLogger(__name__)

VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def current_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.order_by("-number").first()


def latest_final_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.final().order_by("-number").first()


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _index in range(12))


@transaction.atomic
def ensure_signed_pdf(revision_id: int) -> MinutesRevision:
    """Render, seal, hash and store the signed PDF of a finalized revision, once.

    Called after the finalizing transaction commits; called again (on download) only if that
    render failed. Once stored, the file is never rendered again. It is rendered from the
    revision's snapshot, so a correction opened meanwhile changes nothing of it; a revision
    circulated before snapshots were kept has only the live minutes, which a correction has
    changed: it then stays without a PDF (``WorkflowError``).
    """
    revision = (
        MinutesRevision.objects.select_for_update()
        .select_related("meeting__working_group")
        .get(pk=revision_id)
    )
    if revision.pdf or not revision.is_final:
        return revision
    if not revision.content and revision.meeting.revisions.filter(number__gt=revision.number).exists():
        raise WorkflowError(
            _("The signed PDF of this revision was not produced, and the minutes have changed since.")
        )
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_minutes_pdf(minutes_view(revision.meeting, revision))
        sealed = seal_configured()
        if sealed:
            pdf = seal_pdf(
                pdf,
                reason=_("Signed minutes of session %(number)s") % {"number": revision.meeting.number},
                location=revision.meeting.working_group.secretariat_name,
            )
    revision.sha256 = hashlib.sha256(pdf).hexdigest()
    revision.sealed = sealed
    revision.pdf.save(
        f"minutes-{revision.meeting.number}-r{revision.number}-{revision.verification_code}.pdf",
        ContentFile(pdf),
        save=False,
    )
    revision.save(update_fields=["pdf", "sha256", "sealed"])
    return revision


def signers_to_ask(meeting: Meeting, signers: list[Attendee]) -> list[Person]:
    """The signers who can sign online: the people still linked to the login they had when the
    minutes were circulated, with a role in the group (a guest from outside it could not open
    the link; they sign on paper, which the secretariat records)."""
    people = Person.objects.select_related("user").in_bulk([a.person_id for a in signers if a.user_id])
    asked = []
    for attendee in signers:
        person = people.get(attendee.person_id)
        if person is None or person.user_id != attendee.user_id or not person.user.is_active:
            continue
        if access_for(person.user, meeting.working_group).role != Role.NONE:
            asked.append(person)
    return asked


def ask_for_signatures(meeting: Meeting, signers: list[Attendee]) -> Delivery:
    """Tell every signer who can sign online that the minutes wait for them (inbox and e-mail)."""
    context = {"meeting": meeting, "group": meeting.working_group}
    with translation.override(settings.LANGUAGE_CODE):
        asked = signers_to_ask(meeting, signers)
        delivery = notify_people(
            meeting.working_group,
            asked,
            kind=Notification.Kind.SIGNATURE,
            title=render_to_string("meetings/email/circulated_subject.txt", context).strip(),
            body=render_to_string("meetings/email/circulated_body.txt", context).strip(),
            url=meeting.get_absolute_url(),
        )
    asked_ids = {person.pk for person in asked}
    delivery.unreachable += [a.name for a in signers if a.person_id not in asked_ids]
    return delivery
