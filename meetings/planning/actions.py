"""Preparing a session: creating and deleting a planned one, its agenda (suggested from what is due,
proposals from members), the invitation letter, and the members' attendance replies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from api import webhooks
from meetings import steps as session_steps
from meetings import tasks
from meetings.actions import acting_organization, lock_meeting, log, tell_staff
from meetings.minutes.actions import AttendanceEntry, record_attendance, save_sittings
from meetings.models import (
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Attendance,
    AttendanceReply,
    Invitation,
    Meeting,
    MeetingDay,
)
from meetings.planning import overview
from meetings.planning.invitation import calendar_file, invitation_html
from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.actions import add_person, require_staff
from secretariat.audit import AuditEvent
from secretariat.letter_numbers import format_letter_number
from secretariat.models import Notification, Organization, Person, WorkingGroup
from secretariat.notifications import Attachment, Delivery, notify_organizations
from secretariat.people import NameParts, find_person, likely_duplicates, split_name
from secretariat.persian import (
    in_site_language,
    localize_digits,
    normalize_text,
    ordinal,
    to_ascii_digits,
    to_jalali,
)
from secretariat.steps import StepRefused

# Agenda numbers are unique per session; renumbering first moves every row out of the way.
_RENUMBER_OFFSET = 10_000


def next_session_number(group) -> int:
    last = group.meetings.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def create_session(
    access: GroupAccess,
    *,
    number: int,
    fields: dict,
    days: list[datetime.date],
    sittings: list[str],
    suggest: bool = True,
) -> Meeting:
    """A new planned session of the group: its host, place and time as far as they are known; what
    earlier sessions made due at it is suggested for its agenda (unless ``suggest`` is off: a
    session entered from old minutes had its agenda)."""
    session_steps.require(session_steps.PLAN, access, Meeting(status=Meeting.Status.PLANNED))
    meeting = Meeting(working_group=access.group, number=number, status=Meeting.Status.PLANNED, **fields)
    meeting.full_clean()
    meeting.save()
    MeetingDay.objects.bulk_create(MeetingDay(meeting=meeting, date=day) for day in sorted(set(days)))
    save_sittings(meeting, sittings)
    log(access, AuditEvent.SESSION_CREATED, meeting, number=number)
    webhooks.session_planned(meeting)
    if suggest:
        suggest_agenda(access, meeting)
    return meeting


# What planning a session sets: when and where, and until when members propose and reply.
PLANNING_FIELDS = (
    "host_organization",
    "city",
    "venue",
    "start_time",
    "end_time",
    "approximate_date",
    "date_note",
    "proposals_until",
    "replies_until",
)


@transaction.atomic
def plan_session(
    access: GroupAccess, meeting: Meeting, *, fields: dict, days: list[datetime.date]
) -> list[str]:
    """Set when and where a planned session is, and until when members propose items and reply;
    apart from writing its minutes. Returns the names of the fields that changed."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.PLAN, access, meeting)
    changed = [name for name in PLANNING_FIELDS if name in fields and getattr(meeting, name) != fields[name]]
    for name in changed:
        setattr(meeting, name, fields[name])
    meeting.full_clean()
    meeting.save()
    wanted = sorted(set(days))
    if wanted != meeting.day_dates:
        meeting.days.exclude(date__in=wanted).delete()
        present = set(meeting.days.values_list("date", flat=True))
        MeetingDay.objects.bulk_create(
            MeetingDay(meeting=meeting, date=day) for day in wanted if day not in present
        )
        changed.append("days")
    if changed:
        meeting.raise_version(by=access.user)
        log(access, AuditEvent.SESSION_PLANNED, meeting, fields=changed)
        webhooks.session_planned(meeting)
    return changed


@transaction.atomic
def decide_suggestions(
    access: GroupAccess, meeting: Meeting, *, item_ids: list[int], state: str
) -> dict[int, str]:
    """Accept onto the agenda, or drop, several items at once (suggested from what is due, or on the
    agenda already). Returns each item's state before, so the change can be undone."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.ARRANGE_AGENDA, access, meeting)
    items = list(meeting.agenda_items.filter(pk__in=item_ids).exclude(state=state))
    before = {item.pk: item.state for item in items}
    if items:
        AgendaItem.objects.filter(pk__in=before).update(state=state)
        meeting.raise_version(by=access.user)
        event = (
            AuditEvent.AGENDA_ITEMS_DROPPED
            if state == AgendaItem.State.DROPPED
            else AuditEvent.AGENDA_ITEMS_ACCEPTED
        )
        log(access, event, meeting, items=[item.title[:80] for item in items])
    return before


@transaction.atomic
def restore_agenda_states(access: GroupAccess, meeting: Meeting, states: dict[int, str]) -> int:
    """Undo a decision on agenda items: each back to the state it had."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.ARRANGE_AGENDA, access, meeting)
    valid = {state for state, _label in AgendaItem.State.choices}
    restored = 0
    for item in meeting.agenda_items.filter(pk__in=states):
        if states[item.pk] in valid and item.state != states[item.pk]:
            AgendaItem.objects.filter(pk=item.pk).update(state=states[item.pk])
            restored += 1
    if restored:
        meeting.raise_version(by=access.user)
        log(access, AuditEvent.AGENDA_DECISION_UNDONE, meeting, items=restored)
    return restored


@transaction.atomic
def delete_planned_session(access: GroupAccess, meeting: Meeting) -> None:
    """Delete a session that was planned and will not take place, with what was prepared for it."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.DELETE, access, meeting)
    log(access, AuditEvent.SESSION_DELETED, meeting, number=meeting.number)
    meeting.delete()


def _next_number(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(last=Max("number"))["last"] or 0) + 1


def _report_title(resolution: Resolution) -> str:
    who = resolution.responsible_label or _("the secretariat")
    return _("Report of %(who)s on %(resolution)s") % {"who": who, "resolution": resolution.label}


def _presenter_of(resolution: Resolution) -> dict:
    if resolution.responsible_kind == Resolution.Responsible.COMMITTEE:
        return {
            "presenter_kind": AgendaItem.Presenter.COMMITTEE,
            "presenter_committee": resolution.responsible_committee,
        }
    if resolution.responsible_kind == Resolution.Responsible.ORGANIZATION:
        return {
            "presenter_kind": AgendaItem.Presenter.ORGANIZATION,
            "presenter_organization": resolution.responsible_organization,
        }
    return {"presenter_kind": AgendaItem.Presenter.SECRETARIAT}


@in_site_language
@transaction.atomic
def suggest_agenda(access: GroupAccess, meeting: Meeting) -> list[AgendaItem]:
    """Suggest what is due at the session: the reading of earlier resolutions and their follow-ups,
    and a report for each resolution due there (``overview.due_resolutions``) not yet on the agenda.

    Suggestions wait for the secretariat to accept or drop them; one dropped is not suggested again.
    """
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.ARRANGE_AGENDA, access, meeting)
    items = []
    number = _next_number(meeting)
    if not meeting.agenda_items.filter(kind=AgendaItem.Kind.FOLLOW_UP).exists():
        items.append(
            AgendaItem(
                meeting=meeting,
                number=number,
                kind=AgendaItem.Kind.FOLLOW_UP,
                state=AgendaItem.State.SUGGESTED,
                title=_("Reading of the earlier sessions' resolutions and their follow-ups"),
                presenter_kind=AgendaItem.Presenter.SECRETARIAT,
            )
        )
        number += 1
    listed = set(meeting.agenda_items.exclude(resolution=None).values_list("resolution_id", flat=True))
    for resolution in overview.due_resolutions(meeting):
        if resolution.pk in listed:
            continue
        items.append(
            AgendaItem(
                meeting=meeting,
                number=number,
                kind=AgendaItem.Kind.REPORT,
                state=AgendaItem.State.SUGGESTED,
                title=_report_title(resolution),
                resolution=resolution,
                **_presenter_of(resolution),
            )
        )
        number += 1
    AgendaItem.objects.bulk_create(items)
    if items:
        meeting.raise_version(by=access.user)
        log(access, AuditEvent.AGENDA_SUGGESTED, meeting, items=len(items))
    return items


def _agenda_item(access: GroupAccess, item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting__working_group").select_for_update().get(pk=item.pk)
    if item.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    session_steps.require(session_steps.ARRANGE_AGENDA, access, item.meeting)
    return item


@transaction.atomic
def move_agenda_item(access: GroupAccess, item: AgendaItem, position: int) -> None:
    """Put ``item`` at ``position`` (from 1) of its session's list, the others keeping their order."""
    item = _agenda_item(access, item)
    meeting = item.meeting
    others = [other for other in meeting.agenda_items.order_by("number") if other.pk != item.pk]
    position = max(1, min(position, len(others) + 1))
    ordered = [*others[: position - 1], item, *others[position - 1 :]]
    meeting.agenda_items.update(number=F("number") + _RENUMBER_OFFSET)
    for number, row in enumerate(ordered, start=1):
        AgendaItem.objects.filter(pk=row.pk).update(number=number)
    meeting.raise_version(by=access.user)
    log(access, AuditEvent.AGENDA_ITEM_MOVED, meeting, item=item.title, position=position)


@transaction.atomic
def add_agenda_item(
    access: GroupAccess,
    meeting: Meeting,
    *,
    title: str,
    presenter_kind: str = "",
    presenter_organization: Organization | None = None,
    presenter_committee=None,
    starts_at=None,
) -> AgendaItem:
    """An item the secretariat puts on the agenda itself."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.ARRANGE_AGENDA, access, meeting)
    item = AgendaItem(
        meeting=meeting,
        number=_next_number(meeting),
        title=title,
        kind=AgendaItem.Kind.OTHER,
        state=AgendaItem.State.ACCEPTED,
        presenter_kind=presenter_kind,
        presenter_organization=presenter_organization
        if presenter_kind == AgendaItem.Presenter.ORGANIZATION
        else None,
        presenter_committee=presenter_committee if presenter_kind == AgendaItem.Presenter.COMMITTEE else None,
        starts_at=starts_at,
    )
    item.full_clean()
    item.save()
    meeting.raise_version(by=access.user)
    log(access, AuditEvent.AGENDA_ITEM_ADDED, meeting, item=title)
    return item


@transaction.atomic
def attach_agenda_document(access: GroupAccess, item: AgendaItem, upload: UploadedFile) -> AgendaDocument:
    item = _agenda_item(access, item)
    document = AgendaDocument(
        item=item, file=upload, name=getattr(upload, "shown_name", "") or upload.name or ""
    )
    document.uploaded_by = access.user
    document.save()
    log(access, AuditEvent.AGENDA_DOCUMENT_ATTACHED, item.meeting, item=item.title, document=document.name)
    return document


@in_site_language
@transaction.atomic
def propose_agenda_item(
    access: GroupAccess,
    meeting: Meeting,
    *,
    title: str,
    explanation: str = "",
    attachment: UploadedFile | None = None,
) -> tuple[AgendaProposal, Delivery]:
    """A member organization proposes an item, until the group's cutoff before the session."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.PROPOSE, access, meeting)
    organization = acting_organization(access)
    proposal = AgendaProposal(
        meeting=meeting,
        organization=organization,
        proposed_by=access.user,
        title=title,
        explanation=explanation,
    )
    if attachment:
        proposal.attachment = attachment
        proposal.attachment_name = getattr(attachment, "shown_name", "") or attachment.name or ""
    proposal.full_clean()
    proposal.save()
    log(access, AuditEvent.AGENDA_PROPOSED, meeting, item=title, organization=organization.name)
    delivery = tell_staff(
        meeting,
        kind=Notification.Kind.PROPOSAL,
        title=_("%(organization)s proposes an item for the %(ordinal)s session")
        % {"organization": organization.display_name, "ordinal": ordinal(meeting.number)},
        body=title,
    )
    return proposal, delivery


@in_site_language
@transaction.atomic
def decide_proposal(
    access: GroupAccess, proposal: AgendaProposal, *, accept: bool, reason: str = ""
) -> Delivery:
    """Accept a proposal onto the agenda, or decline it with a reason the proposer sees."""
    proposal = (
        AgendaProposal.objects.select_for_update()
        .select_related("meeting", "organization")
        .get(pk=proposal.pk)
    )
    meeting = proposal.meeting
    if meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    session_steps.require(session_steps.DECIDE_PROPOSAL, access, meeting)
    if not proposal.is_awaiting_decision:
        raise StepRefused(_("This proposal has already been decided."))
    if not accept and not reason.strip():
        raise ValidationError(_("Say why the proposal is declined."), code="reason_required")
    if accept:
        proposal.agenda_item = AgendaItem.objects.create(
            meeting=meeting,
            number=_next_number(meeting),
            title=proposal.title,
            kind=AgendaItem.Kind.PROPOSAL,
            state=AgendaItem.State.ACCEPTED,
            proposed_by=proposal.organization,
            presenter_kind=AgendaItem.Presenter.ORGANIZATION,
            presenter_organization=proposal.organization,
        )
        meeting.raise_version(by=access.user)
    proposal.status = AgendaProposal.Status.ACCEPTED if accept else AgendaProposal.Status.DECLINED
    proposal.decision_reason = reason
    proposal.decided_by = access.user
    proposal.decided_at = timezone.now()
    proposal.save()
    log(
        access,
        AuditEvent.AGENDA_PROPOSAL_ACCEPTED if accept else AuditEvent.AGENDA_PROPOSAL_DECLINED,
        meeting,
        item=proposal.title,
    )
    title = (
        _("Your proposal was put on the agenda of the %(ordinal)s session")
        if accept
        else _("Your proposal for the %(ordinal)s session was declined")
    ) % {"ordinal": ordinal(meeting.number)}
    body = f"«{proposal.title}»" + (f"\n{reason}" if reason else "")
    return notify_organizations(
        meeting.working_group,
        [proposal.organization],
        kind=Notification.Kind.PROPOSAL,
        title=title,
        body=body,
        url=meeting.get_absolute_url(),
    )


MAX_LETTER_NUMBER = 60


def next_letter_number(meeting: Meeting, sequence: int | None = None) -> dict:
    """The number the group's pattern gives the session's next letter, and its place in the
    register: the running number counts the group's letters of the current Jalali year."""
    group = meeting.working_group
    year = to_jalali(timezone.localdate()).year
    last = Invitation.objects.filter(meeting__working_group=group, register_year=year).aggregate(
        last=Max("register_sequence")
    )["last"]
    register = (last or 0) + 1
    if sequence is None:
        previous = meeting.invitations.order_by("-sequence").first()
        sequence = previous.sequence + 1 if previous else 1
    number = format_letter_number(
        group.letter_number_pattern, year=year, register=register, session=meeting.number, issue=sequence
    )
    return {"letter_number": number, "register_year": year, "register_sequence": register}


def _letter_number(meeting: Meeting, sequence: int, *, typed: str) -> dict:
    WorkingGroup.objects.select_for_update().filter(pk=meeting.working_group_id).first()  # one at a time
    if not typed.strip():
        numbered = next_letter_number(meeting, sequence)
        typed_here = False
    else:
        number = to_ascii_digits(normalize_text(typed)).strip()
        if len(number) > MAX_LETTER_NUMBER:
            raise ValidationError(
                _("A letter number is at most %(limit)s characters.")
                % {"limit": localize_digits(MAX_LETTER_NUMBER)},
                code="letter_number_too_long",
            )
        numbered = {"letter_number": number, "register_year": None, "register_sequence": None}
        typed_here = True
    used = (
        Invitation.objects.filter(
            meeting__working_group=meeting.working_group, letter_number=numbered["letter_number"]
        )
        .select_related("meeting")
        .first()
    )
    if used is not None:
        raise ValidationError(
            _("Number %(number)s is already the invitation to the %(ordinal)s session; %(advice)s")
            % {
                "number": localize_digits(numbered["letter_number"]),
                "ordinal": ordinal(used.meeting.number),
                "advice": _("type the register's next number.")
                if typed_here
                else _("type the register's number, or change the group's pattern."),
            },
            code="letter_number_used",
        )
    return numbered


@in_site_language
@transaction.atomic
def issue_invitation(
    access: GroupAccess, meeting: Meeting, *, letter_number: str = ""
) -> tuple[Invitation, Delivery]:
    """Issue (or reissue) the invitation letter: numbered, told to every member organization in
    its inbox at once, and e-mailed with the letter and the session as a calendar file once the
    background worker has laid the letter out (``meetings.invitation.make_letter``). A reissue says
    what changed, and its message replaces the earlier one in the inbox.

    The letter takes ``letter_number`` when the secretariat typed one from its own register, and
    otherwise the next number of the group's pattern (``WorkingGroup.letter_number_pattern``)."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.INVITE, access, meeting)
    agenda = overview.agenda_of(meeting)
    previous = meeting.invitations.order_by("-sequence").first()
    content = overview.invitation_content(meeting, agenda)
    changes = overview.describe_changes(previous.content, content) if previous else []
    sequence = previous.sequence + 1 if previous else 1
    invitation = Invitation.objects.create(
        meeting=meeting,
        sequence=sequence,
        **_letter_number(meeting, sequence, typed=letter_number),
        issued_by=access.user,
        content=content,
        changes=changes,
    )
    invitation.source = invitation_html(meeting, invitation, agenda)
    session = ordinal(meeting.number)
    title = (
        _("Invitation to the %(ordinal)s session (changed)")
        if previous
        else _("Invitation to the %(ordinal)s session")
    ) % {"ordinal": session}
    body = "\n".join(changes) if changes else _("The letter and the agenda are on the session's page.")
    if previous:  # the earlier letter's message is replaced by this one
        Notification.objects.unread().filter(
            kind=Notification.Kind.INVITATION,
            working_group=meeting.working_group,
            url=meeting.get_absolute_url(),
        ).update(read_at=timezone.now())
    members = list(Organization.objects.members_of(meeting.working_group).order_by("name"))
    delivery = notify_organizations(
        meeting.working_group,
        members,
        kind=Notification.Kind.INVITATION,
        title=title,
        body=body,
        url=meeting.get_absolute_url(),
        attachments=[
            Attachment(f"session-{meeting.number}.ics", "text/calendar", content=calendar_file(meeting)),
        ],
        hold_mail=True,
    )
    invitation.mail = delivery.mail
    invitation.notified = delivery.count
    invitation.unreachable = delivery.unreachable
    invitation.save(update_fields=["source", "mail", "notified", "unreachable"])
    log(
        access,
        AuditEvent.INVITATION_ISSUED,
        meeting,
        letter=invitation.letter_number,
        notified=delivery.count,
    )
    tasks.queue_letter(invitation)
    webhooks.invitation_issued(meeting, invitation)
    return invitation, delivery


@dataclass(frozen=True)
class ReplyValues:
    """What a member organization answers to an invitation."""

    answer: str
    honorific: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    position: str = ""
    reason: str = ""
    letter_number: str = ""
    letter_date: datetime.date | None = None


@transaction.atomic
def reply_attendance(access: GroupAccess, meeting: Meeting, values: ReplyValues) -> AttendanceReply:
    """A member organization says who will attend the planned session — its representative or a
    substitute, with the substitute's introduction letter — or that it cannot, and why. Any user
    of the organization replies for it; the person is matched once, by ``secretariat.people``."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.REPLY, access, meeting)
    organization = acting_organization(access)
    reply = meeting.attendance_replies.filter(organization=organization).first() or AttendanceReply(
        meeting=meeting, organization=organization
    )
    absent = values.answer == AttendanceReply.Answer.ABSENT
    substitute = values.answer == AttendanceReply.Answer.SUBSTITUTE
    parts = NameParts(
        honorific=values.honorific,
        title=values.title,
        first_name=values.first_name.strip(),
        last_name=values.last_name.strip(),
    )
    reply.answer = values.answer
    reply.attendee_honorific = "" if absent else parts.honorific
    reply.attendee_title = "" if absent else parts.title
    reply.attendee_first_name = "" if absent else parts.first_name
    reply.attendee_last_name = "" if absent else parts.last_name
    reply.attendee_name = "" if absent else parts.full_name
    reply.attendee_position = "" if absent else values.position.strip()
    reply.reason = values.reason.strip() if absent else ""
    reply.letter_number = values.letter_number.strip() if substitute else ""
    reply.letter_date = values.letter_date if substitute else None
    reply.person = None if absent else find_person(organization, parts)
    reply.replied_by = access.user
    reply.full_clean()
    reply.save()
    log(access, AuditEvent.ATTENDANCE_REPLIED, meeting, organization=organization.name, answer=values.answer)
    return reply


@dataclass
class NameToConfirm:
    """A reply whose name resembles people already known: staff say who it is before a new person is made."""

    reply: AttendanceReply
    candidates: list[Person]


class PeopleToConfirm(StepRefused):
    """Replies name people who may be known already (``pending``); nothing was recorded."""

    def __init__(self, pending: list[NameToConfirm]) -> None:
        super().__init__(_("Say who these replies name before their attendance is recorded."))
        self.pending = pending


NEW_PERSON = "new"


@transaction.atomic
def attendance_from_replies(
    access: GroupAccess, meeting: Meeting, *, confirmed: dict[int, str] | None = None
) -> int:
    """Record the session's attendance from the members' replies: who attends (a known person, or
    a new one), as representative or substitute with the introduction letter, and the
    organizations that said they cannot come. A reply naming someone who resembles a known
    person of the organization waits for staff to say who it is (``confirmed``: reply id → person
    id or ``NEW_PERSON``): ``PeopleToConfirm`` lists them, and nothing is recorded until then.
    Returns how many lines were recorded."""
    session_steps.require(session_steps.TAKE_ATTENDANCE, access, meeting)
    confirmed = confirmed or {}
    replies = list(
        meeting.attendance_replies.select_related("organization", "person").order_by("organization__name")
    )
    pending = []
    people: dict[int, Person | None] = {}
    for reply in replies:
        if reply.answer == AttendanceReply.Answer.ABSENT:
            continue
        parts = _reply_name(reply)
        known = reply.person or find_person(reply.organization, parts)
        choice = confirmed.get(reply.pk, "")
        if known is None and choice and choice != NEW_PERSON:
            known = Person.objects.filter(pk=choice, organization=reply.organization).first()
        if known is None and choice != NEW_PERSON:
            candidates = likely_duplicates(reply.organization, parts)
            if candidates:
                pending.append(NameToConfirm(reply, candidates))
                continue
        people[reply.pk] = known
    if pending:
        raise PeopleToConfirm(pending)
    entries = []
    for reply in replies:
        if reply.answer == AttendanceReply.Answer.ABSENT:
            entries.append(
                AttendanceEntry(
                    person=None,
                    kind=Attendance.Kind.ABSENT,
                    organization=reply.organization,
                    absence_reason=reply.reason,
                )
            )
            continue
        person = people[reply.pk] or add_person(
            access,
            **{
                name: getattr(_reply_name(reply), name)
                for name in ("honorific", "title", "first_name", "last_name")
            },
            position=reply.attendee_position,
            organization=reply.organization,
        )
        substitute = reply.answer == AttendanceReply.Answer.SUBSTITUTE
        entries.append(
            AttendanceEntry(
                person=person,
                kind=Attendance.Kind.SUBSTITUTE if substitute else Attendance.Kind.PRESENT,
                organization=reply.organization,
                position=reply.attendee_position,
                letter_number=reply.letter_number,
                letter_date=reply.letter_date,
            )
        )
    if entries:
        record_attendance(access, meeting, entries)
    return len(entries)


def _reply_name(reply: AttendanceReply) -> NameParts:
    if reply.attendee_last_name:
        return NameParts(
            honorific=reply.attendee_honorific,
            title=reply.attendee_title,
            first_name=reply.attendee_first_name,
            last_name=reply.attendee_last_name,
        )
    return split_name(reply.attendee_name)


@transaction.atomic
def copy_previous_attendance(access: GroupAccess, meeting: Meeting) -> int:
    """Start the attendance from the previous session's; returns how many were recorded."""
    session_steps.require(session_steps.TAKE_ATTENDANCE, access, meeting)
    previous = (
        meeting.working_group.meetings.filter(number__lt=meeting.number)
        .exclude(status=Meeting.Status.PLANNED)
        .order_by("-number")
        .first()
    )
    if previous is None:
        raise StepRefused(_("There is no earlier session to copy the attendance of."))
    entries = [
        AttendanceEntry(
            person=attendance.person,
            kind=attendance.kind,
            organization=attendance.organization,
            position=attendance.position,
            absence_reason=attendance.absence_reason,
            substitute_for=attendance.substitute_for,
        )
        for attendance in previous.attendances.select_related(
            "person", "organization", "substitute_for"
        ).order_by("order")
    ]
    if entries:
        record_attendance(access, meeting, entries)
    return len(entries)


@transaction.atomic
def retry_invitation_letter(access: GroupAccess, invitation: Invitation) -> Invitation:
    """Ask the worker again to lay out an issued letter whose making failed; its e-mail follows."""
    require_staff(access)
    invitation = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    if invitation.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    if invitation.pdf:
        raise StepRefused(_("The letter is already made."))
    log(access, AuditEvent.INVITATION_LETTER_RETRIED, invitation.meeting, letter=invitation.letter_number)
    tasks.queue_letter(invitation)
    return invitation
