"""Saving an imported minutes text as a held session, once staff have confirmed what was read.

``save_imported_session`` writes nothing itself: it turns a ``meetings.importing.MinutesImport``
into the values the actions take and calls them, as the pages do — ``create_session`` and
``plan_session`` for the session and the next one it announces, ``assign_committee`` for each
committee (an organization's earlier role ends at this session), ``save_minutes`` for the days,
sittings, attendance, speeches, agenda and resolutions, ``add_person`` and ``add_organization``
for people and organizations nobody knew (organizations only when staff confirmed them; making
one a member of the group stays the operator's). Each leaves its audit record.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from committees.actions import assign_committee
from committees.models import Committee
from meetings.importing.organizations import words
from meetings.importing.parser import name_parts
from meetings.importing.structure import MinutesImport, OrganizationRef, ProposedOrganization
from meetings.importing.structure import Speech as ParsedSpeech
from meetings.minutes.actions import save_minutes
from meetings.minutes.values import MinutesValues, ResolutionRow, Row
from meetings.models import Attendance, Meeting
from meetings.planning.actions import create_session, plan_session, suggest_agenda
from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.actions import add_organization, add_person, require_staff, set_group_members
from secretariat.audit import AuditEvent, log_action
from secretariat.models import Organization, Person, WorkingGroup
from secretariat.persian import localize_digits

# What staff may decide for a name that matches no known organization.
CREATE_ORGANIZATION = "new"
SKIP_ORGANIZATION = ""


class ImportRefused(ValueError):
    """The import cannot be saved as it stands; the message is for the user."""


@transaction.atomic
def save_imported_session(
    access: GroupAccess,
    *,
    minutes: MinutesImport,
    number: int | None = None,
    organization_decisions: Mapping[str, str] | None = None,
) -> Meeting:
    """Create session ``number`` (default: the one the text states) as a draft from ``minutes``:
    the action behind the import page and the ``import_minutes`` command (staff only).

    ``organization_decisions`` maps the key of each unknown organization to ``"new"`` (create it),
    an existing organization's id as text (it is that one) or ``""`` (leave it out).
    """
    require_staff(access)
    group = access.group
    number = number or minutes.session_number
    if not number:
        raise ImportRefused(_("The session number is missing: enter it before saving."))
    meeting = _meeting_to_fill(group, number) or create_session(
        access, number=number, fields={}, days=[], sittings=[], suggest=False
    )
    organizations = _Organizations(access, minutes, organization_decisions or {})
    committees = _committees(access, meeting, minutes, organizations)
    next_meeting = _next_meeting(access, number, minutes, organizations)
    meeting.refresh_from_db()
    # Each speaker found or added once: the speech and the attendance line name the same person.
    speakers = [
        _speaker(access, speech, organizations.get(speech.organization)) for speech in minutes.speeches
    ]
    save_minutes(
        access,
        meeting,
        MinutesValues(
            version=meeting.version,
            header=_header(minutes, organizations),
            sittings=list(
                dict.fromkeys([*meeting.sittings.values_list("part", flat=True), *minutes.sittings])
            ),
            days=sorted({*meeting.day_dates, *(day.date for day in minutes.dates)}),
            attendance=_attendance(access, meeting, minutes, organizations, speakers),
            speeches=_speeches(minutes, speakers),
            agenda=_agenda(meeting, minutes),
            resolutions=_resolutions(access, minutes, organizations, committees, next_meeting),
        ),
    )
    log_action(access.user, AuditEvent.SESSION_IMPORTED, meeting, group=group, number=number)
    if next_meeting is not None and next_meeting.is_planned:
        suggest_agenda(access, next_meeting)  # what this session made due at the next one
    return Meeting.objects.get(pk=meeting.pk)


def _header(minutes: MinutesImport, organizations: _Organizations) -> dict:
    start, end = _time(minutes.start_time), _time(minutes.end_time)
    if start and end and end <= start:
        end = None
    return {
        "status": Meeting.Status.HELD,
        "host_organization": organizations.get(minutes.host),
        "city": minutes.city,
        "venue": minutes.venue,
        "start_time": start,
        "end_time": end,
        "opening_programme": minutes.opening_programme,
        "proceedings": minutes.proceedings,
        "minutes_date": minutes.session_date,
    }


def _meeting_to_fill(group: WorkingGroup, number: int) -> Meeting | None:
    """A planned session of that number is filled in; any other existing session is not replaced."""
    meeting = Meeting.objects.select_for_update().filter(working_group=group, number=number).first()
    if meeting is None:
        return None
    if meeting.status != Meeting.Status.PLANNED or meeting.resolutions.exists() or meeting.speeches.exists():
        raise ImportRefused(
            _("Session %(number)s already exists in this working group; it was not changed.")
            % {"number": localize_digits(number)}
        )
    return meeting


def _time(value: str | None) -> datetime.time | None:
    if not value:
        return None
    hour, minute = (int(part) for part in value.split(":"))
    return datetime.time(hour, minute)


class _Organizations:
    """The organizations an import refers to, with the new ones staff confirmed created once."""

    def __init__(self, access: GroupAccess, minutes: MinutesImport, decisions: Mapping[str, str]) -> None:
        self.access = access
        self.group = access.group
        known_ids = {ref.organization_id for ref in minutes.organization_refs() if ref.is_known}
        chosen_ids = {int(value) for value in decisions.values() if str(value).isdigit()}
        self.by_id = Organization.objects.in_bulk(known_ids | chosen_ids)
        self.by_key: dict[str, Organization | None] = {}
        for proposal in minutes.unknown_organizations:
            decision = str(decisions.get(proposal.key, SKIP_ORGANIZATION))
            if decision == CREATE_ORGANIZATION:
                self.by_key[proposal.key] = self._create(proposal)
            elif decision.isdigit():
                if int(decision) not in self.by_id:
                    raise ImportRefused(
                        _("The organization chosen for “%(name)s” does not exist.") % {"name": proposal.text}
                    )
                self.by_key[proposal.key] = self.by_id[int(decision)]
            else:
                self.by_key[proposal.key] = None

    def _create(self, proposal: ProposedOrganization) -> Organization:
        organization = Organization.objects.filter(name=proposal.name).first() or add_organization(
            self.access,
            name=proposal.name,
            short_name=proposal.short_name,
            city=proposal.city,
            kind=Organization.Kind.MARKET_ORGANIZATION if proposal.member else Organization.Kind.OTHER,
        )
        # Membership of the group is the operator's to give (``secretariat.actions.set_group_members``),
        # on the importer's path as on every other: staff import, an operator admits.
        if proposal.member and getattr(self.access.user, "is_superuser", False):
            members = list(Organization.objects.members_of(self.group))
            set_group_members(self.access.user, self.group, [*members, organization])
        return organization

    def get(self, ref: OrganizationRef | None) -> Organization | None:
        if ref is None:
            return None
        if ref.is_known:
            return self.by_id.get(ref.organization_id)
        return self.by_key.get(ref.key)

    def all(self, refs: list[OrganizationRef]) -> list[Organization]:
        """The organizations of ``refs`` that are known or confirmed, once each, in order."""
        found = [self.get(ref) for ref in refs]
        return list({o.pk: o for o in found if o is not None}.values())


def _speeches(minutes: MinutesImport, speakers: list[Person]) -> list[Row]:
    return [
        Row(
            values={
                "speaker": speaker,
                "speaker_position": speech.position,
                "occasion": speech.occasion,
                "summary": speech.summary,
            }
        )
        for speech, speaker in zip(minutes.speeches, speakers, strict=True)
    ]


_ATTENDANCE_KINDS = {
    "present": Attendance.Kind.PRESENT,
    "absent": Attendance.Kind.ABSENT,
    "guest": Attendance.Kind.GUEST,
}


def _attendance(
    access: GroupAccess,
    meeting: Meeting,
    minutes: MinutesImport,
    organizations: _Organizations,
    speakers: list[Person],
) -> list[Row]:
    """The attendance already recorded, then those who spoke (members present, others guests), then
    the people a header form lists as present, absent or invited; each person once."""
    rows = [Row(pk) for pk in meeting.attendances.order_by("order", "pk").values_list("pk", flat=True)]
    listed = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    members = set(access.group.memberships.values_list("organization_id", flat=True))
    for speech, person in zip(minutes.speeches, speakers, strict=True):
        organization = organizations.get(speech.organization)
        if person.pk in listed:
            continue
        listed.add(person.pk)
        member = speech.is_group_secretary or (organization is not None and organization.pk in members)
        kind = Attendance.Kind.PRESENT if member else Attendance.Kind.GUEST
        rows.append(
            Row(
                values={
                    "person": person,
                    "kind": kind,
                    "organization": organization,
                    "position": speech.position,
                }
            )
        )
    for entry in minutes.attendees:
        organization = organizations.get(entry.organization)
        parts = name_parts(entry.name)
        if not parts.last_name:
            continue
        position = "" if organization is not None or entry.status == "absent" else entry.detail
        person = _known_person(access, parts, organization) or add_person(
            access,
            honorific=parts.honorific,
            title=parts.title,
            first_name=parts.first_name,
            last_name=parts.last_name,
            position=position,
            organization=organization,
        )
        if person.pk in listed:
            continue
        listed.add(person.pk)
        kind = _ATTENDANCE_KINDS.get(entry.status, Attendance.Kind.PRESENT)
        rows.append(
            Row(
                values={
                    "person": person,
                    "kind": kind,
                    "organization": organization,
                    "position": position or person.position,
                    "absence_reason": entry.reason if kind == Attendance.Kind.ABSENT else "",
                }
            )
        )
    return rows


def _known_person(access: GroupAccess, name, organization: Organization | None) -> Person | None:
    """Someone already known by ``name``'s last name (and first name, if given) in the same organization."""
    candidates = Person.objects.filter(last_name=name.last_name, organization=organization)
    if name.first_name:
        candidates = candidates.filter(first_name__in=[name.first_name, ""])
    found = list(candidates[:2])
    return found[0] if len(found) == 1 else None


def _speaker(access: GroupAccess, speech: ParsedSpeech, organization: Organization | None) -> Person:
    """The person who spoke: the group's secretary, someone already known by name and body, or new."""
    secretary = access.group.secretary
    if speech.is_group_secretary and secretary is not None and secretary.last_name == speech.last_name:
        return secretary
    known = _known_person(access, speech, organization) if speech.last_name else None
    if known is not None:
        return known
    return add_person(
        access,
        honorific=speech.honorific,
        title=speech.title,
        first_name=speech.first_name,
        last_name=speech.last_name or _("(unnamed)"),
        position=speech.position,
        organization=organization,
    )


def _agenda(meeting: Meeting, minutes: MinutesImport) -> list[Row]:
    """The items already on the agenda, then those of the minutes whose numbers are not taken."""
    accepted = list(meeting.agenda_items.accepted().values_list("pk", "number"))
    taken = {number for _pk, number in accepted}
    return [Row(pk) for pk, _number in accepted] + [
        Row(values={"title": item.title}) for item in minutes.agenda if item.number not in taken
    ]


def _committees(
    access: GroupAccess, meeting: Meeting, minutes: MinutesImport, organizations: _Organizations
) -> dict[str, Committee]:
    """Each committee the minutes name, formed or assigned anew at this session; the same committee
    is recognized by the words of its name."""
    existing = {tuple(words(c.name)): c for c in Committee.objects.filter(working_group=access.group)}
    committees: dict[str, Committee] = {}
    for entry in minutes.committees:
        committee = assign_committee(
            access,
            existing.get(tuple(words(entry.name))),
            meeting=meeting,
            name=entry.name,
            lead=organizations.get(entry.lead),
            collaborators=organizations.all(entry.collaborators),
            mandate=entry.mandate,
        )
        existing[tuple(words(entry.name))] = committee
        committees[entry.name] = committee
    return committees


def _next_meeting(
    access: GroupAccess, number: int, minutes: MinutesImport, organizations: _Organizations
) -> Meeting | None:
    """The next session as the minutes announce it: planned, or its plan completed."""
    announced = minutes.next_session
    if announced is None:
        return None
    fields = {
        "host_organization": organizations.get(announced.host),
        "city": announced.city,
        "approximate_date": announced.date.date if announced.date else None,
        "date_note": announced.date_text,
    }
    meeting = Meeting.objects.filter(working_group=access.group, number=number + 1).first()
    if meeting is None:
        return create_session(access, number=number + 1, fields=fields, days=[], sittings=[])
    if meeting.status == Meeting.Status.PLANNED:
        known = {name: value for name, value in fields.items() if value}
        plan_session(access, meeting, fields=known, days=meeting.day_dates)
    return meeting


def _resolutions(
    access: GroupAccess,
    minutes: MinutesImport,
    organizations: _Organizations,
    committees: dict[str, Committee],
    next_meeting: Meeting | None,
) -> list[ResolutionRow]:
    by_words = {tuple(words(c.name)): c for c in Committee.objects.filter(working_group=access.group)}
    rows = []
    for parsed in minutes.resolutions:
        responsible = parsed.responsible
        kind = responsible.kind
        organization = committee = None
        if kind == Resolution.Responsible.ORGANIZATION:
            organization = organizations.get(responsible.organization)
        elif kind == Resolution.Responsible.COMMITTEE:
            committee = committees.get(responsible.committee) or by_words.get(
                tuple(words(responsible.committee))
            )
        if (kind == Resolution.Responsible.ORGANIZATION and organization is None) or (
            kind == Resolution.Responsible.COMMITTEE and committee is None
        ):
            kind = Resolution.Responsible.NONE
        deadline = parsed.deadline
        rows.append(
            ResolutionRow(
                values={
                    "verb": parsed.verb,
                    "text": parsed.text,
                    "responsible_kind": kind,
                    "responsible_organization": organization,
                    "responsible_committee": committee,
                    "deadline_date": deadline.date if deadline else None,
                    "deadline_text": deadline.text if deadline else "",
                    "deadline_next_meeting": bool(deadline and deadline.next_meeting),
                    "deliverable": parsed.deliverable,
                    "schedules_meeting": next_meeting if parsed.schedules_next_session else None,
                },
                collaborators=organizations.all(parsed.collaborators),
            )
        )
    return rows
