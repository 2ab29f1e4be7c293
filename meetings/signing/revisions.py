"""A session's revisions of the minutes: which is current and which final, their verification codes,
and asking the attendees to sign."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from meetings.minutes.document import Attendee
from meetings.models import Meeting, MinutesRevision
from secretariat.access import Role, access_for
from secretariat.models import Notification, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.persian import to_ascii_digits

logger = logging.getLogger(__name__)


VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def current_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.order_by("-number").first()


def latest_final_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.final().order_by("-number").first()


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _index in range(12))


def normalize_verification_code(typed: str) -> str:
    """A code as typed — any case, Persian digits, spaces or dashes between groups — as stored."""
    return "".join(
        character
        for character in to_ascii_digits(typed).upper()
        if character.isascii() and character.isalnum()
    )


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
