"""Review before signing: an attendee comments on circulated minutes or asks for a change; the
secretariat answers and keeps the text, or accepts, which takes the minutes back to draft (the
signatures collected so far are asked again once they go out, with what changed shown)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import workflow
from meetings.access import circulated_revision
from meetings.actions.circulation import withdraw
from meetings.actions.common import lock_meeting, log, tell_staff
from meetings.minutes import minutes_view
from meetings.models import ChangeRequest, Meeting
from meetings.workflow import WorkflowError
from secretariat.access import GroupAccess
from secretariat.models import Notification, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.persian import in_site_language, ordinal


def _session_title(meeting: Meeting) -> str:
    return _("the %(ordinal)s session") % {"ordinal": ordinal(meeting.number)}


@in_site_language
@transaction.atomic
def request_change(
    access: GroupAccess,
    meeting: Meeting,
    *,
    text: str,
    passage: str = "",
    kind: str = ChangeRequest.Kind.CHANGE,
) -> tuple[ChangeRequest, Delivery]:
    """An attendee of the circulated minutes asks for a change (or comments); staff are told."""
    meeting = lock_meeting(meeting)
    minutes = minutes_view(meeting, circulated_revision(meeting))
    workflow.require(workflow.REQUEST_CHANGE, access, meeting, minutes)
    if not text.strip():
        raise WorkflowError(_("Write what should change, or your comment."))
    attendee = minutes.attendee_of(access.user)
    change_request = ChangeRequest.objects.create(
        meeting=meeting,
        revision=minutes.revision,
        kind=kind,
        passage=passage.strip(),
        text=text.strip(),
        requested_by=access.user,
        requester_name=attendee.name,
        organization_name=attendee.organization,
    )
    delivery = tell_staff(
        meeting,
        kind=Notification.Kind.REVIEW,
        title=_("%(name)s asks for a change to the minutes of %(session)s")
        % {"name": attendee.name, "session": _session_title(meeting)},
        body=change_request.text,
        url=f"{meeting.get_absolute_url()}#change-requests",
    )
    log(access, "minutes.change_requested", meeting, revision=minutes.revision.number, by=attendee.name)
    return change_request, delivery


def _decide(access: GroupAccess, change_request: ChangeRequest) -> tuple[ChangeRequest, Meeting]:
    meeting = lock_meeting(change_request.meeting)
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    workflow.require(workflow.DECIDE_CHANGE, access, meeting)
    if meeting.working_group_id != access.group.pk:
        raise WorkflowError(_("This request belongs to another working group."))
    if not change_request.is_open:
        raise WorkflowError(_("This request has already been decided."))
    return change_request, meeting


def _tell_requester(meeting: Meeting, change_request: ChangeRequest, title: str) -> Delivery:
    people = Person.objects.filter(user=change_request.requested_by).select_related("user")
    return notify_people(
        meeting.working_group,
        people,
        kind=Notification.Kind.REVIEW,
        title=title,
        body=change_request.answer,
        url=f"{meeting.get_absolute_url()}#change-requests",
    )


@in_site_language
@transaction.atomic
def answer_change_request(
    access: GroupAccess, change_request: ChangeRequest, *, answer: str
) -> ChangeRequest:
    """The secretariat answers and keeps the text: the signatures collected stand."""
    change_request, meeting = _decide(access, change_request)
    if not answer.strip():
        raise WorkflowError(_("Write the answer the attendee will read."))
    change_request.state = ChangeRequest.State.ANSWERED
    change_request.answer = answer.strip()
    change_request.answered_by = access.user
    change_request.answered_at = timezone.now()
    change_request.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    _tell_requester(
        meeting,
        change_request,
        _("Your request on the minutes of %(session)s was answered") % {"session": _session_title(meeting)},
    )
    log(access, "minutes.change_answered", meeting, request=change_request.pk)
    return change_request


@in_site_language
@transaction.atomic
def accept_change_request(access: GroupAccess, change_request: ChangeRequest, *, answer: str = "") -> int:
    """The secretariat accepts: the minutes go back to draft for the change, the signatures
    collected so far are discarded (and asked again when the minutes go out, with the difference
    shown). Returns how many signatures will be asked again."""
    change_request, meeting = _decide(access, change_request)
    change_request.state = ChangeRequest.State.ACCEPTED
    change_request.answer = answer.strip()
    change_request.answered_by = access.user
    change_request.answered_at = timezone.now()
    change_request.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    discarded = withdraw(access, meeting)
    _tell_requester(
        meeting,
        change_request,
        _("Your request on the minutes of %(session)s was accepted") % {"session": _session_title(meeting)},
    )
    log(access, "minutes.change_accepted", meeting, request=change_request.pk, signatures_discarded=discarded)
    return discarded
