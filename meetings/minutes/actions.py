"""Writing a session's minutes: saving the editor, recording the attendance, keeping a substitute's
letter."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.actions import form_committee
from meetings import steps as session_steps
from meetings.actions import EditConflict, NotEditable, lock_meeting, log, set_status
from meetings.minutes.quorum import votes_beyond_attendance, voting_members
from meetings.minutes.values import MinutesValues, ResolutionRow, Row
from meetings.models import AgendaItem, Attendance, Meeting, MeetingDay, Sitting, Speech
from resolutions import numbering
from resolutions.models import OrganizationVote, Resolution, ResolutionCollaborator
from resolutions.reporting import refresh_next_reports
from secretariat.access import GroupAccess
from secretariat.audit import AuditEvent
from secretariat.models import Organization, Person
from secretariat.persian import localize_digits

# Numbers are unique per session; renumbering first moves every row out of the way.
_RENUMBER_OFFSET = 10_000


def save_sittings(meeting: Meeting, parts: list[str]) -> None:
    meeting.sittings.exclude(part__in=parts).delete()
    existing = set(meeting.sittings.values_list("part", flat=True))
    order = {part: index for index, (part, _label) in enumerate(Sitting.Part.choices, start=1)}
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, part=part, order=order[part]) for part in parts if part not in existing
    )


@transaction.atomic
def save_minutes(access: GroupAccess, meeting: Meeting, values: MinutesValues) -> Meeting:
    """Save the head and the sections of the minutes as one change, or refuse it if someone saved
    in between (``values.version`` is compared and raised in one UPDATE, so of two editors who
    started from the same version only the first saves). Only rows whose values changed are
    written. Counted votes may not exceed the members present in ``values.attendance``.
    """
    locked = lock_meeting(meeting)
    if locked.status not in Meeting.Status.editable():
        raise NotEditable(str(session_steps.STEPS.steps[session_steps.EDIT].wrong_state))
    session_steps.require(session_steps.EDIT, access, locked)
    _require_possible_votes(values)
    bumped = Meeting.objects.filter(pk=meeting.pk, version=values.version).update(version=F("version") + 1)
    if not bumped:
        raise EditConflict
    meeting = Meeting.objects.get(pk=meeting.pk)
    for name, value in values.header.items():
        setattr(meeting, name, value)
    meeting.last_changed_by = access.user
    meeting.save()
    save_sittings(meeting, values.sittings)
    _save_days(meeting, values.days)
    _save_rows(Attendance, meeting.attendances.all(), values.attendance, meeting, position="order")
    _save_rows(Speech, meeting.speeches.all(), values.speeches, meeting, position="order")
    _save_agenda(meeting, values.agenda)
    _save_resolutions(access, meeting, values.resolutions)
    numbering.renumber(meeting.working_group)
    refresh_next_reports(
        meeting.resolutions.filter(Q(report_every_months__isnull=False) | Q(next_report_due__isnull=False))
    )
    log(access, AuditEvent.MINUTES_SAVED, meeting, version=meeting.version)
    return meeting


def _require_possible_votes(values: MinutesValues) -> None:
    kinds = [str(row.values.get("kind", "")) for row in values.attendance]
    beyond = votes_beyond_attendance(kinds, [row.votes_cast for row in values.resolutions])
    if beyond:
        index, cast = beyond[0]
        raise ValidationError(
            _("Resolution %(number)s: %(cast)s votes are recorded but only %(present)s members are present.")
            % {
                "number": localize_digits(index + 1),
                "cast": localize_digits(cast),
                "present": localize_digits(voting_members(kinds)),
            }
        )


@transaction.atomic
def mark_held(access: GroupAccess, meeting: Meeting) -> Meeting:
    """The planned session took place: its minutes are written from now on."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.HOLD, access, meeting)
    set_status(access, meeting, Meeting.Status.HELD)
    log(access, AuditEvent.SESSION_HELD, meeting)
    return meeting


@transaction.atomic
def add_resolution(
    access: GroupAccess,
    meeting: Meeting,
    *,
    text: str,
    responsible_organization: Organization | None = None,
    deadline: datetime.date | None = None,
) -> Resolution:
    """A resolution drafted at the end of a session's minutes, numbered after the others."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.EDIT, access, meeting)
    number = (meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    resolution = Resolution(
        meeting=meeting,
        number=number,
        text=text,
        responsible_kind=Resolution.Responsible.ORGANIZATION
        if responsible_organization
        else Resolution.Responsible.SECRETARIAT,
        responsible_organization=responsible_organization,
        deadline_date=deadline,
    )
    resolution.full_clean()
    resolution.save()
    numbering.renumber(meeting.working_group)
    meeting.raise_version(by=access.user)
    log(access, AuditEvent.RESOLUTION_DRAFTED, meeting, number=number)
    return resolution


@transaction.atomic
def delete_resolution(access: GroupAccess, resolution: Resolution) -> None:
    """Take a drafted resolution out of its session's minutes; the ones after it move up."""
    meeting = lock_meeting(resolution.meeting)
    if meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    session_steps.require(session_steps.EDIT, access, meeting)
    resolution = Resolution.objects.get(pk=resolution.pk, meeting=meeting)
    refusal = resolution.deletion_refusal()
    if refusal:
        raise ValidationError(refusal)
    number = resolution.number
    resolution.delete()
    later = meeting.resolutions.filter(number__gt=number)
    later.update(number=F("number") + _RENUMBER_OFFSET)
    later.update(number=F("number") - _RENUMBER_OFFSET - 1)
    numbering.renumber(meeting.working_group)
    meeting.raise_version(by=access.user)
    log(access, AuditEvent.RESOLUTION_DELETED, meeting, number=number)


def _save_days(meeting: Meeting, days: list[datetime.date]) -> None:
    wanted = set(days)
    meeting.days.exclude(date__in=wanted).delete()
    present = set(meeting.days.values_list("date", flat=True))
    MeetingDay.objects.bulk_create(MeetingDay(meeting=meeting, date=day) for day in sorted(wanted - present))


def _save_rows(
    model, stored, rows: Sequence[Row], meeting: Meeting, *, position: str, first: int = 1
) -> list:
    """Bring ``stored`` (the session's rows of ``model``) to ``rows``: the ones left out removed,
    the new ones created, the others saved only when a value changed. Returns the rows in order."""
    existing = {row.pk: row for row in stored}
    kept = {row.pk for row in rows if row.pk}
    missing = kept - set(existing)
    if missing:
        raise EditConflict  # a row was removed meanwhile by another step
    model.objects.filter(pk__in=set(existing) - kept).delete()
    saved = []
    for place, row in enumerate(rows, start=first):
        instance = existing[row.pk] if row.pk else model(meeting=meeting)
        wanted = {**row.values, position: place}
        if instance.pk is None:
            changed = list(wanted)
        else:
            changed = [name for name, value in wanted.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, wanted[name])
        if changed:
            instance.full_clean(exclude=[position, "meeting"], validate_unique=False)
            instance.save()
        saved.append(instance)
    return saved


def _free_numbers(model, meeting: Meeting, stored: dict[int, int], wanted: dict[int, int]) -> None:
    """Numbers are unique per session: the rows that change number first move out of the way."""
    moving = [pk for pk, number in wanted.items() if pk in stored and stored[pk] != number]
    if moving:
        model.objects.filter(pk__in=moving).update(number=F("number") + _RENUMBER_OFFSET)


def _save_agenda(meeting: Meeting, rows: list[Row]) -> None:
    """The agenda as arranged in the editor, numbered from 1; items still suggested or dropped on the
    session's page (which the editor does not show) follow, in their order."""
    accepted = list(meeting.agenda_items.accepted())
    others = list(meeting.agenda_items.exclude(state=AgendaItem.State.ACCEPTED).order_by("number"))
    kept = {row.pk for row in rows if row.pk}
    wanted = {row.pk: number for number, row in enumerate(rows, start=1) if row.pk}
    wanted.update({item.pk: number for number, item in enumerate(others, start=len(rows) + 1)})
    stored = {item.pk: item.number for item in [*accepted, *others]}
    AgendaItem.objects.filter(pk__in={item.pk for item in accepted} - kept).delete()
    _free_numbers(AgendaItem, meeting, stored, wanted)
    fresh = list(meeting.agenda_items.filter(pk__in=kept))
    _save_rows(AgendaItem, fresh, rows, meeting, position="number")
    for item in others:
        if stored[item.pk] != wanted[item.pk]:
            AgendaItem.objects.filter(pk=item.pk).update(number=wanted[item.pk])


def _save_resolutions(access: GroupAccess, meeting: Meeting, rows: list[ResolutionRow]) -> None:
    stored = list(meeting.resolutions.prefetch_related("collaborator_links", "organization_votes"))
    kept = {row.pk for row in rows if row.pk}
    for removed in (resolution for resolution in stored if resolution.pk not in kept):
        refusal = removed.deletion_refusal()
        if refusal:
            raise ValidationError(refusal)
    wanted = {row.pk: number for number, row in enumerate(rows, start=1) if row.pk}
    _free_numbers(Resolution, meeting, {r.pk: r.number for r in stored}, wanted)
    before = {resolution.pk: resolution.status for resolution in stored}
    fresh = list(
        meeting.resolutions.filter(pk__in=kept).prefetch_related("collaborator_links", "organization_votes")
    )
    Resolution.objects.filter(meeting=meeting).exclude(pk__in=kept).delete()
    for row in rows:
        _complete_or_reopen(row, before.get(row.pk))
        if row.new_committee is not None:
            row.values = {
                **row.values,
                "responsible_kind": Resolution.Responsible.COMMITTEE,
                "responsible_committee": form_committee(
                    access,
                    meeting=meeting,
                    name=row.new_committee.name,
                    lead=row.new_committee.lead,
                    collaborators=row.collaborators,
                    mandate=row.new_committee.mandate,
                ),
            }
    saved = _save_rows(Resolution, fresh, rows, meeting, position="number")
    for resolution, row in zip(saved, rows, strict=True):
        _keep_order(resolution, row.collaborators)
        current = {vote.organization_id: vote.choice for vote in resolution.organization_votes.all()}
        named = {
            o.pk: choice for choice, organizations in row.organization_votes.items() for o in organizations
        }
        if current != named:
            _set_organization_votes(resolution, row.organization_votes)


def _complete_or_reopen(row: ResolutionRow, status_before: str | None) -> None:
    """A resolution marked done takes today as its completion date (once); reopened, it has none."""
    status = row.values.get("status")
    if status is None or status == status_before:
        return
    done = status == Resolution.Status.DONE
    row.values = {**row.values, "completed_on": timezone.localdate() if done else None}


def _set_organization_votes(resolution: Resolution, votes: dict[str, list[Organization]]) -> None:
    """Replace the votes by organization: ``{"for": [...], "against": [...], "abstaining": [...]}``."""
    resolution.organization_votes.all().delete()
    OrganizationVote.objects.bulk_create(
        OrganizationVote(resolution=resolution, organization=organization, choice=choice)
        for choice, organizations in votes.items()
        for organization in organizations
    )


def set_collaborators(resolution: Resolution, organizations: list[Organization]) -> None:
    """Replace a resolution's collaborators, keeping the given order (a step of ``save_minutes``)."""
    resolution.collaborator_links.all().delete()
    ResolutionCollaborator.objects.bulk_create(
        ResolutionCollaborator(resolution=resolution, organization=organization, order=order)
        for order, organization in enumerate(organizations)
    )


def _keep_order(resolution: Resolution, chosen: list[Organization]) -> None:
    """Set the collaborators, keeping the order of those already listed and adding the rest after."""
    current = [link.organization_id for link in resolution.collaborator_links.all()]
    chosen_ids = {organization.pk for organization in chosen}
    kept = [pk for pk in current if pk in chosen_ids]
    added = [organization.pk for organization in chosen if organization.pk not in kept]
    ordered = kept + added
    if ordered != current:
        by_id = {organization.pk: organization for organization in chosen}
        set_collaborators(resolution, [by_id[pk] for pk in ordered])


@dataclass(frozen=True)
class AttendanceEntry:
    """One line of a session's attendance, as ``record_attendance`` takes it: a person who attended
    (present, a substitute, a guest), or an organization that was absent (a person optional)."""

    person: Person | None
    kind: str = Attendance.Kind.PRESENT
    organization: Organization | None = None
    position: str = ""
    absence_reason: str = ""
    substitute_for: Person | None = None
    letter_number: str = ""
    letter_date: datetime.date | None = None

    @property
    def key(self) -> tuple:
        """What makes a line the same line: its person, or an absent organization."""
        if self.person is not None:
            return ("person", self.person.pk)
        return ("away", self.organization.pk if self.organization else None)


def _line_key(attendance: Attendance) -> tuple:
    if attendance.person_id is not None:
        return ("person", attendance.person_id)
    return ("away", attendance.organization_id)


@transaction.atomic
def record_attendance(access: GroupAccess, meeting: Meeting, entries: list[AttendanceEntry]) -> None:
    """Record who attended and which organizations were absent, in this order: lines listed already
    are updated and moved into it, others added; nobody is removed (the editor removes rows), and
    those not listed follow. An organization is either represented or absent: recording someone of
    it as attending removes its line of absence; recording it absent while someone of it attends
    is refused."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.EDIT, access, meeting)
    existing = {
        _line_key(attendance): attendance for attendance in meeting.attendances.order_by("order", "pk")
    }
    listed = {entry.key for entry in entries}
    for order, entry in enumerate(entries, start=1):
        organization = entry.organization or (entry.person.organization if entry.person else None)
        away = entry.kind in Attendance.Kind.away()
        if away:
            _require_nobody_attending(meeting, organization, entries)
        else:
            meeting.attendances.filter(
                person__isnull=True, organization=organization, kind__in=Attendance.Kind.away()
            ).exclude(pk__in=[a.pk for key, a in existing.items() if key in listed]).delete()
        attendance = existing.get(entry.key) or Attendance(meeting=meeting, person=entry.person)
        attendance.order = order
        attendance.kind = entry.kind
        attendance.organization = organization
        attendance.position = entry.position or (entry.person.position if entry.person else "")
        attendance.absence_reason = entry.absence_reason if away else ""
        substitute = entry.kind == Attendance.Kind.SUBSTITUTE
        attendance.substitute_for = entry.substitute_for if substitute else None
        attendance.letter_number = entry.letter_number if substitute else ""
        attendance.letter_date = entry.letter_date if substitute else None
        attendance.full_clean()
        attendance.save()
    others = [attendance for key, attendance in existing.items() if key not in listed]
    for order, attendance in enumerate(others, start=len(entries) + 1):
        if attendance.order != order and Attendance.objects.filter(pk=attendance.pk).exists():
            attendance.order = order
            attendance.save(update_fields=["order"])
    meeting.raise_version(by=access.user)
    log(access, AuditEvent.ATTENDANCE_RECORDED, meeting, lines=len(entries))


def _require_nobody_attending(meeting: Meeting, organization, entries: list[AttendanceEntry]) -> None:
    attending_now = {
        entry.organization.pk if entry.organization else entry.person.organization_id
        for entry in entries
        if entry.person is not None and entry.kind in Attendance.Kind.attending()
    }
    someone = meeting.attendances.attending().filter(organization=organization).exists()
    if organization is not None and (organization.pk in attending_now or someone):
        raise ValidationError(
            _("%(organization)s is represented at this session: it cannot also be recorded absent.")
            % {"organization": organization.display_name},
            code="represented",
        )


@transaction.atomic
def record_absent_members(access: GroupAccess, meeting: Meeting) -> list[Organization]:
    """Record as absent, after the lines already there, every member organization the attendance
    does not name yet: the minutes list every member organization, present or absent. Returns
    those recorded."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.EDIT, access, meeting)
    missing = meeting.members_not_in_attendance()
    last = meeting.attendances.aggregate(last=Max("order"))["last"] or 0
    for order, organization in enumerate(missing, start=last + 1):
        line = Attendance(
            meeting=meeting, kind=Attendance.Kind.ABSENT, organization=organization, order=order
        )
        line.full_clean()
        line.save()
    if missing:
        meeting.raise_version(by=access.user)
        log(
            access,
            AuditEvent.ATTENDANCE_ABSENT_MEMBERS_RECORDED,
            meeting,
            organizations=[o.name for o in missing],
        )
    return missing


@transaction.atomic
def attach_introduction_letter(access: GroupAccess, attendance: Attendance, scan) -> Attendance:
    """Keep a substitute's scanned introduction letter beside the minutes (staff; at any stage, as
    letters often arrive after the session)."""
    if not access.is_staff:
        raise PermissionDenied(_("Only the secretariat may do this."))
    attendance = Attendance.objects.select_for_update().select_related("meeting").get(pk=attendance.pk)
    if attendance.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    if attendance.kind != Attendance.Kind.SUBSTITUTE:
        raise ValidationError(_("Only a substitute comes with an introduction letter."))
    previous = attendance.letter_scan.name if attendance.letter_scan else ""
    attendance.letter_scan = scan
    attendance.save(update_fields=["letter_scan"])
    if previous and previous != attendance.letter_scan.name:
        transaction.on_commit(lambda: default_storage.delete(previous), robust=True)
    log(
        access,
        AuditEvent.ATTENDANCE_LETTER_ATTACHED,
        attendance.meeting,
        attendee=attendance.person.formal_name if attendance.person else str(attendance.organization),
    )
    return attendance
