"""Loads the demo working group ``meydan`` with the 12th session.

The session itself is imported from the seed minutes (``fixtures/minutes-12th-session-shiraz-1391.txt``)
through the minutes importer, exactly as staff would import a legacy text; ``demo_facts`` supplies
what the minutes do not say (full organization names, people's accounts, the demo users, the
attendance list, the published status) and stays the oracle the tests compare the import with.

Idempotent: organizations, people and users are found by their natural key and brought to the
facts; the session is imported once, and a later run leaves it as it is.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import transaction

from meetings import demo_facts as facts
from meetings.importing import OrganizationIndex, parse_minutes
from meetings.importing.save import save_imported_session
from meetings.models import Attendance, Meeting
from secretariat.models import Membership, Organization, Person, WorkingGroup

SECRETARIAT_ADMIN_GROUP = "secretariat staff"
SEED_MINUTES = Path(__file__).resolve().parent / "fixtures" / "minutes-12th-session-shiraz-1391.txt"


@transaction.atomic
def load_demo(*, create_users: bool = True) -> WorkingGroup:
    organizations = _load_organizations()
    people = _load_people(organizations)
    group = _load_group(organizations, people)
    if create_users:
        _load_users(group, people)
    session = facts.SESSION
    meeting = _import_seed(group)
    if meeting.is_editable:  # a later run finds the session published: its content is frozen
        _load_attendance(meeting, organizations, people, session)
    _load_what_the_minutes_do_not_say(meeting, session)
    return group


def _load_organizations() -> dict[str, Organization]:
    organizations = {}
    for key, data in facts.ORGANIZATIONS.items():
        organizations[key], _ = Organization.objects.update_or_create(
            name=data["name"],
            defaults={"short_name": data["short_name"], "city": data["city"], "kind": data["kind"]},
        )
    return organizations


def _load_people(organizations: dict[str, Organization]) -> dict[str, Person]:
    people = {}
    for key, data in facts.PEOPLE.items():
        organization = organizations[data["organization"]] if data["organization"] else None
        people[key], _ = Person.objects.update_or_create(
            last_name=data["last_name"],
            organization=organization,
            defaults={"honorific": data["honorific"], "title": data["title"], "position": data["position"]},
        )
    return people


def _load_group(organizations: dict[str, Organization], people: dict[str, Person]) -> WorkingGroup:
    data = facts.WORKING_GROUP
    group, _ = WorkingGroup.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "secretariat_name": data["secretariat_name"],
            "secretary": people[data["secretary"]],
        },
    )
    for key, organization_data in facts.ORGANIZATIONS.items():
        if organization_data["member"]:
            Membership.objects.get_or_create(working_group=group, organization=organizations[key])
    return group


def _load_users(group: WorkingGroup, people: dict[str, Person]) -> None:
    user_model = get_user_model()
    for username, (person_key, is_staff) in facts.USERS.items():
        user, created = user_model.objects.get_or_create(username=username)
        if created or not user.check_password(facts.DEMO_PASSWORD):
            user.set_password(facts.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        person = people[person_key]
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        if is_staff:
            group.staff.add(user)
            _grant_admin(user)


def _grant_admin(user) -> None:
    """Secretariat staff may use the admin for the project's own models."""
    staff_group, _ = AuthGroup.objects.get_or_create(name=SECRETARIAT_ADMIN_GROUP)
    staff_group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["secretariat", "meetings", "committees", "resolutions"]
        )
    )
    user.groups.add(staff_group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def _import_seed(group: WorkingGroup) -> Meeting:
    """The 12th session, read from the seed minutes by the importer, as staff would import it."""
    existing = Meeting.objects.filter(working_group=group, number=facts.SESSION["number"]).first()
    if existing is not None and existing.status != Meeting.Status.PLANNED:
        return existing  # imported by an earlier run
    minutes = parse_minutes(
        SEED_MINUTES.read_text(encoding="utf-8"), organizations=OrganizationIndex.for_group(group)
    )
    leftovers = [f"line {part.line}: {part.reason}" for part in minutes.not_understood]
    leftovers += [f"unknown organization: {proposal.text}" for proposal in minutes.unknown_organizations]
    if leftovers or minutes.session_number != facts.SESSION["number"]:
        raise RuntimeError("The seed minutes no longer import cleanly: " + "; ".join(leftovers))
    return save_imported_session(group=group, minutes=minutes)


def _load_what_the_minutes_do_not_say(meeting: Meeting, session: dict) -> None:
    if meeting.status != session["status"]:
        meeting.status = session["status"]
        meeting.save(update_fields=["status"])


def _load_attendance(meeting, organizations, people, session) -> None:
    for order, data in enumerate(session["attendance"], start=1):
        person = people[data["person"]]
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "kind": data["kind"],
                "organization": organizations[data["organization"]] if data["organization"] else None,
                "position": person.position,
                "order": order,
            },
        )
