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
from django.db import transaction

from meetings import demo_facts as facts
from meetings.importing import OrganizationIndex, parse_minutes
from meetings.importing.save import save_imported_session
from meetings.minutes import actions as minutes_actions
from meetings.models import Meeting
from meetings.signing import actions as signing_actions
from resolutions.actions import ask_for_information
from resolutions.models import InformationRequest
from resolutions.request_facts import Fact, FactKind
from secretariat import actions as core_actions
from secretariat.access import command_line_access
from secretariat.models import Organization, Person, WorkingGroup

SEED_MINUTES = Path(__file__).resolve().parent / "fixtures" / "minutes-12th-session-shiraz-1391.txt"
OPERATOR = None  # the command line: ``load_demo`` is run by whoever runs the server


@transaction.atomic
def load_demo(*, create_users: bool = True) -> WorkingGroup:
    organizations = _load_organizations()
    people = _load_people(organizations)
    group = _load_group(organizations, people)
    if create_users:
        _load_users(group, people)
    access = command_line_access(group)
    meeting = _import_seed(access)
    if meeting.is_editable:  # a later run finds the session published: its content is frozen
        _load_attendance(access, meeting, organizations, people)
        # The 12th session was signed on paper in 1391, long before this site: an archive.
        signing_actions.publish_archived_minutes(access, meeting)
    _load_information_requests(access, meeting)
    return group


def _load_organizations() -> dict[str, Organization]:
    organizations = {}
    for key, data in facts.ORGANIZATIONS.items():
        organization = Organization.objects.filter(name=data["name"]).first() or Organization(
            name=data["name"]
        )
        fields = {"short_name": data["short_name"], "city": data["city"], "kind": data["kind"]}
        if organization.pk is None or any(
            getattr(organization, name) != value for name, value in fields.items()
        ):
            organization = core_actions.save_organization(OPERATOR, organization, fields)
        organizations[key] = organization
    return organizations


def _load_people(organizations: dict[str, Organization]) -> dict[str, Person]:
    people = {}
    for key, data in facts.PEOPLE.items():
        organization = organizations[data["organization"]] if data["organization"] else None
        person = Person.objects.filter(last_name=data["last_name"], organization=organization).first()
        fields = {"honorific": data["honorific"], "title": data["title"], "position": data["position"]}
        if person is None or any(getattr(person, name) != value for name, value in fields.items()):
            person = person or Person(last_name=data["last_name"], organization=organization)
            person = core_actions.save_person(OPERATOR, person, fields)
        people[key] = person
    return people


def _load_group(organizations: dict[str, Organization], people: dict[str, Person]) -> WorkingGroup:
    data = facts.WORKING_GROUP
    group = WorkingGroup.objects.filter(slug=data["slug"]).first() or WorkingGroup(slug=data["slug"])
    fields = {
        "name": data["name"],
        "secretariat_name": data["secretariat_name"],
        "secretary": people[data["secretary"]],
    }
    if group.pk is None or any(getattr(group, name) != value for name, value in fields.items()):
        group = core_actions.save_working_group(OPERATOR, group, fields)
    members = [
        organizations[key] for key, organization in facts.ORGANIZATIONS.items() if organization["member"]
    ]
    current = set(group.memberships.values_list("organization_id", flat=True))
    core_actions.set_group_members(OPERATOR, group, [*members, *Organization.objects.filter(pk__in=current)])
    return group


def _load_users(group: WorkingGroup, people: dict[str, Person]) -> None:
    user_model = get_user_model()
    staff = list(group.staff.all())
    for username, (person_key, is_staff) in facts.USERS.items():
        user, created = user_model.objects.get_or_create(username=username)
        if created or not user.check_password(facts.DEMO_PASSWORD):
            user.set_password(facts.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        person = people[person_key]
        if person.user_id != user.pk:
            holder = Person.objects.filter(user=user).exclude(pk=person.pk).first()
            if holder is not None:
                core_actions.link_person_to_user(OPERATOR, holder, None)
            core_actions.link_person_to_user(OPERATOR, person, user)
        if is_staff and user not in staff:
            staff.append(user)
    core_actions.set_group_staff(OPERATOR, group, staff)
    _load_api_tokens()


def _load_api_tokens() -> None:
    from api.actions import make_token
    from api.models import ApiToken, digest_of

    user_model = get_user_model()
    for secret, (username, name, scope, shared) in facts.API_TOKENS.items():
        if not ApiToken.objects.filter(digest=digest_of(secret)).exists():
            make_token(
                user_model.objects.get(username=username),
                name=name,
                scope=scope,
                shared=shared,
                secret=secret,
            )


def _import_seed(access) -> Meeting:
    """The 12th session, read from the seed minutes by the importer, as staff would import it."""
    group = access.group
    existing = Meeting.objects.filter(working_group=group, number=facts.SEED_SESSION_NUMBER).first()
    if existing is not None and existing.status != Meeting.Status.PLANNED:
        return existing  # imported by an earlier run
    minutes = parse_minutes(
        SEED_MINUTES.read_text(encoding="utf-8"), organizations=OrganizationIndex.for_group(group)
    )
    leftovers = [f"line {part.line}: {part.reason}" for part in minutes.not_understood]
    leftovers += [f"unknown organization: {proposal.text}" for proposal in minutes.unknown_organizations]
    if leftovers or minutes.session_number != facts.SEED_SESSION_NUMBER:
        raise RuntimeError("The seed minutes no longer import cleanly: " + "; ".join(leftovers))
    return save_imported_session(access, minutes=minutes)


def _load_attendance(access, meeting, organizations, people) -> None:
    entries = [
        minutes_actions.AttendanceEntry(
            person=people[data["person"]],
            kind=data["kind"],
            organization=organizations[data["organization"]] if data["organization"] else None,
            position=people[data["person"]].position,
        )
        for data in facts.ATTENDANCE
    ]
    minutes_actions.record_attendance(access, meeting, entries)


# Resolutions 5 and 6 ask the secretariat to collect the same information from every member and
# send the compilation to all: the demo holds both requests, open.
INFORMATION_REQUESTS = {
    5: {
        "title": "رتبه‌بندی سرمایه‌گذاران و پیمانکاران",
        "question": (
            "لطفاً اطلاعات رتبه‌بندی سرمایه‌گذاران و پیمانکاران طرف قرارداد آن سازمان را برای جمع‌بندی و "
            "اطلاع‌رسانی به کلیه کلان‌شهرها ارسال فرمایید."
        ),
        "fields": [
            Fact("شمار سرمایه‌گذاران", FactKind.NUMBER),
            Fact("شمار پیمانکاران", FactKind.NUMBER),
            Fact("روش رتبه‌بندی"),
        ],
    },
    6: {
        "title": "مصوبات شورای اسلامی شهر درباره میادین",
        "question": (
            "لطفاً مصوبات شورای اسلامی شهر خود را درباره میادین و بازارهای میوه و تره‌بار ارسال فرمایید تا "
            "پس از جمع‌بندی و طبقه‌بندی در قالب کتابچه برای اعضا فرستاده شود."
        ),
        "fields": [Fact("شمار مصوبات", FactKind.NUMBER), Fact("متن مصوبات", FactKind.FILE)],
    },
}


def _load_information_requests(access, meeting: Meeting) -> None:
    next_session = meeting.working_group.meetings.filter(number=meeting.number + 1).first()
    deadline = next_session.first_date if next_session and next_session.first_date else meeting.first_date
    members = list(Organization.objects.members_of(access.group).order_by("name"))
    for number, data in INFORMATION_REQUESTS.items():
        resolution = meeting.resolutions.get(number=number)
        if InformationRequest.objects.filter(resolution=resolution).exists():
            continue
        ask_for_information(access, deadline=deadline, recipients=members, resolution=resolution, **data)
