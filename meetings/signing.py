"""Circulating, signing, finalizing and correcting minutes: each step an explicit atomic function.

planned → held (draft) → circulated → signed (finalized: content frozen, PDF rendered once,
hashed and sealed) → published. A correction after signing opens a new revision, back in draft,
that is signed again; the earlier revision's PDF stays stored and downloadable.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.minutes import minutes_context
from meetings.models import Attendance, Meeting, MinutesRevision, Signature
from meetings.pdf import render_minutes_pdf
from meetings.seal import seal_configured, seal_pdf
from secretariat.access import Role, access_for

logger = logging.getLogger(__name__)

VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


class WorkflowError(ValidationError):
    """A step that the minutes' current state does not allow; the message says why, in Persian."""


def current_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.order_by("-number").first()


def latest_final_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.final().order_by("-number").first()


def signers(meeting: Meeting) -> list[Attendance]:
    """Everyone who took part signs: members present, substitutes and invited guests."""
    return list(
        meeting.attendances.attending()
        .select_related("person", "person__user", "organization")
        .order_by("order", "pk")
    )


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _set_status(meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])


@transaction.atomic
def circulate(*, meeting: Meeting, user) -> MinutesRevision:
    """Send draft minutes out for signature and tell every attendee who has an e-mail address."""
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise WorkflowError(_("Only held sessions with draft minutes can be circulated."))
    if not signers(meeting):
        raise WorkflowError(_("Record who attended before circulating the minutes: nobody could sign them."))
    if not meeting.days.exists():
        raise WorkflowError(_("Record the days the session was held before circulating its minutes."))
    revision = current_revision(meeting)
    if revision is None or revision.is_final:
        number = revision.number + 1 if revision else 1
        revision = MinutesRevision.objects.create(meeting=meeting, number=number, opened_by=user)
    _number_and_date(meeting, revision)
    revision.circulated_at = timezone.now()
    revision.save(update_fields=["circulated_at"])
    _set_status(meeting, Meeting.Status.CIRCULATED)
    # robust: a mail server that fails is logged; the minutes are circulated all the same.
    transaction.on_commit(lambda: notify_circulated(meeting.pk), robust=True)
    return revision


def _number_and_date(meeting: Meeting, revision: MinutesRevision) -> None:
    """Minutes go out with a number and a date: "۱۳/۱" (session/revision) and today, unless staff set them."""
    changed = []
    if not meeting.minutes_number:
        meeting.minutes_number = f"{meeting.number}/{revision.number}"
        changed.append("minutes_number")
    if not meeting.minutes_date:
        meeting.minutes_date = timezone.localdate()
        changed.append("minutes_date")
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def withdraw(*, meeting: Meeting, user) -> None:
    """Take circulated minutes back to draft; the signatures collected so far no longer count."""
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.CIRCULATED:
        raise WorkflowError(_("Only circulated minutes can be withdrawn."))
    revision = current_revision(meeting)
    scans = [scan for scan in revision.signatures.exclude(scan="").values_list("scan", flat=True)]
    revision.signatures.all().delete()
    if scans:  # the scanned pages of discarded signatures go too, once the withdrawal holds
        transaction.on_commit(lambda: [default_storage.delete(name) for name in scans], robust=True)
    revision.circulated_at = None
    revision.save(update_fields=["circulated_at"])
    _set_status(meeting, Meeting.Status.HELD)


def attendance_of(meeting: Meeting, user) -> Attendance | None:
    """The user's own attendance at the session, if they took part."""
    return (
        meeting.attendances.attending()
        .select_related("person", "organization")
        .filter(person__user=user)
        .first()
    )


def _snapshot(attendance: Attendance) -> dict:
    organization = attendance.organization or attendance.person.organization
    return {
        "signer_name": attendance.person.formal_name,
        "organization_name": organization.name if organization else "",
        "position": attendance.position or attendance.person.position,
    }


def _add_signature(meeting: Meeting, attendance: Attendance, **fields) -> Signature:
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.CIRCULATED:
        raise WorkflowError(_("These minutes are not out for signature."))
    revision = current_revision(meeting)
    if revision.signatures.filter(attendance=attendance).exists():
        raise WorkflowError(_("This attendee has already signed these minutes."))
    try:
        with transaction.atomic():
            return Signature.objects.create(
                revision=revision,
                attendance=attendance,
                signed_at=timezone.now(),
                **_snapshot(attendance),
                **fields,
            )
    except IntegrityError:
        raise WorkflowError(_("This attendee has already signed these minutes.")) from None


@transaction.atomic
def sign(*, meeting: Meeting, user, reservation: str = "") -> Signature:
    """The user signs the minutes of a session they attended, with a reservation if they disagree."""
    attendance = attendance_of(meeting, user)
    if attendance is None:
        raise PermissionDenied(_("Only those who attended the session sign its minutes."))
    return _add_signature(meeting, attendance, signed_by=user, reservation=reservation)


@transaction.atomic
def record_paper_signature(
    *, meeting: Meeting, attendance: Attendance, scan, reservation: str, user
) -> Signature:
    """The secretary records an attendee's signature on paper, with the scanned page."""
    if attendance.meeting_id != meeting.pk or not attendance.is_attending:
        raise WorkflowError(_("Choose someone who attended this session."))
    signature = _add_signature(
        meeting, attendance, signed_by=user, reservation=reservation, on_paper=True, scan=scan
    )
    return signature


def unsigned(meeting: Meeting, revision: MinutesRevision | None = None) -> list[Attendance]:
    revision = revision or current_revision(meeting)
    signed_ids = set(revision.signatures.values_list("attendance_id", flat=True)) if revision else set()
    return [attendance for attendance in signers(meeting) if attendance.pk not in signed_ids]


def _new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _index in range(12))


@transaction.atomic
def finalize(*, meeting: Meeting, user) -> MinutesRevision:
    """Lock the signed minutes. The PDF is rendered once, after this transaction commits."""
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.CIRCULATED:
        raise WorkflowError(_("Only circulated minutes can be finalized."))
    missing = unsigned(meeting)
    if missing:
        names = "، ".join(attendance.person.formal_name for attendance in missing)
        raise WorkflowError(_("Not everyone has signed yet: %(names)s.") % {"names": names})
    revision = current_revision(meeting)
    revision.finalized_at = timezone.now()
    revision.finalized_by = user
    revision.verification_code = _new_verification_code()
    revision.save(update_fields=["finalized_at", "finalized_by", "verification_code"])
    _set_status(meeting, Meeting.Status.SIGNED)
    # robust: a render that fails is logged and tried again on the first download.
    transaction.on_commit(lambda: ensure_signed_pdf(revision.pk), robust=True)
    return revision


@transaction.atomic
def publish(*, meeting: Meeting, user) -> None:
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.SIGNED:
        raise WorkflowError(_("Only signed minutes can be published."))
    _set_status(meeting, Meeting.Status.PUBLISHED)


@transaction.atomic
def open_correction(*, meeting: Meeting, user, reason: str) -> MinutesRevision:
    """Reopen signed minutes as a new revision in draft; the signed one stays as it was."""
    meeting = _lock(meeting)
    if not meeting.is_signed:
        raise WorkflowError(_("Only signed or published minutes can be corrected."))
    if not reason.strip():
        raise WorkflowError(_("Say why the minutes need a correction."))
    last = current_revision(meeting)
    revision = MinutesRevision.objects.create(
        meeting=meeting, number=(last.number + 1 if last else 1), reason=reason, opened_by=user
    )
    _set_status(meeting, Meeting.Status.HELD)
    if last and meeting.minutes_number == f"{meeting.number}/{last.number}":
        # The number circulation gave the signed revision: the corrected one gets its own.
        meeting.minutes_number = ""
        meeting.save(update_fields=["minutes_number", "updated_at"])
    return revision


@transaction.atomic
def ensure_signed_pdf(revision_id: int) -> MinutesRevision:
    """Render, seal, hash and store the signed PDF of a finalized revision, once.

    Called after the finalizing transaction commits; called again (on download) only if that
    render failed. Once stored, the file is never rendered again. Once a correction was opened the
    session's content is no longer what was signed, so a revision without its PDF by then stays
    without one (``WorkflowError``).
    """
    revision = (
        MinutesRevision.objects.select_for_update()
        .select_related("meeting__working_group")
        .get(pk=revision_id)
    )
    if revision.pdf or not revision.is_final:
        return revision
    if revision.meeting.revisions.filter(number__gt=revision.number).exists():
        raise WorkflowError(
            _("The signed PDF of this revision was not produced, and the minutes have changed since.")
        )
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_minutes_pdf(revision.meeting, minutes_context(revision.meeting, revision=revision))
        sealed = seal_configured()
        if sealed:
            pdf = seal_pdf(
                pdf,
                reason=_("Signed minutes of session %(number)s") % {"number": revision.meeting.number},
                location=revision.meeting.working_group.secretariat_name,
            )
    revision.sha256 = hashlib.sha256(pdf).hexdigest()
    revision.sealed = sealed
    revision.pdf.save(
        f"minutes-{revision.meeting.number}-r{revision.number}-{revision.verification_code}.pdf",
        ContentFile(pdf),
        save=False,
    )
    revision.save(update_fields=["pdf", "sha256", "sealed"])
    return revision


def notify_circulated(meeting_id: int) -> int:
    """E-mail every attendee who can sign online that the minutes wait for their signature.

    Attendees without an account in the group (a guest from outside it, say) could not open the
    link; they sign on paper, which the secretariat records.
    """
    meeting = Meeting.objects.select_related("working_group").get(pk=meeting_id)
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for attendance in signers(meeting):
            user = attendance.person.user
            if user is None or access_for(user, meeting.working_group).role == Role.NONE:
                continue
            address = attendance.person.email or user.email
            if not address:
                continue
            context = {
                "meeting": meeting,
                "group": meeting.working_group,
                "person": attendance.person,
                "url": url,
            }
            subject = render_to_string("meetings/email/circulated_subject.txt", context).strip()
            body = render_to_string("meetings/email/circulated_body.txt", context)
            EmailMessage(subject, body, to=[address]).send()
            sent += 1
    return sent
