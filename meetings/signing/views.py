"""The steps of signing on a session's page, and the public verification of a signed PDF."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import steps as session_steps
from meetings.access import get_meeting_for_user, readable_final_revisions, reading_for
from meetings.minutes import actions as minutes_actions
from meetings.minutes.document import document_from_json
from meetings.minutes.views import minutes_page
from meetings.models import Attendance, ChangeRequest, Meeting, MinutesRevision, Signature
from meetings.signing import actions as signing_actions
from meetings.signing.forms import (
    AnswerChangeForm,
    ChangeRequestForm,
    CorrectionForm,
    LetterScanForm,
    PaperSignatureForm,
    SignForm,
    VerifyCodeForm,
    VerifyUploadForm,
)
from meetings.signing.revisions import normalize_verification_code
from meetings.signing.signed_pdf import check_stored_pdf, kept_record
from secretariat.access import Role, access_for
from secretariat.downloads import private_file
from secretariat.pages import mail_on_its_way, safe_next, say_delivered
from secretariat.persian import join_list, localize_digits
from secretariat.steps import StepRefused


def _done(request: HttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(meeting.get_absolute_url())


def _refused(request: HttpRequest, meeting: Meeting, error: Exception) -> HttpResponse:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def circulate_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        revision, delivery = signing_actions.circulate(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    signers = len(document_from_json(revision.content).signers)
    online = signers - len(delivery.unreachable)
    circulated = ngettext(
        "The minutes were circulated for signature as revision %(revision)s: %(online)s of %(count)s attendee signs online, and %(told)s people of the attending organizations were told.",
        "The minutes were circulated for signature as revision %(revision)s: %(online)s of %(count)s attendees sign online, and %(told)s people of the attending organizations were told.",
        signers,
    ) % {
        "revision": localize_digits(revision.number),
        "online": localize_digits(online),
        "count": localize_digits(signers),
        "told": localize_digits(delivery.count),
    }
    messages.success(request, f"{circulated} {mail_on_its_way(delivery)}".strip())
    if delivery.unreachable:
        messages.warning(
            request,
            _("These attendees cannot sign online and sign on paper: %(names)s.")
            % {"names": join_list(delivery.unreachable)},
        )
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def remind_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Ask again those who have not signed yet."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        delivery = signing_actions.remind_signers(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    say_delivered(request, delivery, _("Those who have not signed were asked again."))
    return redirect(safe_next(request, meeting.get_absolute_url()))


@login_required
@require_POST
def withdraw_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        discarded = signing_actions.withdraw(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    if not discarded:  # nothing was set aside: say only what happened
        return _done(request, meeting, _("The minutes are back in draft; nobody had signed them yet."))
    message = ngettext(
        "The minutes are back in draft; %(count)s signature collected so far was discarded.",
        "The minutes are back in draft; %(count)s signatures collected so far were discarded.",
        discarded,
    ) % {"count": localize_digits(discarded)}
    return _done(request, meeting, message)


@login_required
@require_POST
def sign_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number)
    minutes = reading_for(access, meeting)
    error = session_steps.refusal(session_steps.SIGN, access, meeting, minutes)
    if isinstance(error, PermissionDenied):
        raise error
    form = SignForm(request.POST, attendees=minutes.unsigned_for(access) if minutes else [])
    if not form.is_valid():
        # Show the minutes again with the error beside the confirmation box and the text kept.
        return minutes_page(request, access, meeting, sign_form=form, status=400)
    try:
        signing_actions.sign(
            access,
            meeting,
            attendance_id=form.cleaned_data.get("attendance"),
            reservation=form.cleaned_data["reservation"],
        )
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("The signature was recorded."))


@login_required
@require_POST
def paper_signature_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    minutes = reading_for(access, meeting)
    closed = session_steps.refusal(session_steps.RECORD_PAPER, access, meeting, minutes)
    if closed is not None or minutes is None:
        return _refused(request, meeting, closed or StepRefused(""))
    form = PaperSignatureForm(request.POST, request.FILES, unsigned=minutes.unsigned)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            said = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {said}" if label else said)
        return redirect(meeting.get_absolute_url())
    try:
        signatures = signing_actions.record_paper_signatures(
            access,
            meeting,
            attendance_ids=form.cleaned_data["attendances"],
            scan=form.cleaned_data["scan"],
            reservation=form.cleaned_data["reservation"],
        )
    except StepRefused as error:
        return _refused(request, meeting, error)
    message = ngettext(
        "%(count)s signature on paper was recorded from the scanned sheet.",
        "%(count)s signatures on paper were recorded from the scanned sheet.",
        len(signatures),
    ) % {"count": localize_digits(len(signatures))}
    return _done(request, meeting, message)


@login_required
@require_POST
def finalize_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    try:
        signing_actions.finalize(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(
        request,
        meeting,
        _("The minutes are signed and locked; the signed PDF is being made and sealed in the background."),
    )


@login_required
@require_POST
def retry_signed_pdf_view(request: HttpRequest, slug: str, number: int, revision: int) -> HttpResponse:
    """Ask the worker again for a signed PDF whose making failed."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        signing_actions.retry_signed_pdf(access, meeting, revision)
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("The signed PDF is being made again."))


@login_required
@require_POST
def publish_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        signing_actions.publish(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("The minutes were published to every member organization."))


@login_required
@require_POST
def publish_archive_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publish draft minutes that were signed on paper before the site (an imported archive)."""
    access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    try:
        signing_actions.publish_archived_minutes(access, meeting)
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(
        request,
        meeting,
        _("The minutes were published as signed on paper; every member organization can read them."),
    )


@login_required
@require_POST
def correction_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the minutes need a correction."))
        return redirect(meeting.get_absolute_url())
    try:
        revision = signing_actions.open_correction(access, meeting, reason=form.cleaned_data["reason"])
    except StepRefused as error:
        return _refused(request, meeting, error)
    messages.success(
        request,
        _("Revision %(number)s is open: correct the minutes, then circulate them for signature again.")
        % {"number": localize_digits(revision.number)},
    )
    return redirect("meetings:edit", slug, number)


@login_required
def paper_scan(request: HttpRequest, slug: str, number: int, signature: int) -> HttpResponseBase:
    """The scanned page of a signature on paper, for staff only."""
    _access, meeting = get_meeting_for_user(request, slug, number, write=True)
    found = get_object_or_404(Signature, pk=signature, revision__meeting=meeting, on_paper=True)
    found.scan.open("rb")
    response = FileResponse(found.scan, as_attachment=True, filename=found.scan.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify_form(request: HttpRequest) -> HttpResponse:
    """Public: type the code printed on signed minutes (``?code=``) and go to its verdict."""
    form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if _registered(code) is not None:
            return redirect("verify", code)
        form.add_error(
            "code", _("No signed minutes were registered under this code. Check it letter by letter.")
        )
    return render(request, "meetings/verify_form.html", {"form": form}, status=404 if form.errors else 200)


def _registered(code: str) -> MinutesRevision | None:
    return (
        MinutesRevision.objects.final()
        .select_related("meeting", "meeting__working_group", "meeting__host_organization", "seal_certificate")
        .filter(verification_code=code, pdf__gt="")
        .first()
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the verdict on a verification code — registered, sealed and intact, or not found —
    with the session, its signers and the hash; and whether an uploaded file is that PDF."""
    normalized = normalize_verification_code(code)
    revision = _registered(normalized)
    if revision is None:
        form = VerifyCodeForm({"code": code})
        return render(request, "meetings/verify_form.html", {"form": form, "unknown_code": code}, status=404)
    if normalized != code:
        return redirect("verify", normalized)
    upload = VerifyUploadForm(request.POST or None, request.FILES or None)
    uploaded = None
    if request.method == "POST" and upload.is_valid():
        digest = hashlib.sha256()
        for chunk in upload.cleaned_data["document"].chunks():
            digest.update(chunk)
        matches = digest.hexdigest() == revision.sha256
        uploaded = {
            "matches": matches,
            "sha256": digest.hexdigest(),
            # The copy is the signed original byte for byte: what it decided is what the data
            # sealed inside the kept file says (``minutes.json``), read once per file.
            "record": kept_record(revision) if matches else None,
        }
    meeting = revision.meeting
    readable = False
    if request.user.is_authenticated:
        access = access_for(request.user, meeting.working_group)
        readable = (
            access.role != Role.NONE
            and readable_final_revisions(access, meeting).filter(pk=revision.pk).exists()
        )
    context = {
        "revision": revision,
        "meeting": meeting,
        "group": meeting.working_group,
        "stored": check_stored_pdf(revision),
        "signatures": list(revision.signatures.all()),
        "superseded": meeting.revisions.final().filter(number__gt=revision.number).exists(),
        "upload_form": upload,
        "uploaded": uploaded,
        "download_url": reverse(
            "meetings:revision_pdf", args=[meeting.working_group.slug, meeting.number, revision.number]
        )
        if readable
        else "",
    }
    status = 422 if uploaded is not None and not uploaded["matches"] else 200
    return render(request, "meetings/verify.html", context, status=status)


@login_required
@require_POST
def request_change_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An attendee asks for a change to circulated minutes (or comments on them)."""
    access, meeting = get_meeting_for_user(request, slug, number)
    error = session_steps.refusal(session_steps.REQUEST_CHANGE, access, meeting, reading_for(access, meeting))
    if isinstance(error, PermissionDenied):
        raise error
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        return minutes_page(request, access, meeting, change_form=form, status=400)
    try:
        _request, delivery = signing_actions.request_change(access, meeting, **form.cleaned_data)
    except StepRefused as error:
        return _refused(request, meeting, error)
    message = ngettext(
        "Your request was sent to the secretariat; %(count)s person was told.",
        "Your request was sent to the secretariat; %(count)s people were told.",
        delivery.count,
    ) % {"count": localize_digits(delivery.count)}
    return _done(request, meeting, message)


def _change_request(meeting: Meeting, pk: int) -> ChangeRequest:
    return get_object_or_404(ChangeRequest.objects.select_related("meeting"), pk=pk, meeting=meeting)


@login_required
@require_POST
def answer_change_view(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    """The secretariat answers a request and keeps the text; the signatures stand."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    change_request = _change_request(meeting, pk)
    form = AnswerChangeForm(request.POST, prefix=f"answer-{pk}")
    if not form.is_valid():
        return minutes_page(request, access, meeting, answer_forms={pk: form}, status=400)
    try:
        signing_actions.answer_change_request(access, change_request, answer=form.cleaned_data["answer"])
    except StepRefused as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("The request was answered; the text and the signatures stay."))


@login_required
@require_POST
def accept_change_view(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    """The secretariat accepts a request: the minutes go back to draft for the change."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    change_request = _change_request(meeting, pk)
    try:
        discarded = signing_actions.accept_change_request(
            access, change_request, answer=request.POST.get("answer", "")
        )
    except StepRefused as error:
        return _refused(request, meeting, error)
    message = ngettext(
        "The request was accepted and the minutes are back in draft: make the change and circulate "
        "them again; %(count)s signature will be asked again.",
        "The request was accepted and the minutes are back in draft: make the change and circulate "
        "them again; %(count)s signatures will be asked again.",
        discarded,
    ) % {"count": localize_digits(discarded)}
    messages.success(request, message)
    return redirect("meetings:edit", slug, number)


@login_required
def introduction_letter(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponseBase:
    """A substitute's scanned introduction letter: read by those who read the session, attached by staff."""
    write = request.method == "POST"
    access, meeting = get_meeting_for_user(request, slug, number, write=write)
    attendance = get_object_or_404(Attendance, pk=pk, meeting=meeting, kind=Attendance.Kind.SUBSTITUTE)
    if not write:
        return private_file(attendance.letter_scan, "", f"introduction-letter-{attendance.pk}")
    form = LetterScanForm(request.POST, request.FILES, prefix=f"letter-{attendance.pk}")
    if not form.is_valid():
        return minutes_page(request, access, meeting, letter_forms={attendance.pk: form}, status=400)
    minutes_actions.attach_introduction_letter(access, attendance, form.cleaned_data["scan"])
    return _done(request, meeting, _("The introduction letter was attached."))
