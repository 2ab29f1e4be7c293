"""Actions on resolutions: follow-up reports filed and reviewed, calendar addresses renewed.

Each takes the acting user's ``GroupAccess``, checks the role, runs in one transaction, raises
the version of the sessions whose minutes change (a resolution's status, a report read at a
session) and leaves an audit record.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from api import webhooks
from resolutions import numbering, reminders, steps, tasks
from resolutions.models import (
    CalendarFeed,
    DeadlineReminder,
    ExtensionRequest,
    FollowUp,
    InformationAnswer,
    InformationRequest,
    Resolution,
    answer_attachment_path,
    new_calendar_token,
)
from resolutions.reporting import refresh_next_report
from resolutions.request_facts import Fact, FactKind, clean_facts
from resolutions.steps import REQUEST_STEPS, RESOLUTION_STEPS
from secretariat import actions as core_actions
from secretariat.access import GroupAccess
from secretariat.actions import NUMBERING_FIELDS, require_staff
from secretariat.audit import AuditEvent, log_action
from secretariat.files import save_whole
from secretariat.lifecycle import SessionStatus
from secretariat.mail import Recipient, queue_mail
from secretariat.models import Notification, Organization, Person, WorkingGroup
from secretariat.notifications import Attachment, Delivery, notify_organizations, notify_people
from secretariat.persian import days_left_text, format_jalali, in_site_language

logger = logging.getLogger(__name__)


def next_reporting_session(resolution: Resolution):
    """The group's first session after the resolution's whose minutes are still open (planned or held)."""
    meeting = resolution.meeting
    return (
        meeting.working_group.meetings.filter(number__gt=meeting.number, status__in=SessionStatus.editable())
        .order_by("number")
        .first()
    )


def _log(access: GroupAccess, action: AuditEvent, subject, **details) -> None:
    log_action(access.user, action, subject, group=access.group, **details)


def set_status(resolution: Resolution, status: str, *, on: datetime.date | None = None) -> None:
    """Change a resolution's status; becoming done records the day (``on``, today by default).
    A step of the actions here, not an action of its own: the caller checked and records."""
    resolution.status = status
    resolution.completed_on = (on or timezone.localdate()) if status == Resolution.Status.DONE else None
    resolution.save(update_fields=["status", "completed_on"])


def _review(follow_up: FollowUp, review: str, reviewer, comment: str, *, reported_at_meeting=None) -> None:
    follow_up.review = review
    follow_up.review_comment = comment
    follow_up.reviewed_by = reviewer
    follow_up.reviewed_at = timezone.now()
    fields = ["review", "review_comment", "reviewed_by", "reviewed_at"]
    if review == FollowUp.Review.ACCEPTED:
        follow_up.reported_at_meeting = reported_at_meeting
        fields.append("reported_at_meeting")
    follow_up.save(update_fields=fields)


def _readable(access: GroupAccess, resolution: Resolution) -> Resolution:
    """The resolution as ``access`` reads it (``Resolution.objects.visible_to``); one it may not
    read is refused as if it did not exist."""
    if resolution.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    found = Resolution.objects.visible_to(access).filter(pk=resolution.pk).exists()
    if not found:
        raise PermissionDenied(_("Your organization has no part in this resolution."))
    return resolution


def _lock_request(access: GroupAccess, request: InformationRequest) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.working_group_id != access.group.pk:
        raise PermissionDenied
    return request


@transaction.atomic
def file_follow_up(
    access: GroupAccess,
    resolution: Resolution,
    *,
    text: str,
    proposed_status: str,
    attachment: UploadedFile | None = None,
    progress: int | None = None,
    next_report_on=None,
) -> FollowUp:
    """A member organization's report on one of its resolutions, awaiting the secretariat's review."""
    resolution = _readable(access, resolution)
    RESOLUTION_STEPS.require(steps.REPORT, access, resolution)
    organization = steps.member_organization(access)
    follow_up = FollowUp(
        resolution=resolution,
        organization=organization,
        author=access.user,
        text=text,
        proposed_status=proposed_status,
        progress=progress,
        next_report_on=next_report_on,
    )
    if attachment:
        follow_up.attachment = attachment
        follow_up.attachment_name = getattr(attachment, "shown_name", "")
    follow_up.full_clean()
    follow_up.save()
    _log(
        access,
        AuditEvent.FOLLOW_UP_FILED,
        follow_up,
        resolution=resolution.label,
        proposed_status=proposed_status,
    )
    return follow_up


def _lock_for_review(access: GroupAccess, follow_up: FollowUp) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("resolution", "resolution__meeting", "resolution__meeting__working_group")
        .get(pk=follow_up.pk)
    )
    if locked.resolution.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    RESOLUTION_STEPS.require(steps.REVIEW_REPORT, access, locked.resolution)
    if not locked.is_awaiting_review:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def accept_follow_up(access: GroupAccess, follow_up: FollowUp, *, comment: str = "") -> FollowUp:
    """Accept a report: the resolution takes the proposed status, and the report is read at the
    next session. Both sessions' minutes change, so both raise their version."""
    follow_up = _lock_for_review(access, follow_up)
    resolution = follow_up.resolution
    reading_session = next_reporting_session(resolution)
    _review(follow_up, FollowUp.Review.ACCEPTED, access.user, comment, reported_at_meeting=reading_session)
    # A resolution the secretariat has closed meanwhile stays closed: a late report does not reopen it.
    if resolution.is_open and resolution.status != follow_up.proposed_status:
        set_status(resolution, follow_up.proposed_status, on=follow_up.reported_on)
        resolution.meeting.raise_version(by=access.user)
    if reading_session is not None:
        reading_session.raise_version(by=access.user)
    refresh_next_report(resolution)
    _log(
        access,
        AuditEvent.FOLLOW_UP_ACCEPTED,
        follow_up,
        resolution=resolution.label,
        status=resolution.status,
    )
    _tell_author(access, follow_up, _("Your report on %(resolution)s was accepted"))
    webhooks.report_accepted(follow_up)
    return follow_up


@transaction.atomic
def return_follow_up(access: GroupAccess, follow_up: FollowUp, *, comment: str) -> FollowUp:
    """Send a report back to its organization with the reason."""
    if not comment.strip():
        raise ValidationError(_("Write why the report is returned."), code="comment_required")
    follow_up = _lock_for_review(access, follow_up)
    _review(follow_up, FollowUp.Review.RETURNED, access.user, comment)
    _log(access, AuditEvent.FOLLOW_UP_RETURNED, follow_up, resolution=follow_up.resolution.label)
    _tell_author(access, follow_up, _("Your report on %(resolution)s was returned"))
    return follow_up


@in_site_language
def _tell_author(access: GroupAccess, follow_up: FollowUp, title: str) -> None:
    """The report's author hears of the review in their inbox (and by e-mail)."""
    if follow_up.author_id is None:  # the author's login was deleted: nobody to tell
        return
    author = Person.objects.select_related("user").filter(user_id=follow_up.author_id).first()
    if author is None:
        return
    notify_people(
        access.group,
        [author],
        kind=Notification.Kind.REPORT,
        title=title % {"resolution": follow_up.resolution.label},
        body=follow_up.review_comment,
        url=f"{follow_up.resolution.get_tracker_url()}#follow-up-{follow_up.pk}",
    )


@transaction.atomic
def renew_calendar_feed(access: GroupAccess) -> tuple[CalendarFeed, bool]:
    """The organization's secret calendar address: made, or replaced when it has leaked.

    Returns the feed and whether it is new.
    """
    if not access.is_member or access.organization is None:
        raise PermissionDenied
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(organization=access.organization)
    if not created:
        feed.token = new_calendar_token()  # the old address stops working
        feed.save(update_fields=["token"])
    _log(
        access,
        AuditEvent.CALENDAR_FEED_CREATED if created else AuditEvent.CALENDAR_FEED_RENEWED,
        access.organization,
    )
    return feed, created


# ---------------------------------------------------------------------------
# Deadline extensions


def _secretary_people(group) -> list[Person]:
    return (
        list(Person.objects.filter(pk=group.secretary_id).select_related("user"))
        if group.secretary_id
        else []
    )


@in_site_language
@transaction.atomic
def request_extension(
    access: GroupAccess, resolution: Resolution, *, requested_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    """The organization responsible for a resolution (or the lead of its responsible committee)
    asks for a later deadline (``resolutions.steps.ASK_EXTENSION``)."""
    resolution = _readable(access, resolution)
    RESOLUTION_STEPS.require(steps.ASK_EXTENSION, access, resolution)
    organization = steps.member_organization(access)
    current = resolution.effective_deadline
    if current is not None and requested_deadline <= current:
        raise ValidationError(
            _("Ask for a date after the current deadline, %(date)s.") % {"date": format_jalali(current)},
            code="not_later",
        )
    if resolution.extension_requests.filter(
        organization=organization, status=ExtensionRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            _("Your organization already asked for an extension of this deadline."), code="pending"
        )
    extension = ExtensionRequest.objects.create(
        resolution=resolution,
        organization=organization,
        requested_by=access.user,
        current_deadline=current,
        requested_deadline=requested_deadline,
        reason=reason,
    )
    _log(
        access,
        AuditEvent.EXTENSION_REQUESTED,
        resolution,
        requested=requested_deadline.isoformat(),
        reason=reason,
    )
    notify_people(
        access.group,
        _secretary_people(access.group),
        kind=Notification.Kind.EXTENSION,
        title=_("%(organization)s asks for more time for %(resolution)s")
        % {"organization": organization.display_name, "resolution": resolution.label},
        body=reason,
        url=resolution.get_tracker_url(),
    )
    return extension


@in_site_language
@transaction.atomic
def decide_extension(
    access: GroupAccess, extension: ExtensionRequest, *, approve: bool, note: str = ""
) -> Delivery:
    """The secretary grants a later deadline (the minutes keep the one they gave) or declines it."""
    extension = (
        ExtensionRequest.objects.select_for_update()
        .select_related("resolution__meeting__working_group", "organization")
        .get(pk=extension.pk)
    )
    resolution = extension.resolution
    if resolution.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    RESOLUTION_STEPS.require(steps.DECIDE_EXTENSION, access, resolution)
    if not extension.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if not approve and not note.strip():
        raise ValidationError(_("Say why the extension is declined."), code="note_required")
    extension.status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.DECLINED
    extension.decision_note = note
    extension.decided_by = access.user
    extension.decided_at = timezone.now()
    extension.save()
    if approve:
        resolution.extended_deadline = extension.requested_deadline
        resolution.save(update_fields=["extended_deadline"])
        resolution.meeting.raise_version(by=access.user)
    _log(
        access,
        AuditEvent.EXTENSION_APPROVED if approve else AuditEvent.EXTENSION_DECLINED,
        resolution,
        requested=extension.requested_deadline.isoformat(),
        note=note,
    )
    title = (
        _("The deadline of %(resolution)s is now %(date)s")
        if approve
        else _("Your request for more time for %(resolution)s was declined")
    ) % {"resolution": resolution.label, "date": format_jalali(extension.requested_deadline)}
    return notify_organizations(
        access.group,
        [extension.organization],
        kind=Notification.Kind.EXTENSION,
        title=title,
        body=note,
        url=resolution.get_tracker_url(),
    )


# ---------------------------------------------------------------------------
# Information requests


@in_site_language
@transaction.atomic
def ask_for_information(
    access: GroupAccess,
    *,
    title: str,
    question: str,
    deadline: datetime.date,
    recipients: list[Organization],
    fields: list[Fact | str] | None = None,
    resolution: Resolution | None = None,
    attachment: UploadedFile | None = None,
) -> tuple[InformationRequest, Delivery]:
    """Ask the chosen member organizations for the same information, by a date; ``fields`` are the
    facts each fills in beside its text (a bare label asks for text)."""
    require_staff(access)
    members = set(Organization.objects.members_of(access.group).values_list("pk", flat=True))
    if not recipients or any(organization.pk not in members for organization in recipients):
        raise ValidationError(_("Choose the member organizations to ask."), code="recipients")
    if resolution is not None and resolution.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    request = InformationRequest(
        working_group=access.group,
        title=title,
        question=question,
        fields=[fact.stored() for fact in clean_facts(fields or [])],
        deadline=deadline,
        resolution=resolution,
        created_by=access.user,
        booklet_order=[organization.pk for organization in recipients],
    )
    if attachment:
        request.attachment = attachment
        request.attachment_name = getattr(attachment, "shown_name", "") or attachment.name or ""
    request.full_clean()
    request.save()
    request.recipients.set(recipients)
    _log(access, AuditEvent.REQUEST_ASKED, request, recipients=len(recipients))
    delivery = notify_organizations(
        access.group,
        recipients,
        kind=Notification.Kind.REQUEST,
        title=_("The secretariat asks: %(title)s") % {"title": title},
        body=_("Answer by %(date)s.") % {"date": format_jalali(deadline)},
        url=request.get_absolute_url(),
    )
    webhooks.request_opened(request, recipients)
    return request, delivery


@transaction.atomic
def answer_information(
    access: GroupAccess,
    request: InformationRequest,
    *,
    text: str,
    values: dict[str, object] | None = None,
    attachment: UploadedFile | None = None,
) -> InformationAnswer:
    """A member organization answers (or changes its answer) while the request is open.

    ``values`` holds a value per fact's label, of the fact's kind (a ``Decimal`` or its text, a
    date, one of the choices, text, or an uploaded file); a file fact left empty keeps the file
    answered before."""
    request = _lock_request(access, request)
    REQUEST_STEPS.require(steps.ANSWER, access, request)
    organization = steps.member_organization(access)
    answer = request.answers.filter(organization=organization).first() or InformationAnswer(
        request=request, organization=organization
    )
    answer.text = text
    answer.values = _fact_values(answer, request.facts, values or {})
    if attachment:
        answer.attachment = attachment
        answer.attachment_name = getattr(attachment, "shown_name", "") or attachment.name or ""
    answer.answered_by = access.user
    answer.full_clean()
    answer.save()
    _log(access, AuditEvent.REQUEST_ANSWERED, request, organization=organization.name)
    return answer


def _fact_values(answer: InformationAnswer, facts: list[Fact], given: dict[str, object]) -> dict[str, object]:
    before = dict(answer.values or {})
    # Every other value is checked before a file is written: a refused answer leaves no file behind.
    values: dict[str, object] = {
        fact.label: fact.value_to_store(given.get(fact.label)) for fact in facts if fact.kind != FactKind.FILE
    }
    for fact in facts:
        if fact.kind == FactKind.FILE:
            upload = given.get(fact.label)
            values[fact.label] = _store_fact_file(answer, upload) if upload else before.get(fact.label, "")
    return {fact.label: values[fact.label] for fact in facts}


def _store_fact_file(answer: InformationAnswer, upload) -> dict[str, str]:
    """A file answered for a fact, stored whole beside the answer's attachment."""
    upload.seek(0)
    name = save_whole(
        answer.attachment.storage,
        answer_attachment_path(answer, upload.name or "fact"),
        upload.read(),
    )
    return {"file": name, "name": getattr(upload, "shown_name", "") or upload.name or ""}


def unanswered(request: InformationRequest) -> list[Organization]:
    answered = set(request.answers.values_list("organization_id", flat=True))
    return [
        organization
        for organization in request.recipients.order_by("name")
        if organization.pk not in answered
    ]


@in_site_language
@transaction.atomic
def remind_unanswered(access: GroupAccess, request: InformationRequest) -> Delivery:
    """Remind the organizations that have not answered yet."""
    request = _lock_request(access, request)
    REQUEST_STEPS.require(steps.REMIND, access, request)
    late = unanswered(request)
    _log(access, AuditEvent.REQUEST_REMINDED, request, organizations=len(late))
    return notify_organizations(
        access.group,
        late,
        kind=Notification.Kind.REQUEST,
        title=_("Reminder: the secretariat awaits your answer to “%(title)s”") % {"title": request.title},
        body=_("Answer by %(date)s.") % {"date": format_jalali(request.deadline)},
        url=request.get_absolute_url(),
    )


@transaction.atomic
def compile_booklet(
    access: GroupAccess, request: InformationRequest, *, order: list[int]
) -> InformationRequest:
    """Compile the answers, in the organizations' ``order``, into the booklet: the PDF is laid out
    once, by a background task (``queue_booklet``), and stored."""
    request = _lock_request(access, request)
    REQUEST_STEPS.require(steps.COMPILE, access, request)
    answered = set(request.answers.values_list("organization_id", flat=True))
    request.booklet_order = [pk for pk in order if pk in answered] + sorted(answered - set(order))
    if request.booklet:
        previous = request.booklet.name
        transaction.on_commit(lambda: request.booklet.storage.delete(previous), robust=True)
        request.booklet = ""
    request.booklet_made_at = None
    request.status = InformationRequest.Status.COMPILED
    request.save()
    _log(access, AuditEvent.REQUEST_COMPILED, request, answers=len(answered))
    tasks.queue_booklet(request)
    return request


@in_site_language
@transaction.atomic
def send_booklet(access: GroupAccess, request: InformationRequest) -> Delivery:
    """Send the compiled booklet to every member organization."""
    request = _lock_request(access, request)
    REQUEST_STEPS.require(steps.SEND_BOOKLET, access, request)
    request.status = InformationRequest.Status.SENT
    request.save(update_fields=["status"])
    _log(access, AuditEvent.REQUEST_BOOKLET_SENT, request)
    return notify_organizations(
        access.group,
        Organization.objects.members_of(access.group).order_by("name"),
        kind=Notification.Kind.REQUEST,
        title=_("Booklet: %(title)s") % {"title": request.title},
        body=_("The members' answers are compiled in the booklet."),
        url=request.get_absolute_url(),
        attachments=[
            Attachment(f"booklet-{request.pk}.pdf", "application/pdf", stored_name=request.booklet.name)
        ],
    )


@transaction.atomic
def save_working_group(operator, group: WorkingGroup, fields) -> WorkingGroup:
    """A group's settings as the operator sets them; when its numbering changes, its register
    follows in the same transaction (resolutions signed keep their numbers)."""
    before = {name: getattr(group, name) for name in NUMBERING_FIELDS} if group.pk else None
    group = core_actions.save_working_group(operator, group, fields, renumbers=True)
    after = {name: getattr(group, name) for name in NUMBERING_FIELDS}
    if before is not None and before != after:
        renumbered = numbering.renumber(group)
        log_action(operator, AuditEvent.NUMBERING_CHANGED, group, group=group, renumbered=renumbered)
    return group


# ---------------------------------------------------------------------------
# Deadline reminders (the scheduler's: no actor)


@transaction.atomic
def _send_reminder(batch: reminders.Batch, recipients: list[str], today: datetime.date) -> int:
    logged: list[tuple[Resolution, str, datetime.date]] = []
    for resolution, kind, date in batch.items:
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(
                    resolution=resolution,
                    organization=batch.organization,
                    kind=kind,
                    deadline=date,
                    recipients=", ".join(recipients),
                )
        except IntegrityError:
            continue  # another run sent this one meanwhile
        logged.append((resolution, kind, date))
    if not logged:
        return 0
    batch.items = logged
    _notify_users(batch, today)
    webhooks.deadlines_reminded(batch.group, batch.organization, logged)
    log_action(
        None,
        AuditEvent.DEADLINE_REMINDED,
        batch.organization,
        group=batch.group,
        resolutions=[resolution.label for resolution, _kind, _date in logged],
        kinds=sorted({str(kind) for _resolution, kind, _date in logged}),
        addresses=len(recipients),
    )
    if recipients:
        subject, body = reminders.reminder_message(batch, today)
        queue_mail(
            batch.group,
            [Recipient(batch.organization.name, address) for address in recipients],
            kind=Notification.Kind.DEADLINE,
            subject=subject,
            body=body,
            page=reverse("home"),
        )
    return len(logged)


def _notify_users(batch: reminders.Batch, today: datetime.date) -> None:
    """Each of the organization's users finds the reminder in their inbox too."""
    lines = [
        (
            _("%(resolution)s: report due %(date)s (%(left)s)")
            if kind in reminders.REPORT_KINDS
            else _("%(resolution)s: %(date)s (%(left)s)")
        )
        % {"resolution": resolution.label, "date": format_jalali(date), "left": days_left_text(date, today)}
        for resolution, kind, date in batch.items
    ]
    title = _("Deadline reminder: %(group)s") % {"group": batch.group.name}
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            working_group=batch.group,
            kind=Notification.Kind.DEADLINE,
            title=title,
            body="\n".join(lines),
            url=reverse("home"),
        )
        for user in reminders.users_of(batch.organization)
    )


def send_deadline_reminders(
    *,
    today: datetime.date | None = None,
    days_before: int | None = None,
    group: WorkingGroup | None = None,
    dry_run: bool = False,
) -> list[tuple[reminders.Batch, list[str]]]:
    """The scheduled reminders: send what is due, each once, recorded in the audit trail as the
    system's; return the batches sent (or, with ``dry_run``, that would be) and their recipients."""
    today = today or timezone.localdate()
    days_before = reminders.reminder_days() if days_before is None else days_before
    done = []
    with translation.override(settings.LANGUAGE_CODE):
        for batch in reminders.due_batches(today=today, days_before=days_before, group=group):
            recipients = reminders.recipients_of(batch.organization)
            if not recipients and not reminders.users_of(batch.organization):
                continue  # nobody to tell; tried again once the organization has an address or a user
            if dry_run or _send_reminder(batch, recipients, today):
                done.append((batch, recipients))
    return done
