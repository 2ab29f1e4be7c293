"""The minutes of a session: the page, its PDF and Word files, the editor and its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import actions as session_actions
from meetings import steps as session_steps
from meetings import tasks
from meetings.access import (
    Readable,
    get_meeting_for_user,
    readable,
    readable_final_revisions,
    reading_for,
)
from meetings.minutes import actions as minutes_actions
from meetings.minutes import diff, drafts, editor
from meetings.minutes.document import MinutesView, minutes_view
from meetings.minutes.forms import (
    MeetingHeaderForm,
    PersonChoiceField,
    QuickOrganizationForm,
    QuickPersonForm,
    make_formsets,
    minutes_values,
    person_queryset,
)
from meetings.minutes.history import meeting_history
from meetings.minutes.pdf import pdf_download_name, stored_minutes_pdf
from meetings.minutes.word import minutes_docx as minutes_docx_bytes
from meetings.models import Attendance, Meeting, MinutesRevision
from meetings.planning.views import planned_page
from meetings.signing import revisions
from meetings.signing.forms import (
    AnswerChangeForm,
    ChangeRequestForm,
    CorrectionForm,
    LetterScanForm,
    PaperSignatureForm,
    SignForm,
)
from meetings.signing.signed_pdf import (
    can_have_signed_pdf,
    signed_pdf_stalled,
    stored_pdf_is_whole,
)
from resolutions.models import DECISION_VERBS
from secretariat import actions as core_actions
from secretariat import data_version, mail
from secretariat.access import GroupAccess, Role, get_group_for_user
from secretariat.documents import (
    damaged_file_page,
    document_key,
    document_response,
    preparing_page,
    stored_file,
)
from secretariat.downloads import stored_file_response
from secretariat.layout import DOCX
from secretariat.models import JobStatus, StoredDocument
from secretariat.pages import render_for_group
from secretariat.persian import format_jalali_datetime, localize_digits, to_persian_digits
from secretariat.read_cache import kept_for_reader
from secretariat.steps import StepRefused

# How long a rendered minutes document stays in the cache (a changed one has another key).
MINUTES_HTML_SECONDS = 7 * 24 * 3600


def minutes_page(
    request: HttpRequest,
    access: GroupAccess,
    meeting: Meeting,
    *,
    sign_form: SignForm | None = None,
    change_form: ChangeRequestForm | None = None,
    answer_forms: dict[int, AnswerChangeForm] | None = None,
    letter_forms: dict[int, LetterScanForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The minutes as ``access`` reads them, with the steps of the workflow open to them."""
    minutes = reading_for(access, meeting)
    if minutes is None:  # nothing of these minutes is theirs to read yet
        raise Http404
    steps = session_steps.available(access, meeting, minutes)
    own_attendees = minutes.attendees_for(access) if meeting.is_circulated else []
    change_requests: list[Any] = list(meeting.change_requests.select_related("revision"))
    answer_forms = answer_forms or {}
    for change_request in change_requests:
        change_request.answer_form = (
            answer_forms.get(change_request.pk, AnswerChangeForm(prefix=f"answer-{change_request.pk}"))
            if steps[session_steps.DECIDE_CHANGE] and change_request.is_open
            else None
        )
    substitutes: list[Any] = (
        list(
            meeting.attendances.filter(kind=Attendance.Kind.SUBSTITUTE).select_related(
                "person", "substitute_for"
            )
        )
        if any(attendee.kind == Attendance.Kind.SUBSTITUTE for attendee in minutes.document.attendees)
        else []
    )
    for substitute in substitutes:  # staff attach each substitute's letter; an error stays beside its own
        substitute.letter_form = (
            (letter_forms or {}).get(substitute.pk, LetterScanForm(prefix=f"letter-{substitute.pk}"))
            if access.is_staff
            else None
        )
    context = {
        "substitutes": substitutes,
        "change_requests": change_requests,
        "change_form": change_form or (ChangeRequestForm() if steps[session_steps.REQUEST_CHANGE] else None),
        "changes_since": _changes_since(meeting, minutes),
        "meeting": meeting,
        "minutes": minutes,
        "doc": minutes.document,
        "steps": steps,
        "step_reasons": session_steps.reasons(access, meeting, minutes) if access.is_staff else {},
        "own_signatures": [
            minutes.signatures[a.attendance_id]
            for a in own_attendees
            if a.attendance_id in minutes.signatures
        ],
        "own_attendees": own_attendees,
        "sign_form": sign_form
        or (SignForm(attendees=minutes.unsigned_for(access)) if steps[session_steps.SIGN] else None),
        "paper_form": PaperSignatureForm(unsigned=minutes.unsigned)
        if steps[session_steps.RECORD_PAPER]
        else None,
        "correction_form": CorrectionForm() if steps[session_steps.CORRECT] else None,
        "final_revisions": list(readable_final_revisions(access, meeting)),
        "correction_open": meeting.is_editable and meeting.revisions.final().exists(),
        "minutes_html": minutes_fragment(minutes),
        "withdraw_loses": {
            "signatures": len(minutes.signatures),
            "scans": sum(bool(signature.scan) for signature in minutes.signatures.values()),
        },
        "mail_reports": mail.reports_for_page(access.group, meeting.get_absolute_url())
        if access.is_staff
        else [],
        # Who a click would reach, counted before it (``secretariat.notifications.reach_of_*``).
        "circulate_reach": revisions.reach_of_signers(meeting, minutes.document.signers)
        if steps[session_steps.CIRCULATE]
        else None,
        "members_not_listed": meeting.members_not_in_attendance() if steps[session_steps.CIRCULATE] else [],
        "remind_reach": revisions.reach_of_signers(meeting, minutes.unsigned)
        if steps[session_steps.REMIND]
        else None,
    }
    return render_for_group(request, access, "meetings/minutes.html", context, status=status)


def _changes_since(meeting: Meeting, minutes) -> dict | None:
    """Minutes that went back to draft and out again: what changed, and who signs again."""
    revision = minutes.revision
    if not meeting.is_circulated or revision is None or not revision.previous_content or not revision.content:
        return None
    return {
        "lines": diff.differences(revision.previous_content, revision.content),
        "signed_before": revision.previous_signers,
    }


def minutes_fragment(minutes) -> SafeString:
    """The minutes document as HTML, rendered once per content and language and then taken from
    the cache: a long session's minutes cost more to render than everything else on its page."""
    key = f"minutes-html:{document_key('minutes-html', minutes.fingerprint)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "meetings/_minutes_document.html", {"minutes": minutes, "doc": minutes.document}
        )
        cache.set(key, html, MINUTES_HTML_SECONDS)
    return mark_safe(html)


@login_required
@kept_for_reader
def minutes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A session's page: its preparation while planned, its minutes once held. Staff may read a
    planned session's minutes as drafted so far (``?minutes=1``)."""
    access, meeting = get_meeting_for_user(request, slug, number)
    if meeting.is_planned and not (access.is_staff and request.GET.get("minutes")):
        return planned_page(request, access, meeting)
    if not readable(access, meeting).has_minutes:
        return render_for_group(request, access, "meetings/being_drafted.html", {"meeting": meeting})
    return minutes_page(request, access, meeting)


@login_required
@kept_for_reader
def minutes_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """The minutes as PDF, made once per content: a signed revision's sealed file, or the draft
    (or legacy-published minutes) as stored for what they show now."""
    access, meeting = get_meeting_for_user(request, slug, number)
    found = readable(access, meeting)
    if not found.has_minutes:
        raise Http404
    if found.revision is not None and found.revision.is_final:
        return _signed_pdf(request, found.revision)  # no reading of the minutes needed: it is sealed
    document = _stored_reading("minutes-pdf", meeting, found, lambda reading: stored_minutes_pdf(reading))
    ascii_name, persian_name = _draft_download_names(meeting, found)
    return document_response(request, document, ascii_name=ascii_name, unicode_name=persian_name)


@login_required
@kept_for_reader
def minutes_docx(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    """The same reading of the minutes as a right-to-left Word file, to put on a letterhead."""
    access, meeting = get_meeting_for_user(request, slug, number)
    found = readable(access, meeting)
    if not found.has_minutes:
        raise Http404
    document = _stored_reading(
        "minutes-docx",
        meeting,
        found,
        lambda reading: stored_file(
            "minutes-docx",
            fingerprint=f"{reading.fingerprint}:{meeting.working_group.word_font}",
            make=lambda: minutes_docx_bytes(reading),
            content_type=DOCX,
        ),
    )
    ascii_name, persian_name = _draft_download_names(meeting, found)
    return document_response(
        request,
        document,
        ascii_name=ascii_name.replace(".pdf", ".docx"),
        unicode_name=persian_name.replace(".pdf", ".docx"),
    )


def _stored_reading(
    kind: str, meeting: Meeting, found: Readable, make: Callable[[MinutesView], StoredDocument]
) -> StoredDocument:
    """The stored file of a reading of the minutes, found by a cheap key — the data version, the
    session, the revision read, the language — without reading the minutes again; the reading
    (``minutes_view``) is built, and the file found or made by what it shows, only for a new key."""
    token = data_version.current()
    key = ":".join(
        [kind, str(token), str(meeting.pk), str(found.revision.pk if found.revision else ""), get_language()]
    )
    if token is not None:
        known = cache.get(key)
        if known is not None:
            document = StoredDocument.objects.filter(pk=known).first()
            if document is not None and document.is_ready:
                return document
    document = make(minutes_view(meeting, found.revision))
    if token is not None and document.is_ready:
        cache.set(key, document.pk, MINUTES_HTML_SECONDS)
    return document


def _draft_download_names(meeting: Meeting, found: Readable) -> tuple[str, str]:
    ascii_name, persian_name = pdf_download_name(meeting)
    is_draft = not found.revision.is_final if found.revision is not None else not meeting.is_signed
    if is_draft:
        ascii_name = ascii_name.replace(".pdf", "-draft.pdf")
        persian_name = persian_name.replace(".pdf", "-پیش‌نویس.pdf")
    return ascii_name, persian_name


def _signed_pdf(request: HttpRequest, revision: MinutesRevision) -> HttpResponseBase:
    """The sealed PDF as stored; while the worker makes it, a page that waits for it."""
    ascii_name, persian_name = pdf_download_name(revision.meeting)
    if revision.number > 1:
        ascii_name = ascii_name.replace(".pdf", f"-r{revision.number}.pdf")
        persian_name = persian_name.replace(".pdf", f"-اصلاحیه-{to_persian_digits(revision.number)}.pdf")
    if not revision.pdf:
        if not can_have_signed_pdf(revision):
            raise Http404
        if signed_pdf_stalled(revision):
            tasks.queue_signed_pdf(revision)
            revision.refresh_from_db()
        if not revision.pdf:
            return preparing_page(
                request,
                file_name=persian_name,
                asked_at=revision.job_queued_at or revision.finalized_at or timezone.now(),
                running=revision.job_status == JobStatus.RUNNING,
                failed=revision.job_failed,
                retry_page=revision.meeting.get_absolute_url(),
            )
    if not stored_pdf_is_whole(revision):
        return damaged_file_page(request, file_name=persian_name)
    response = stored_file_response(
        request,
        revision.pdf,
        etag=revision.sha256,
        modified=revision.finalized_at,
        content_type="application/pdf",
        ascii_name=ascii_name,
        unicode_name=persian_name,
    )
    response["X-Content-SHA256"] = revision.sha256
    return response


@login_required
@kept_for_reader
def revision_pdf(request: HttpRequest, slug: str, number: int, revision: int) -> HttpResponseBase:
    """An earlier (or the latest) signed revision of the minutes, as stored."""
    access, meeting = get_meeting_for_user(request, slug, number)
    found = readable_final_revisions(access, meeting).filter(number=revision).first()
    if found is None:
        raise Http404
    return _signed_pdf(request, found)


def _attendance_data(formset) -> dict:
    """The attendance rows as the editor shows them (posted, or as stored), in the posted shape."""
    if formset.is_bound:
        return formset.data
    data: dict[str, Any] = {"attendance-TOTAL_FORMS": len(formset.forms)}
    for index, form in enumerate(formset.forms):
        data[f"attendance-{index}-kind"] = form.initial.get("kind", "")
        data[f"attendance-{index}-organization"] = form.initial.get("organization") or ""
    return data


@login_required
@require_POST
def editor_quorum(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The quorum line of the editor for the attendance as typed, counted by the server."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    found = editor.posted_quorum(meeting.working_group, request.POST)
    return render(
        request, "meetings/_quorum_status.html", {"quorum": found, "group": access.group, "meeting": meeting}
    )


@login_required
def edit_minutes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    if not meeting.is_editable:
        return render_for_group(
            request, access, "meetings/not_editable.html", {"meeting": meeting}, status=409
        )
    data = request.POST if request.method == "POST" else None
    restored = drafts.draft_for(access, meeting) if data is None else None
    header = MeetingHeaderForm(data or (drafts.form_data(restored) if restored else None), instance=meeting)
    formsets = make_formsets(meeting, data or (drafts.form_data(restored) if restored else None))
    conflict = None
    errors: list = []
    if (
        data is not None
        and header.is_valid()
        and all(formset.is_valid() for formset in formsets.values())
        and editor.check_votes(formsets)
    ):
        try:
            minutes_actions.save_minutes(access, meeting, minutes_values(header, formsets))
        except session_actions.EditConflict:
            conflict = _conflict_context(meeting, header)
        except session_actions.NotEditable:
            return redirect("meetings:edit", slug, number)
        else:
            drafts.discard_draft(access, meeting)
            messages.success(request, _("The minutes were saved."))
            if "preview" in request.POST:
                minutes_url = reverse("meetings:minutes", args=[slug, number])
                return redirect(f"{minutes_url}?minutes=1" if meeting.is_planned else minutes_url)
            return redirect("meetings:edit", slug, number)
    elif data is not None:
        errors = editor.editor_errors(header, formsets)
    context = {
        "meeting": meeting,
        "header": header,
        "formsets": formsets,
        "conflict": conflict,
        "errors": errors,
        "sections": editor.sections(formsets, errors),
        "restored_draft": restored,
        "people_defaults": editor.people_defaults(person_queryset(meeting.working_group)),
        "quorum": editor.posted_quorum(meeting.working_group, _attendance_data(formsets["attendance"])),
        "collapse_resolutions": len(formsets["resolutions"].forms) > 3,
        "decision_verbs": DECISION_VERBS,
        "meeting_has_attendance": formsets["attendance"].initial_form_count() > 0,
        "reply_count": meeting.attendance_replies.count(),
        "members_not_listed": meeting.members_not_in_attendance(),
        "people_form": QuickPersonForm(prefix="new-person", group=access.group),
        "organization_form": QuickOrganizationForm(prefix="new-organization"),
    }
    return render_for_group(request, access, "meetings/editor.html", context, status=409 if conflict else 200)


def _conflict_context(meeting: Meeting, header: MeetingHeaderForm) -> dict:
    """What someone else saved meanwhile, and a header that lets the user save over it knowingly."""
    saved = Meeting.objects.select_related(
        "working_group", "host_organization", "chair", "last_changed_by"
    ).get(pk=meeting.pk)
    posted = QueryDict(mutable=True)
    posted.update(header.data)
    posted[header.add_prefix("version")] = saved.version
    header.data = posted
    return {"saved": minutes_view(saved), "saved_by": saved.last_changed_by, "saved_at": saved.updated_at}


@login_required
@require_POST
def record_absent_members(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Record as absent the member organizations the attendance does not name."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        recorded = minutes_actions.record_absent_members(access, meeting)
    except StepRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:edit", slug, number)
    if not recorded:  # say what happened, not «۰ … recorded»
        messages.info(request, _("Every member organization is already in the attendance."))
        return redirect(reverse("meetings:edit", args=[slug, number]) + "#section-attendance")
    messages.success(
        request,
        ngettext(
            "%(count)s member organization was recorded as absent.",
            "%(count)s member organizations were recorded as absent.",
            len(recorded),
        )
        % {"count": localize_digits(len(recorded))},
    )
    return redirect(reverse("meetings:edit", args=[slug, number]) + "#section-attendance")


@login_required
@require_POST
def autosave(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Keep what the editor's user has typed and not saved (the editor posts it every few seconds)."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        draft = drafts.save_draft(access, meeting, request.POST)
    except StepRefused:
        return HttpResponse(status=409)
    response = HttpResponse(status=204)
    response["X-Autosaved-At"] = format_jalali_datetime(draft.saved_at)
    return response


@login_required
@require_POST
def discard_draft(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Throw away the autosaved form and show the minutes as saved."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    drafts.discard_draft(access, meeting)
    messages.info(request, _("The unsaved changes were discarded."))
    return redirect("meetings:edit", slug, number)


@login_required
@require_POST
def mark_held(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The planned session took place: on to writing its minutes."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        minutes_actions.mark_held(access, meeting)
    except StepRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting.get_absolute_url())
    messages.success(request, _("The session is marked as held; write its minutes here."))
    return redirect("meetings:edit", slug, number)


@login_required
@require_POST
def add_person(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a person from the editor (htmx) and answer with the new ``<option>``."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = QuickPersonForm(request.POST, prefix="new-person", group=access.group)
    if not form.is_valid():
        return render_for_group(
            request, access, "meetings/_quick_person_form.html", {"people_form": form}, status=422
        )
    person = core_actions.add_person(access, **form.cleaned_data)
    response = render_for_group(
        request,
        access,
        "meetings/_quick_created.html",
        {
            "value": person.pk,
            # As every list of people shows one: with the organization, once chosen to fill a row.
            "label": PersonChoiceField.label_for(person),
            "organization": person.organization_id or "",
            "position": person.position,
            "kind": "person",
            "people_form": QuickPersonForm(prefix="new-person", group=access.group),
        },
    )
    response["HX-Trigger"] = "person-created"
    return response


@login_required
@require_POST
def add_organization(request: HttpRequest, slug: str) -> HttpResponse:
    """Create an organization from the editor (htmx) and answer with the new ``<option>``."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = QuickOrganizationForm(request.POST, prefix="new-organization")
    if not form.is_valid():
        return render_for_group(
            request, access, "meetings/_quick_organization_form.html", {"organization_form": form}, status=422
        )
    organization = core_actions.add_organization(access, **form.cleaned_data)
    response = render_for_group(
        request,
        access,
        "meetings/_quick_created.html",
        {
            "value": organization.pk,
            "label": organization.name,
            "kind": "organization",
            "organization_form": QuickOrganizationForm(prefix="new-organization"),
        },
    )
    response["HX-Trigger"] = "organization-created"
    return response


@login_required
def history(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    resolution_id = request.GET.get("resolution", "")
    changes = meeting_history(meeting, resolution_id=int(resolution_id) if resolution_id.isdigit() else None)
    return render_for_group(
        request, access, "meetings/history.html", {"meeting": meeting, "changes": changes}
    )
