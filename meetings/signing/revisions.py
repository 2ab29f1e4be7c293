"""A session's revisions of the minutes: which is current and which final, their verification codes,
and asking the attendees to sign."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from meetings.minutes.document import Attendee
from meetings.models import Meeting, MinutesRevision
from secretariat.access import Role, access_for
from secretariat.models import Notification, Organization, Person
from secretariat.notifications import Delivery, notify_organizations, reach_of_organizations
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


@dataclass
class SigningReach:
    """Who can sign circulated minutes online and who signs on paper: an attendee's organization
    acts through its users (any of them), so the users of each attendee's member organization
    are asked; an attendee named with no organization signs with their own login; the rest (a
    guest from outside the group, an organization with no user) sign on paper."""

    organizations: list[Organization]
    people: list[Person]
    on_paper: list[Attendee]

    @property
    def online(self) -> int:
        return len(self.organizations) + len(self.people)


def signing_reach(meeting: Meeting, signers: list[Attendee]) -> SigningReach:
    group = meeting.working_group
    members = set(group.memberships.values_list("organization_id", flat=True))
    with_users = set(
        Person.objects.filter(organization_id__in=members, user__is_active=True).values_list(
            "organization_id", flat=True
        )
    )
    people = Person.objects.select_related("user").in_bulk(
        [a.person_id for a in signers if a.person_id and a.organization_id is None]
    )
    organizations: list[Organization] = []
    persons: list[Person] = []
    on_paper: list[Attendee] = []
    for attendee in signers:
        if attendee.organization_id in with_users:
            if attendee.organization_id not in {o.pk for o in organizations}:
                organizations.append(Organization(pk=attendee.organization_id, name=attendee.organization))
            continue
        person = people.get(attendee.person_id)
        if (
            attendee.organization_id is None
            and person is not None
            and person.user is not None
            and person.user.is_active
            and access_for(person.user, group).role != Role.NONE
        ):
            persons.append(person)
            continue
        on_paper.append(attendee)
    organizations = list(Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name"))
    return SigningReach(organizations, persons, on_paper)


def reach_of_signers(meeting: Meeting, signers: list[Attendee]) -> Delivery:
    """Whom ``ask_for_signatures`` would tell, before it does: a confirmation counts it."""
    reach = signing_reach(meeting, signers)
    delivery = reach_of_organizations(reach.organizations, people=reach.people)
    delivery.unreachable += _on_paper(reach)
    return delivery


def _on_paper(reach: SigningReach) -> list[str]:
    return [attendee.name or attendee.organization for attendee in reach.on_paper]


def ask_for_signatures(meeting: Meeting, signers: list[Attendee]) -> Delivery:
    """Tell the users of every attendee's organization (and attendees who sign with their own
    login) that the minutes wait for their signature, in their inbox and by e-mail. The
    ``Delivery`` names, as unreachable, the attendees who sign on paper."""
    context = {"meeting": meeting, "group": meeting.working_group}
    reach = signing_reach(meeting, signers)
    with translation.override(settings.LANGUAGE_CODE):
        message = {
            "kind": Notification.Kind.SIGNATURE,
            "title": render_to_string("meetings/email/circulated_subject.txt", context).strip(),
            "body": render_to_string("meetings/email/circulated_body.txt", context).strip(),
            "url": meeting.get_absolute_url(),
        }
        delivery = notify_organizations(
            meeting.working_group, reach.organizations, people=reach.people, **message
        )
    delivery.unreachable += _on_paper(reach)
    return delivery
