"""Loads the demo working group ``meydan`` with the 12th session from ``demo_facts``.

Idempotent: every row is found by its natural key and brought to the facts, so running it twice
leaves the same database as running it once.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import transaction

from committees.models import Committee, CommitteeAssignment
from meetings import demo_facts as facts
from meetings.models import Attendance, Meeting, MeetingDay, Sitting, Speech
from resolutions.models import Resolution
from secretariat.models import Membership, Organization, Person, WorkingGroup
from secretariat.persian import parse_jalali_date

SECRETARIAT_ADMIN_GROUP = "secretariat staff"


@transaction.atomic
def load_demo(*, create_users: bool = True) -> WorkingGroup:
    organizations = _load_organizations()
    people = _load_people(organizations)
    group = _load_group(organizations, people)
    if create_users:
        _load_users(group, people)
    session = facts.SESSION
    next_meeting = _load_next_meeting(group, organizations)
    meeting = _load_meeting(group, organizations, session)
    _load_days_and_sittings(meeting, session)
    _load_attendance(meeting, organizations, people, session)
    _load_speeches(meeting, people, session)
    committees = _load_committees(group, meeting, organizations, session)
    _load_resolutions(meeting, next_meeting, organizations, committees, session)
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


def _date(jalali: str | None) -> datetime.date | None:
    return parse_jalali_date(jalali) if jalali else None


def _load_next_meeting(group: WorkingGroup, organizations: dict[str, Organization]) -> Meeting:
    data = facts.SESSION["next_session"]
    meeting, _ = Meeting.objects.get_or_create(
        working_group=group,
        number=data["number"],
        defaults={
            "status": Meeting.Status.PLANNED,
            "host_organization": organizations[data["host"]],
            "city": data["city"],
            "approximate_date": _date(data["approximate_date"]),
            "date_note": data["date_note"],
        },
    )
    return meeting


def _load_meeting(group: WorkingGroup, organizations: dict[str, Organization], session: dict) -> Meeting:
    hour, minute = (int(part) for part in session["start_time"].split(":"))
    meeting, _ = Meeting.objects.update_or_create(
        working_group=group,
        number=session["number"],
        defaults={
            "status": session["status"],
            "host_organization": organizations[session["host"]],
            "city": session["city"],
            "start_time": datetime.time(hour, minute),
            "opening_programme": session["opening_programme"],
            "proceedings": session["proceedings"],
            "minutes_date": _date(session["days"][-1]),
        },
    )
    return meeting


def _load_days_and_sittings(meeting: Meeting, session: dict) -> None:
    for jalali in session["days"]:
        MeetingDay.objects.get_or_create(meeting=meeting, date=_date(jalali))
    for order, part in enumerate(session["sittings"], start=1):
        Sitting.objects.update_or_create(meeting=meeting, part=part, defaults={"order": order})


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


def _load_speeches(meeting, people, session) -> None:
    for order, data in enumerate(session["speeches"], start=1):
        Speech.objects.update_or_create(
            meeting=meeting,
            order=order,
            defaults={
                "speaker": people[data["speaker"]],
                "speaker_position": data["position"],
                "occasion": data["occasion"],
                "summary": data["summary"],
            },
        )


def _load_committees(group, meeting, organizations, session) -> dict[str, Committee]:
    committees = {}
    for data in session["committees"]:
        committee, _ = Committee.objects.update_or_create(
            working_group=group,
            name=data["name"],
            defaults={"mandate": data["mandate"], "formed_at": meeting},
        )
        committees[data["name"]] = committee
        roles = [(data["lead"], CommitteeAssignment.Role.LEAD)] + [
            (key, CommitteeAssignment.Role.COLLABORATOR) for key in data["collaborators"]
        ]
        for order, (key, role) in enumerate(roles):
            CommitteeAssignment.objects.update_or_create(
                committee=committee,
                organization=organizations[key],
                since_meeting=meeting,
                defaults={"role": role, "order": order},
            )
    return committees


def _load_resolutions(meeting, next_meeting, organizations, committees, session) -> None:
    for data in session["resolutions"]:
        responsible = data["responsible"]
        deadline = data["deadline"] or {}
        resolution, _ = Resolution.objects.update_or_create(
            meeting=meeting,
            number=data["number"],
            defaults={
                "verb": data["verb"],
                "text": data["text"],
                "responsible_kind": responsible["kind"],
                "responsible_organization": (
                    organizations[responsible["organization"]] if "organization" in responsible else None
                ),
                "responsible_committee": committees[responsible["committee"]]
                if "committee" in responsible
                else None,
                "deadline_date": _date(deadline.get("jalali")),
                "deadline_text": deadline.get("text", ""),
                "deadline_next_meeting": deadline.get("next_meeting", False),
                "deliverable": data["deliverable"],
                "schedules_meeting": next_meeting
                if data.get("schedules_session") == next_meeting.number
                else None,
            },
        )
        resolution.set_collaborators([organizations[key] for key in data["collaborators"]])
