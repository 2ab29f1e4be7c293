"""Saving an imported minutes text as a draft session, once staff have confirmed what was read.

``save_imported_session`` turns a ``meetings.importing.MinutesImport`` into a held session with
its days, sittings, speeches, the speakers' attendance, agenda, committees (lead and
collaborators assigned at this session), resolutions and the next session as a planned one.
Organizations the text names but nobody knows are created only when staff confirmed them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee, CommitteeAssignment
from meetings.importing.organizations import words
from meetings.importing.parser import name_parts
from meetings.importing.structure import MinutesImport, OrganizationRef, ProposedOrganization
from meetings.importing.structure import Speech as ParsedSpeech
from meetings.models import AgendaItem, Attendance, Meeting, MeetingDay, Sitting, Speech
from meetings.planning.actions import suggest_agenda
from resolutions import numbering
from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.actions import add_organization, add_person, require_staff
from secretariat.audit import AuditEvent, log_action
from secretariat.models import Membership, Organization, Person, WorkingGroup
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
    meeting = _meeting_to_fill(group, number)
    organizations = _Organizations(access, minutes, organization_decisions or {})
    start, end = _time(minutes.start_time), _time(minutes.end_time)
    if start and end and end <= start:
        end = None
    fields = {
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
    if meeting is None:
        meeting = Meeting.objects.create(working_group=group, number=number, **fields)
    else:
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save()
        meeting.raise_version(by=access.user)
    _days_and_sittings(meeting, minutes)
    _speeches_and_attendance(access, meeting, minutes, organizations)
    _listed_attendance(access, meeting, minutes, organizations)
    _agenda(meeting, minutes)
    committees = _committees(group, meeting, minutes, organizations)
    next_meeting = _next_meeting(group, number, minutes, organizations)
    _resolutions(group, meeting, minutes, organizations, committees, next_meeting)
    numbering.renumber(group)
    log_action(access.user, AuditEvent.SESSION_IMPORTED, meeting, group=group, number=number)
    if next_meeting is not None and next_meeting.is_planned:
        suggest_agenda(access, next_meeting)  # what this session made due at the next one
    return meeting


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
        if proposal.member:
            Membership.objects.get_or_create(working_group=self.group, organization=organization)
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


def _days_and_sittings(meeting: Meeting, minutes: MinutesImport) -> None:
    for day in minutes.dates:
        MeetingDay.objects.get_or_create(meeting=meeting, date=day.date)
    existing = set(meeting.sittings.values_list("part", flat=True))
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, part=part, order=order)
        for order, part in enumerate(minutes.sittings, start=1)
        if part not in existing
    )


def _speeches_and_attendance(
    access: GroupAccess, meeting: Meeting, minutes: MinutesImport, organizations: _Organizations
) -> None:
    group = access.group
    members = set(group.memberships.values_list("organization_id", flat=True))
    attendance_order = meeting.attendances.count()
    for speech in minutes.speeches:
        organization = organizations.get(speech.organization)
        person = _speaker(access, speech, organization)
        Speech.objects.create(
            meeting=meeting,
            speaker=person,
            speaker_position=speech.position,
            occasion=speech.occasion,
            summary=speech.summary,
            order=speech.order,
        )
        member = speech.is_group_secretary or (organization is not None and organization.pk in members)
        attendance_order += 1
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "kind": Attendance.Kind.PRESENT if member else Attendance.Kind.GUEST,
                "organization": organization,
                "position": speech.position,
                "order": attendance_order,
            },
        )


_ATTENDANCE_KINDS = {
    "present": Attendance.Kind.PRESENT,
    "absent": Attendance.Kind.ABSENT,
    "guest": Attendance.Kind.GUEST,
}


def _listed_attendance(
    access: GroupAccess, meeting: Meeting, minutes: MinutesImport, organizations: _Organizations
) -> None:
    """The people a header form lists as present, absent or invited, after those who spoke."""
    order = meeting.attendances.count()
    for listed in minutes.attendees:
        organization = organizations.get(listed.organization)
        parts = name_parts(listed.name)
        if not parts.last_name:
            continue
        position = "" if organization is not None or listed.status == "absent" else listed.detail
        person = _known_person(access, parts, organization) or add_person(
            access,
            honorific=parts.honorific,
            title=parts.title,
            first_name=parts.first_name,
            last_name=parts.last_name,
            position=position,
            organization=organization,
        )
        order += 1
        kind = _ATTENDANCE_KINDS.get(listed.status, Attendance.Kind.PRESENT)
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "kind": kind,
                "organization": organization,
                "position": position or person.position,
                "absence_reason": listed.reason if kind == Attendance.Kind.ABSENT else "",
                "order": order,
            },
        )


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


def _agenda(meeting: Meeting, minutes: MinutesImport) -> None:
    taken = set(meeting.agenda_items.values_list("number", flat=True))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=item.number, title=item.title)
        for item in minutes.agenda
        if item.number not in taken
    )


def _committees(
    group: WorkingGroup, meeting: Meeting, minutes: MinutesImport, organizations: _Organizations
) -> dict[str, Committee]:
    """Form or re-assign each committee; an organization's earlier role ends at this session."""
    existing = {tuple(words(c.name)): c for c in Committee.objects.filter(working_group=group)}
    committees: dict[str, Committee] = {}
    for entry in minutes.committees:
        committee = existing.get(tuple(words(entry.name)))
        if committee is None:
            committee = Committee.objects.create(
                working_group=group, name=entry.name, mandate=entry.mandate, formed_at=meeting
            )
            existing[tuple(words(entry.name))] = committee
        elif entry.mandate and committee.mandate != entry.mandate:
            committee.mandate = entry.mandate
            committee.save(update_fields=["mandate"])
        committees[entry.name] = committee
        wanted: dict[int, tuple[Organization, str]] = {}
        lead = organizations.get(entry.lead)
        if lead is not None:
            wanted[lead.pk] = (lead, CommitteeAssignment.Role.LEAD)
        for organization in organizations.all(entry.collaborators):
            wanted.setdefault(organization.pk, (organization, CommitteeAssignment.Role.COLLABORATOR))
        current = {a.organization_id: a for a in committee.assignments.current()}
        for organization_id, assignment in current.items():
            keep = organization_id in wanted and wanted[organization_id][1] == assignment.role
            if lead is None and assignment.role == CommitteeAssignment.Role.LEAD:
                keep = True  # the lead was not recognized: the one on record stays
            if not keep:
                assignment.until_meeting = meeting
                assignment.save(update_fields=["until_meeting"])
        for order, (organization, role) in enumerate(wanted.values()):
            assignment = current.get(organization.pk)
            if assignment is not None and assignment.role == role:
                if assignment.order != order:
                    assignment.order = order
                    assignment.save(update_fields=["order"])
                continue
            CommitteeAssignment.objects.create(
                committee=committee, organization=organization, role=role, order=order, since_meeting=meeting
            )
    return committees


def _next_meeting(
    group: WorkingGroup, number: int, minutes: MinutesImport, organizations: _Organizations
) -> Meeting | None:
    announced = minutes.next_session
    if announced is None:
        return None
    host = organizations.get(announced.host)
    fields = {
        "host_organization": host,
        "city": announced.city,
        "approximate_date": announced.date.date if announced.date else None,
        "date_note": announced.date_text,
    }
    meeting = Meeting.objects.filter(working_group=group, number=number + 1).first()
    if meeting is None:
        return Meeting.objects.create(
            working_group=group, number=number + 1, status=Meeting.Status.PLANNED, **fields
        )
    if meeting.status == Meeting.Status.PLANNED:
        changed = [name for name, value in fields.items() if value and getattr(meeting, name) != value]
        for name in changed:
            setattr(meeting, name, fields[name])
        if changed:
            meeting.save(update_fields=changed)
    return meeting


def _resolutions(
    group: WorkingGroup,
    meeting: Meeting,
    minutes: MinutesImport,
    organizations: _Organizations,
    committees: dict[str, Committee],
    next_meeting: Meeting | None,
) -> None:
    by_words = {tuple(words(c.name)): c for c in Committee.objects.filter(working_group=group)}
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
        resolution = Resolution.objects.create(
            meeting=meeting,
            number=parsed.number,
            verb=parsed.verb,
            text=parsed.text,
            responsible_kind=kind,
            responsible_organization=organization,
            responsible_committee=committee,
            deadline_date=deadline.date if deadline else None,
            deadline_text=deadline.text if deadline else "",
            deadline_next_meeting=bool(deadline and deadline.next_meeting),
            deliverable=parsed.deliverable,
            schedules_meeting=next_meeting if parsed.schedules_next_session else None,
        )
        collaborators = organizations.all(parsed.collaborators)
        if collaborators:
            resolution.set_collaborators(collaborators)
