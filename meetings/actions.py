"""Actions on sessions and their minutes: the only code that changes them.

Each takes the acting user's ``GroupAccess`` and plain values (or forms the view validated),
checks the role and the state through ``meetings.workflow``, runs in one transaction, raises the
session's version when its minutes or resolutions change, leaves an audit record, and leaves
mail and rendering to run after the transaction commits. Views, the importer, the admin and the
management commands all call these.

planned → held (draft) → circulated → signed (finalized: content frozen, PDF rendered once,
hashed and sealed) → published. A correction after signing opens a new revision, back in draft,
that is signed again; the earlier revision stays as it was signed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.actions import form_committee
from meetings import signing, workflow
from meetings.access import circulated_revision
from meetings.minutes import MinutesView, build_document, document_to_json, minutes_view
from meetings.models import AgendaItem, Attendance, Meeting, MeetingDay, MinutesRevision, Signature, Sitting
from meetings.workflow import WorkflowError
from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.audit import log_action
from secretariat.models import Organization, Person

# Numbers are unique per session; renumbering first moves every row out of the way.
_RENUMBER_OFFSET = 10_000


class EditConflict(Exception):
    """The minutes changed since the editor was opened; saving would overwrite someone's work."""


class NotEditable(WorkflowError):
    """The minutes have left the draft stage and cannot be edited."""


def _lock(meeting: Meeting) -> Meeting:
    """The session, locked against concurrent steps until the transaction ends."""
    return Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)


def _log(access: GroupAccess, action: str, subject, **details) -> None:
    log_action(access.user, action, subject, group=access.group, **details)


def _set_status(access: GroupAccess, meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    meeting.raise_version(by=access.user)


# ---------------------------------------------------------------------------
# Planning and writing


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
) -> Meeting:
    """A new planned session of the group: its host, place and time as far as they are known."""
    workflow.require(workflow.EDIT, access, Meeting(status=Meeting.Status.PLANNED))
    meeting = Meeting(working_group=access.group, number=number, status=Meeting.Status.PLANNED, **fields)
    meeting.full_clean()
    meeting.save()
    MeetingDay.objects.bulk_create(MeetingDay(meeting=meeting, date=day) for day in sorted(set(days)))
    _save_sittings(meeting, sittings)
    _log(access, "session.created", meeting, number=number)
    return meeting


@transaction.atomic
def delete_planned_session(access: GroupAccess, meeting: Meeting) -> None:
    """Delete a session that was planned and will not take place, with what was prepared for it."""
    meeting = _lock(meeting)
    workflow.require(workflow.DELETE, access, meeting)
    _log(access, "session.deleted", meeting, number=meeting.number)
    meeting.delete()


def _save_sittings(meeting: Meeting, parts: list[str]) -> None:
    meeting.sittings.exclude(part__in=parts).delete()
    existing = set(meeting.sittings.values_list("part", flat=True))
    order = {part: index for index, (part, _label) in enumerate(Sitting.Part.choices, start=1)}
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, part=part, order=order[part]) for part in parts if part not in existing
    )


@transaction.atomic
def save_minutes(access: GroupAccess, meeting: Meeting, *, header, formsets: dict) -> Meeting:
    """Save the editor's header and rows as one change, or refuse it if someone saved in between.

    ``header`` and ``formsets`` must be valid. The session's ``version`` is compared and raised
    in one UPDATE, so of two editors who started from the same version only the first saves;
    every other action that changes the minutes or their resolutions raises it too.
    """
    expected = header.cleaned_data["version"]
    locked = _lock(meeting)
    if locked.status not in Meeting.Status.editable():
        raise NotEditable(str(workflow.RULES[workflow.EDIT].wrong_status))
    workflow.require(workflow.EDIT, access, locked)
    bumped = Meeting.objects.filter(pk=meeting.pk, version=expected).update(version=F("version") + 1)
    if not bumped:
        raise EditConflict
    meeting = header.save(commit=False)
    meeting.version = expected + 1
    meeting.last_changed_by = access.user
    meeting.save()
    _save_sittings(meeting, header.cleaned_data.get("sittings", []))
    formsets["days"].save()
    _save_ordered(formsets["attendance"])
    _save_ordered(formsets["speeches"])
    _save_agenda(meeting, formsets["agenda"])
    _save_resolutions(access, meeting, formsets["resolutions"])
    _log(access, "minutes.saved", meeting, version=meeting.version)
    return meeting


def _delete_removed(formset) -> None:
    for deleted in formset.deleted_forms:
        if deleted.instance.pk:
            deleted.instance.delete()


def _save_ordered(formset) -> None:
    _delete_removed(formset)
    for position, form in enumerate(formset.ordered_forms(), start=1):
        row = form.save(commit=False)
        row.order = position
        row.save()


def _save_agenda(meeting: Meeting, formset) -> None:
    _delete_removed(formset)
    AgendaItem.objects.filter(meeting=meeting).update(number=F("number") + _RENUMBER_OFFSET)
    for number, form in enumerate(formset.ordered_forms(), start=1):
        item = form.save(commit=False)
        item.number = number
        item.save()


def _save_resolutions(access: GroupAccess, meeting: Meeting, formset) -> None:
    _delete_removed(formset)
    Resolution.objects.filter(meeting=meeting).update(number=F("number") + _RENUMBER_OFFSET)
    for number, form in enumerate(formset.ordered_forms(), start=1):
        resolution = form.save(commit=False)
        resolution.number = number
        collaborators = list(form.cleaned_data.get("collaborators") or [])
        if form.forms_new_committee:
            resolution.responsible_kind = Resolution.Responsible.COMMITTEE
            resolution.responsible_committee = form_committee(
                access,
                meeting=meeting,
                name=form.cleaned_data["new_committee_name"].strip(),
                lead=form.cleaned_data["new_committee_lead"],
                collaborators=collaborators,
                mandate=form.cleaned_data.get("new_committee_mandate", ""),
            )
        resolution.save()
        _keep_order(resolution, collaborators)


def _keep_order(resolution: Resolution, chosen: list[Organization]) -> None:
    """Set the collaborators, keeping the order of those already listed and adding the rest after."""
    current = [link.organization_id for link in resolution.collaborator_links.all()]
    chosen_ids = {organization.pk for organization in chosen}
    kept = [pk for pk in current if pk in chosen_ids]
    added = [organization.pk for organization in chosen if organization.pk not in kept]
    ordered = kept + added
    if ordered != current:
        by_id = {organization.pk: organization for organization in chosen}
        resolution.set_collaborators([by_id[pk] for pk in ordered])


@dataclass(frozen=True)
class AttendanceEntry:
    """One line of a session's attendance, as ``record_attendance`` takes it."""

    person: Person
    kind: str = Attendance.Kind.PRESENT
    organization: Organization | None = None
    position: str = ""
    absence_reason: str = ""
    substitute_for: Person | None = None


@transaction.atomic
def record_attendance(access: GroupAccess, meeting: Meeting, entries: list[AttendanceEntry]) -> None:
    """Record who attended (or was absent), in this order: people listed already are updated and
    moved into it, others added; nobody is removed (the editor removes rows), and those not
    listed follow."""
    meeting = _lock(meeting)
    workflow.require(workflow.EDIT, access, meeting)
    existing = {
        attendance.person_id: attendance for attendance in meeting.attendances.order_by("order", "pk")
    }
    listed = {entry.person.pk for entry in entries}
    for order, entry in enumerate(entries, start=1):
        attendance = existing.get(entry.person.pk) or Attendance(meeting=meeting, person=entry.person)
        attendance.order = order
        attendance.kind = entry.kind
        attendance.organization = entry.organization or entry.person.organization
        attendance.position = entry.position or entry.person.position
        attendance.absence_reason = entry.absence_reason if entry.kind == Attendance.Kind.ABSENT else ""
        attendance.substitute_for = entry.substitute_for if entry.kind == Attendance.Kind.SUBSTITUTE else None
        attendance.full_clean()
        attendance.save()
    others = [attendance for person, attendance in existing.items() if person not in listed]
    for order, attendance in enumerate(others, start=len(entries) + 1):
        if attendance.order != order:
            attendance.order = order
            attendance.save(update_fields=["order"])
    meeting.raise_version(by=access.user)
    _log(access, "attendance.recorded", meeting, people=len(entries))


@transaction.atomic
def publish_archived_minutes(access: GroupAccess, meeting: Meeting) -> None:
    """Publish minutes that were signed on paper before the secretariat used this site (an imported
    archive): every member organization may read them, with no online signatures to show."""
    meeting = _lock(meeting)
    workflow.require(workflow.CIRCULATE, access, meeting)
    if not access.is_secretary:
        raise PermissionDenied(_("Only the working group's secretary may do this."))
    _set_status(access, meeting, Meeting.Status.PUBLISHED)
    _log(access, "minutes.published_as_archived", meeting)


# ---------------------------------------------------------------------------
# Circulating and signing


def _signing_view(meeting: Meeting) -> MinutesView:
    """The revision out for signature, with the signatures it has."""
    return minutes_view(meeting, circulated_revision(meeting))


@transaction.atomic
def circulate(access: GroupAccess, meeting: Meeting) -> MinutesRevision:
    """Send draft minutes out for signature: what they say is frozen into the revision.

    Every attendee who can sign online is told after the transaction commits.
    """
    meeting = _lock(meeting)
    workflow.require(workflow.CIRCULATE, access, meeting)
    if not meeting.attendances.attending().exists():
        raise WorkflowError(_("Record who attended before circulating the minutes: nobody could sign them."))
    if not meeting.days.exists():
        raise WorkflowError(_("Record the days the session was held before circulating its minutes."))
    revision = signing.current_revision(meeting)
    if revision is None or revision.is_final:
        number = revision.number + 1 if revision else 1
        revision = MinutesRevision.objects.create(meeting=meeting, number=number, opened_by=access.user)
    _number_and_date(meeting, revision)
    revision.content = document_to_json(build_document(meeting))
    revision.circulated_at = timezone.now()
    revision.save(update_fields=["content", "circulated_at"])
    _set_status(access, meeting, Meeting.Status.CIRCULATED)
    _log(access, "minutes.circulated", meeting, revision=revision.number)
    # robust: a mail server that fails is logged; the minutes are circulated all the same.
    transaction.on_commit(lambda: signing.notify_circulated(meeting.pk), robust=True)
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
def withdraw(access: GroupAccess, meeting: Meeting) -> int:
    """Take circulated minutes back to draft; the signatures collected so far no longer count.

    Returns how many signatures were discarded.
    """
    meeting = _lock(meeting)
    workflow.require(workflow.WITHDRAW, access, meeting)
    revision = circulated_revision(meeting)
    scans = list(revision.signatures.exclude(scan="").values_list("scan", flat=True))
    discarded = revision.signatures.count()
    revision.signatures.all().delete()
    if scans:  # the scanned pages of discarded signatures go too, once the withdrawal holds
        transaction.on_commit(lambda: [default_storage.delete(name) for name in scans], robust=True)
    revision.circulated_at = None
    revision.content = None
    revision.save(update_fields=["circulated_at", "content"])
    _set_status(access, meeting, Meeting.Status.HELD)
    _log(access, "minutes.withdrawn", meeting, revision=revision.number, signatures_discarded=discarded)
    return discarded


def _add_signature(access: GroupAccess, minutes: MinutesView, attendance_id: int, **fields) -> Signature:
    attendee = next(a for a in minutes.document.signers if a.attendance_id == attendance_id)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                revision=minutes.revision,
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
        raise WorkflowError(_("This attendee has already signed these minutes.")) from None
    minutes.meeting.raise_version(by=access.user)
    return signature


@transaction.atomic
def sign(access: GroupAccess, meeting: Meeting, *, reservation: str = "") -> Signature:
    """The user signs the minutes of a session they attended, with a reservation if they disagree.

    Who may sign is decided by the revision as circulated: the attendee whose login the user was
    then. Linking a person to another login afterwards does not let that login sign for them.
    """
    meeting = _lock(meeting)
    minutes = _signing_view(meeting)
    workflow.require(workflow.SIGN, access, meeting, minutes)
    attendee = minutes.attendee_of(access.user)
    signature = _add_signature(access, minutes, attendee.attendance_id, reservation=reservation)
    _log(access, "minutes.signed", meeting, revision=minutes.revision.number, signer=attendee.name)
    return signature


@transaction.atomic
def record_paper_signature(
    access: GroupAccess, meeting: Meeting, *, attendance_id: int, scan, reservation: str = ""
) -> Signature:
    """The secretary records an attendee's signature on paper, with the scanned page."""
    meeting = _lock(meeting)
    minutes = _signing_view(meeting)
    workflow.require(workflow.RECORD_PAPER, access, meeting, minutes)
    if attendance_id not in {a.attendance_id for a in minutes.unsigned}:
        raise WorkflowError(_("Choose someone who attended this session and has not signed yet."))
    signature = _add_signature(
        access, minutes, attendance_id, reservation=reservation, on_paper=True, scan=scan
    )
    _log(
        access,
        "minutes.paper_signature_recorded",
        meeting,
        revision=minutes.revision.number,
        signer=signature.signer_name,
    )
    return signature


@transaction.atomic
def finalize(access: GroupAccess, meeting: Meeting) -> MinutesRevision:
    """Lock the signed minutes. The PDF is rendered once, after this transaction commits."""
    meeting = _lock(meeting)
    minutes = _signing_view(meeting)
    workflow.require(workflow.FINALIZE, access, meeting, minutes)
    revision = minutes.revision
    revision.finalized_at = timezone.now()
    revision.finalized_by = access.user
    revision.verification_code = signing.new_verification_code()
    revision.save(update_fields=["finalized_at", "finalized_by", "verification_code"])
    _set_status(access, meeting, Meeting.Status.SIGNED)
    _log(access, "minutes.finalized", meeting, revision=revision.number, code=revision.verification_code)
    # robust: a render that fails is logged and tried again on the first download.
    transaction.on_commit(lambda: signing.ensure_signed_pdf(revision.pk), robust=True)
    return revision


@transaction.atomic
def publish(access: GroupAccess, meeting: Meeting) -> MinutesRevision | None:
    """Every member organization may read the signed minutes from now on."""
    meeting = _lock(meeting)
    workflow.require(workflow.PUBLISH, access, meeting)
    revision = signing.latest_final_revision(meeting)
    if revision is not None:
        revision.published_at = timezone.now()
        revision.save(update_fields=["published_at"])
    _set_status(access, meeting, Meeting.Status.PUBLISHED)
    _log(access, "minutes.published", meeting, revision=revision.number if revision else None)
    return revision


@transaction.atomic
def open_correction(access: GroupAccess, meeting: Meeting, *, reason: str) -> MinutesRevision:
    """Reopen signed minutes as a new revision in draft; the signed one stays as it was signed."""
    meeting = _lock(meeting)
    workflow.require(workflow.CORRECT, access, meeting)
    if not reason.strip():
        raise WorkflowError(_("Say why the minutes need a correction."))
    last = signing.current_revision(meeting)
    revision = MinutesRevision.objects.create(
        meeting=meeting, number=(last.number + 1 if last else 1), reason=reason, opened_by=access.user
    )
    _set_status(access, meeting, Meeting.Status.HELD)
    if last and meeting.minutes_number == f"{meeting.number}/{last.number}":
        # The number circulation gave the signed revision: the corrected one gets its own.
        meeting.minutes_number = ""
        meeting.save(update_fields=["minutes_number", "updated_at"])
    _log(access, "minutes.correction_opened", meeting, revision=revision.number, reason=reason)
    return revision
