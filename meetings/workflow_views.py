"""The signing workflow's pages: circulate, sign, record paper signatures, finalize, publish, correct, verify."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import get_meeting_for_user
from meetings.minutes import minutes_context
from meetings.models import Meeting, MinutesRevision, Signature
from meetings.signing import (
    WorkflowError,
    attendance_of,
    circulate,
    finalize,
    open_correction,
    publish,
    record_paper_signature,
    sign,
    unsigned,
    withdraw,
)
from meetings.signing_forms import CorrectionForm, PaperSignatureForm, SignForm, VerifyUploadForm
from secretariat.access import GroupAccess


def workflow_context(access: GroupAccess, meeting: Meeting, minutes: dict) -> dict:
    """What the minutes page offers this user: sign, or (staff) the next step of the workflow."""
    context: dict = {
        "can_sign": False,
        "sign_form": None,
        "unsigned": [],
        "paper_form": None,
        "correction_form": None,
    }
    revision = minutes.get("revision")
    circulated = meeting.status == Meeting.Status.CIRCULATED
    if circulated and access.person is not None:
        own = next(
            (a for a, _signature in minutes["signature_rows"] if a.person_id == access.person.pk), None
        )
        own_signature = next(
            (s for a, s in minutes["signature_rows"] if own is not None and a.pk == own.pk), None
        )
        context["own_signature"] = own_signature
        context["can_sign"] = own is not None and own_signature is None
        context["sign_form"] = SignForm() if context["can_sign"] else None
    if access.is_staff and circulated:
        context["unsigned"] = [a for a, signature in minutes["signature_rows"] if signature is None]
        if access.is_secretary and context["unsigned"]:
            context["paper_form"] = PaperSignatureForm(unsigned=context["unsigned"])
    if access.is_secretary and meeting.is_signed:
        context["correction_form"] = CorrectionForm()
    context["final_revisions"] = (
        list(meeting.revisions.final().order_by("-number")) if revision or access.is_staff else []
    )
    return context


def _done(request: HttpRequest, meeting: Meeting, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(meeting.get_absolute_url())


def _refused(request: HttpRequest, meeting: Meeting, error: WorkflowError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(meeting.get_absolute_url())


def _step(
    request: HttpRequest, slug: str, number: int, action, done: str, *, secretary=False
) -> HttpResponse:
    """Take one step of the workflow on the session, and come back to its minutes with the outcome."""
    _access, meeting = get_meeting_for_user(request, slug, number, write=True, secretary=secretary)
    try:
        action(meeting=meeting, user=request.user)
    except WorkflowError as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, done)


@login_required
@require_POST
def circulate_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _step(
        request,
        slug,
        number,
        circulate,
        _("The minutes were circulated for signature; the attendees were notified."),
    )


@login_required
@require_POST
def withdraw_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _step(
        request,
        slug,
        number,
        withdraw,
        _("The minutes are back in draft; the signatures collected so far were discarded."),
    )


@login_required
@require_POST
def sign_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number)
    if attendance_of(meeting, request.user) is None:
        raise PermissionDenied
    form = SignForm(request.POST)
    if not form.is_valid():
        # Show the minutes again with the error beside the confirmation box and the text kept.
        minutes = minutes_context(meeting)
        workflow = {**workflow_context(access, meeting, minutes), "sign_form": form}
        return render(request, "meetings/minutes.html", {"access": access, **minutes, **workflow}, status=400)
    try:
        sign(meeting=meeting, user=request.user, reservation=form.cleaned_data["reservation"])
    except WorkflowError as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("Your signature was recorded."))


@login_required
@require_POST
def paper_signature_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    if meeting.status != Meeting.Status.CIRCULATED:
        return _refused(request, meeting, WorkflowError(_("These minutes are not out for signature.")))
    form = PaperSignatureForm(request.POST, request.FILES, unsigned=unsigned(meeting))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(meeting.get_absolute_url())
    try:
        record_paper_signature(
            meeting=meeting,
            attendance=form.cleaned_data["attendance"],
            scan=form.cleaned_data["scan"],
            reservation=form.cleaned_data["reservation"],
            user=request.user,
        )
    except WorkflowError as error:
        return _refused(request, meeting, error)
    return _done(request, meeting, _("The signature on paper was recorded."))


@login_required
@require_POST
def finalize_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _step(
        request,
        slug,
        number,
        finalize,
        _("The minutes are signed and locked; the signed PDF was stored."),
        secretary=True,
    )


@login_required
@require_POST
def publish_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _step(
        request, slug, number, publish, _("The minutes were published to every member organization.")
    )


@login_required
@require_POST
def correction_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, slug, number, secretary=True)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the minutes need a correction."))
        return redirect(meeting.get_absolute_url())
    try:
        revision = open_correction(meeting=meeting, user=request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as error:
        return _refused(request, meeting, error)
    messages.success(
        request,
        _("Revision %(number)s is open: correct the minutes, then circulate them for signature again.")
        % {"number": revision.number},
    )
    return redirect("meetings:edit", slug, number)


@login_required
def paper_scan(request: HttpRequest, slug: str, number: int, signature: int) -> HttpResponse:
    """The scanned page of a signature on paper, for staff only."""
    _access, meeting = get_meeting_for_user(request, slug, number, write=True)
    found = get_object_or_404(Signature, pk=signature, revision__meeting=meeting, on_paper=True)
    found.scan.open("rb")
    response = FileResponse(found.scan, as_attachment=True, filename=found.scan.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: which session and signers a verification code stands for, and whether a file is that PDF."""
    revision = get_object_or_404(
        MinutesRevision.objects.final().select_related(
            "meeting", "meeting__working_group", "meeting__host_organization"
        ),
        verification_code=code.strip().upper(),
    )
    if not revision.pdf:
        raise Http404
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["document"].chunks():
            digest.update(chunk)
        result = {"matches": digest.hexdigest() == revision.sha256, "sha256": digest.hexdigest()}
    context = {
        "revision": revision,
        "meeting": revision.meeting,
        "group": revision.meeting.working_group,
        "signatures": list(revision.signatures.all()),
        "superseded": revision.meeting.revisions.final().filter(number__gt=revision.number).exists(),
        "form": form,
        "result": result,
    }
    return render(
        request, "meetings/verify.html", context, status=200 if result is None or result["matches"] else 422
    )
