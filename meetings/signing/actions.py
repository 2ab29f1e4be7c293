"""Circulating, signing, finalizing, publishing and correcting minutes, and the requests attendees make
before they sign."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api import webhooks
from meetings import steps as session_steps
from meetings import tasks
from meetings.access import circulated_revision
from meetings.actions import lock_meeting, log, set_status, tell_staff
from meetings.minutes.document import MinutesView, build_document, document_to_json, minutes_view
from meetings.models import ChangeRequest, Meeting, MinutesRevision, Signature
from meetings.signing import revisions
from resolutions.models import Resolution
from secretariat import jobs
from secretariat.access import GroupAccess
from secretariat.audit import AuditEvent
from secretariat.locking import in_one_snapshot
from secretariat.models import Notification, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.persian import in_site_language, ordinal
from secretariat.steps import StepRefused


def _out_for_signature(meeting: Meeting) -> MinutesRevision:
    """The revision that went out for signature: every step that calls this requires a state in
    which there is one (circulated, signed), so its absence is a broken invariant, not a refusal."""
    revision = circulated_revision(meeting)
    if revision is None:
        raise RuntimeError(f"session {meeting.pk} has no circulated revision")
    return revision


def _signing_view(meeting: Meeting) -> MinutesView:
    """The revision out for signature, with the signatures it has (none before circulation: the
    step table then refuses, before ``_revision_of`` is asked)."""
    return minutes_view(meeting, circulated_revision(meeting))


def _revision_of(minutes: MinutesView) -> MinutesRevision:
    """The revision of a signing view (``_signing_view`` always gives one)."""
    if minutes.revision is None:
        raise RuntimeError("minutes out for signature without their revision")
    return minutes.revision


@in_one_snapshot
def circulate(access: GroupAccess, meeting: Meeting) -> tuple[MinutesRevision, Delivery]:
    """Send draft minutes out for signature: what they say is frozen into the revision.

    Every attendee who can sign online is asked to sign, in their inbox and by e-mail; the
    ``Delivery`` says who was and who must sign on paper.
    """
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.CIRCULATE, access, meeting)
    revision = revisions.current_revision(meeting)
    if revision is None or revision.is_final:
        number = revision.number + 1 if revision else 1
        revision = MinutesRevision.objects.create(meeting=meeting, number=number, opened_by=access.user)
    _number_and_date(meeting, revision)
    document = build_document(meeting)
    revision.content = document_to_json(document)
    revision.circulated_at = timezone.now()
    revision.save(update_fields=["content", "circulated_at"])
    set_status(access, meeting, Meeting.Status.CIRCULATED)
    delivery = revisions.ask_for_signatures(meeting, document.signers)
    log(access, AuditEvent.MINUTES_CIRCULATED, meeting, revision=revision.number, asked=delivery.count)
    webhooks.minutes_circulated(meeting, revision)
    return revision, delivery


def _number_and_date(meeting: Meeting, revision: MinutesRevision) -> None:
    """Minutes go out with a number: "۱۳/۱" (session/revision), unless staff set one. Their date is
    the one staff set, else the session's last day (``MinutesDocument.date``): never the day
    they were circulated."""
    if not meeting.minutes_number:
        meeting.minutes_number = f"{meeting.number}/{revision.number}"
        meeting.save(update_fields=["minutes_number", "updated_at"])


def _delete_files(names: set[str]) -> None:
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def withdraw(access: GroupAccess, meeting: Meeting) -> int:
    """Take circulated minutes back to draft; the signatures collected so far no longer count.

    Returns how many signatures were discarded.
    """
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.WITHDRAW, access, meeting)
    revision = _out_for_signature(meeting)
    scans = set(revision.signatures.exclude(scan="").values_list("scan", flat=True))
    discarded = revision.signatures.count()
    # Kept, so that when the minutes go out again everyone sees what changed and who signs again.
    revision.previous_content = revision.content
    revision.previous_signers = list(
        revision.signatures.order_by("signed_at").values_list("signer_name", flat=True)
    )
    revision.signatures.all().delete()
    if scans:  # the scanned pages of discarded signatures go too, once the withdrawal holds
        transaction.on_commit(lambda: _delete_files(scans), robust=True)
    revision.circulated_at = None
    revision.content = None
    revision.save(update_fields=["circulated_at", "content", "previous_content", "previous_signers"])
    set_status(access, meeting, Meeting.Status.HELD)
    log(
        access,
        AuditEvent.MINUTES_WITHDRAWN,
        meeting,
        revision=revision.number,
        signatures_discarded=discarded,
    )
    return discarded


def _add_signature(access: GroupAccess, minutes: MinutesView, attendance_id: int, **fields) -> Signature:
    attendee = next(a for a in minutes.document.signers if a.attendance_id == attendance_id)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                revision=_revision_of(minutes),
                attendance_id=attendance_id,
                signed_at=timezone.now(),
                signer_name=attendee.name,
                organization_name=attendee.organization,
                position=attendee.position,
                signed_by=access.user,
                signed_by_username=access.user.get_username() if access.user else "",
                **fields,
            )
    except IntegrityError:
        raise StepRefused(_("This attendee has already signed these minutes.")) from None
    minutes.meeting.raise_version(by=access.user)
    return signature


@transaction.atomic
def sign(
    access: GroupAccess, meeting: Meeting, *, attendance_id: int | None = None, reservation: str = ""
) -> Signature:
    """A user of an organization that attended signs the minutes for its attendee — the person who
    attended, as the minutes print them — with a reservation if they disagree. An organization acts
    through any of its users: whoever clicks, the signature is the attendee's, with the
    organization's name and the account that clicked (kept for the audit, never printed).

    Who may sign is decided by the revision as circulated (its attendees' organizations). With
    several unsigned attendees of the organization, ``attendance_id`` says which one."""
    meeting = lock_meeting(meeting)
    minutes = _signing_view(meeting)
    session_steps.require(session_steps.SIGN, access, meeting, minutes)
    waiting = minutes.unsigned_for(access)
    chosen = [a for a in waiting if attendance_id is None or a.attendance_id == attendance_id]
    if attendance_id is None and len(waiting) > 1:
        raise StepRefused(_("Choose which of your organization's attendees signs."))
    if not chosen:
        raise StepRefused(_("Choose an attendee of your organization who has not signed yet."))
    attendee = chosen[0]
    signature = _add_signature(access, minutes, attendee.attendance_id, reservation=reservation)
    log(
        access,
        AuditEvent.MINUTES_SIGNED,
        meeting,
        revision=_revision_of(minutes).number,
        signer=attendee.name,
        organization=attendee.organization,
    )
    return signature


@transaction.atomic
def record_paper_signatures(
    access: GroupAccess, meeting: Meeting, *, attendance_ids: list[int], scan, reservation: str = ""
) -> list[Signature]:
    """The secretary records the signatures made on paper by one or more attendees, from the one
    scanned sheet that carries them all."""
    meeting = lock_meeting(meeting)
    minutes = _signing_view(meeting)
    session_steps.require(session_steps.RECORD_PAPER, access, meeting, minutes)
    unsigned = {a.attendance_id for a in minutes.unsigned}
    if not attendance_ids or any(pk not in unsigned for pk in attendance_ids):
        raise StepRefused(_("Choose those who attended this session and have not signed yet."))
    signatures: list[Signature] = []
    for index, attendance_id in enumerate(attendance_ids):
        fields = {"scan": scan} if index == 0 else {"scan": signatures[0].scan.name}
        signatures.append(
            _add_signature(access, minutes, attendance_id, reservation=reservation, on_paper=True, **fields)
        )
    log(
        access,
        AuditEvent.MINUTES_PAPER_SIGNATURES_RECORDED,
        meeting,
        revision=_revision_of(minutes).number,
        signers=[signature.signer_name for signature in signatures],
    )
    return signatures


@transaction.atomic
def finalize(access: GroupAccess, meeting: Meeting) -> MinutesRevision:
    """Lock the signed minutes. The PDF is rendered and sealed once, by a background task queued
    when this transaction commits: finalizing answers at once."""
    meeting = lock_meeting(meeting)
    minutes = _signing_view(meeting)
    session_steps.require(session_steps.FINALIZE, access, meeting, minutes)
    revision = _revision_of(minutes)
    revision.finalized_at = timezone.now()
    revision.finalized_by = access.user
    revision.verification_code = revisions.new_verification_code()
    revision.save(update_fields=["finalized_at", "finalized_by", "verification_code"])
    _mark_signed(meeting, revision)
    set_status(access, meeting, Meeting.Status.SIGNED)
    log(
        access,
        AuditEvent.MINUTES_FINALIZED,
        meeting,
        revision=revision.number,
        code=revision.verification_code,
    )
    tasks.queue_signed_pdf(revision)
    webhooks.minutes_signed(meeting, revision)
    return revision


def _mark_signed(meeting: Meeting, revision: MinutesRevision) -> None:
    """The session's resolutions are signed from this revision on: their register numbers are
    frozen, and members read them as this revision prints them while a correction is drafted."""
    Resolution.objects.filter(meeting=meeting, first_signed_revision__isnull=True).update(
        first_signed_revision=revision.number
    )


@transaction.atomic
def publish(access: GroupAccess, meeting: Meeting) -> MinutesRevision | None:
    """Every member organization may read the signed minutes from now on."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.PUBLISH, access, meeting)
    revision = revisions.latest_final_revision(meeting)
    if revision is not None:
        revision.published_at = timezone.now()
        revision.save(update_fields=["published_at"])
    set_status(access, meeting, Meeting.Status.PUBLISHED)
    log(access, AuditEvent.MINUTES_PUBLISHED, meeting, revision=revision.number if revision else None)
    webhooks.minutes_published(meeting, revision)
    return revision


@transaction.atomic
def open_correction(access: GroupAccess, meeting: Meeting, *, reason: str) -> MinutesRevision:
    """Reopen signed minutes as a new revision in draft; the signed one stays as it was signed."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.CORRECT, access, meeting)
    if not reason.strip():
        raise StepRefused(_("Say why the minutes need a correction."))
    if not meeting.revisions.final().exists():  # published before revisions were kept for it
        _freeze_archive(access, meeting)
    last = revisions.current_revision(meeting)
    revision = MinutesRevision.objects.create(
        meeting=meeting, number=(last.number + 1 if last else 1), reason=reason, opened_by=access.user
    )
    set_status(access, meeting, Meeting.Status.HELD)
    if last and meeting.minutes_number == f"{meeting.number}/{last.number}":
        # The number circulation gave the signed revision: the corrected one gets its own.
        meeting.minutes_number = ""
        meeting.save(update_fields=["minutes_number", "updated_at"])
    log(access, AuditEvent.MINUTES_CORRECTION_OPENED, meeting, revision=revision.number, reason=reason)
    return revision


@in_site_language
@transaction.atomic
def remind_signers(access: GroupAccess, meeting: Meeting) -> Delivery:
    """Ask again those who have not signed the circulated minutes yet."""
    meeting = lock_meeting(meeting)
    minutes = _signing_view(meeting)
    session_steps.require(session_steps.REMIND, access, meeting, minutes)
    delivery = revisions.ask_for_signatures(meeting, minutes.unsigned)
    log(access, AuditEvent.MINUTES_SIGNERS_REMINDED, meeting, asked=delivery.count)
    return delivery


@transaction.atomic
def retry_signed_pdf(access: GroupAccess, meeting: Meeting, revision_number: int) -> MinutesRevision:
    """Ask the worker again for the signed PDF of a finalized revision whose making failed."""
    meeting = lock_meeting(meeting)
    if not access.is_staff:
        raise PermissionDenied(_("Only the secretariat may do this."))
    revision = meeting.revisions.final().filter(number=revision_number).first()
    if revision is None:
        raise StepRefused(_("Only a finalized revision has a signed PDF."))
    if revision.pdf:
        raise StepRefused(_("The signed PDF of this revision is already made."))
    if revision.job_waiting and not jobs.stalled(revision):
        raise StepRefused(_("The signed PDF is being made; wait a moment."))
    log(
        access,
        AuditEvent.MINUTES_SIGNED_PDF_RETRIED,
        meeting,
        revision=revision.number,
        error=revision.job_error,
    )
    tasks.queue_signed_pdf(revision)
    return revision


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
    minutes = _signing_view(meeting)
    session_steps.require(session_steps.REQUEST_CHANGE, access, meeting, minutes)
    if not text.strip():
        raise StepRefused(_("Write what should change, or your comment."))
    attendee = minutes.attendees_for(access)[0]
    change_request = ChangeRequest.objects.create(
        meeting=meeting,
        revision=_revision_of(minutes),
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
    log(
        access,
        AuditEvent.MINUTES_CHANGE_REQUESTED,
        meeting,
        revision=_revision_of(minutes).number,
        by=attendee.name,
    )
    return change_request, delivery


def _decide(access: GroupAccess, change_request: ChangeRequest) -> tuple[ChangeRequest, Meeting]:
    meeting = lock_meeting(change_request.meeting)
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    session_steps.require(session_steps.DECIDE_CHANGE, access, meeting)
    if meeting.working_group_id != access.group.pk:
        raise StepRefused(_("This request belongs to another working group."))
    if not change_request.is_open:
        raise StepRefused(_("This request has already been decided."))
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
        raise StepRefused(_("Write the answer the attendee will read."))
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
    log(access, AuditEvent.MINUTES_CHANGE_ANSWERED, meeting, request=change_request.pk)
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
    log(
        access,
        AuditEvent.MINUTES_CHANGE_ACCEPTED,
        meeting,
        request=change_request.pk,
        signatures_discarded=discarded,
    )
    return discarded


@transaction.atomic
def publish_archived_minutes(access: GroupAccess, meeting: Meeting) -> MinutesRevision:
    """Publish minutes that were signed on paper before the secretariat used this site (an imported
    archive): what they say is frozen into a revision, as if signed (on paper, with no online
    signature to show), and every member organization may read it. A later correction never hides
    it: it stays the published revision until the corrected one is signed and published."""
    meeting = lock_meeting(meeting)
    session_steps.require(session_steps.PUBLISH_ARCHIVE, access, meeting)
    revision = _freeze_archive(access, meeting)
    set_status(access, meeting, Meeting.Status.PUBLISHED)
    log(access, AuditEvent.MINUTES_PUBLISHED_AS_ARCHIVED, meeting, revision=revision.number)
    return revision


def _freeze_archive(access: GroupAccess, meeting: Meeting) -> MinutesRevision:
    """A finalized, published revision of minutes signed on paper before the site: their snapshot,
    a verification code, and the sealed PDF made by the worker."""
    now = timezone.now()
    last = revisions.current_revision(meeting)
    revision = last if last is not None and not last.is_final else None
    if revision is None:
        revision = MinutesRevision.objects.create(
            meeting=meeting, number=(last.number + 1 if last else 1), opened_by=access.user
        )
    revision.content = document_to_json(build_document(meeting))
    revision.signed_on_paper = True
    revision.circulated_at = revision.finalized_at = revision.published_at = now
    revision.finalized_by = access.user
    revision.verification_code = revisions.new_verification_code()
    revision.save()
    _mark_signed(meeting, revision)
    tasks.queue_signed_pdf(revision)
    return revision
