"""Session pages: the working group, a new session, the minutes (HTML, PDF), the editor and its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.models import Committee
from meetings import actions, drafts, editor
from meetings.access import get_meeting_for_user, readable_final_revisions, reading_for
from meetings.forms import (
    DayForm,
    DayFormSet,
    MeetingHeaderForm,
    QuickOrganizationForm,
    QuickPersonForm,
    SessionCreateForm,
    make_formsets,
)
from meetings.history import meeting_history
from meetings.home import organization_page, staff_desk, staff_groups
from meetings.minutes import minutes_view
from meetings.models import Meeting, MeetingDay, MinutesRevision
from meetings.pdf import pdf_download_name, stored_minutes_pdf
from meetings.planning_views import planned_page
from meetings.signing import can_have_signed_pdf, queue_signed_pdf, signed_pdf_stalled, stored_pdf_is_whole
from meetings.word import minutes_docx as minutes_docx_bytes
from meetings.workflow import WorkflowError
from meetings.workflow_views import minutes_page
from resolutions.models import DECISION_VERBS, Resolution
from secretariat import actions as core_actions
from secretariat.access import Role, get_group_for_user, groups_for_user
from secretariat.documents import DOCX, damaged_file_page, document_response, preparing_page, stored_file
from secretariat.downloads import stored_file_response
from secretariat.models import JobStatus
from secretariat.pages import render_for_group
from secretariat.persian import format_jalali_datetime, localize_digits, to_persian_digits

OPEN_RESOLUTIONS_ON_GROUP_PAGE = 15


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their working groups and sessions; a member user lands on its organization's page."""
    accesses = groups_for_user(request.user)
    pages = [organization_page(access) for access in accesses if access.is_member and access.organization]
    for page in pages:
        if page.calendar_feed is not None:
            page.calendar_url = request.build_absolute_uri(
                reverse("resolutions:organization_calendar", args=[page.group.slug, page.calendar_feed.token])
            )
    context = {
        "accesses": accesses,
        "staff_groups": staff_groups(accesses),
        "desks": [staff_desk(access) for access in accesses if access.is_staff],
        "organization_pages": pages,
    }
    if len(accesses) == 1:  # the group's menu, for the common case of one working group
        context.update(access=accesses[0], group=accesses[0].group)
    return render(request, "meetings/home.html", context)


@login_required
def group(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    meetings = Meeting.objects.visible_to(access).with_listing_data().order_by("-number")
    resolutions = (
        Resolution.objects.open().filter(meeting__in=meetings).with_listing_data().with_next_meeting()
    )
    if access.is_member:
        resolutions = resolutions.for_organization(access.organization)
    context = {
        "meetings": list(meetings),
        "committees": list(Committee.objects.for_group(access.group).with_current_assignments()),
        "open_resolutions": list(
            resolutions.order_by("deadline_date", "meeting__number", "number")[
                :OPEN_RESOLUTIONS_ON_GROUP_PAGE
            ]
        ),
        "open_resolution_count": resolutions.count(),
    }
    return render_for_group(request, access, "meetings/group.html", context)


def _day_formset(data=None, instance=None):
    day_set = inlineformset_factory(
        Meeting, MeetingDay, form=DayForm, formset=DayFormSet, extra=0, can_delete=True
    )
    return day_set(data, instance=instance or Meeting(), prefix="days")


@login_required
def create_session(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = SessionCreateForm(
        request.POST or None,
        group=access.group,
        initial={"number": actions.next_session_number(access.group)},
    )
    days = _day_formset(request.POST or None)
    valid = request.method == "POST" and form.is_valid() & days.is_valid()  # both, for every error
    kept: list = []
    if request.method == "POST" and days.is_valid():
        kept = [
            d.cleaned_data["date"]
            for d in days.forms
            if d.cleaned_data.get("date") and not d.cleaned_data.get("DELETE")
        ]
        form.require_a_date(has_days=bool(kept))
        valid = valid and not form.errors
    if valid:
        meeting = actions.create_session(
            access,
            number=form.cleaned_data["number"],
            fields=form.meeting_fields(),
            days=kept,
            sittings=form.cleaned_data.get("sittings", []),
        )
        messages.success(
            request,
            _("Session %(number)s was created. Write its minutes here.")
            % {"number": localize_digits(meeting.number)},
        )
        return redirect("meetings:edit", access.group.slug, meeting.number)
    return render_for_group(request, access, "meetings/session_form.html", {"form": form, "days": days})


@login_required
def minutes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A session's page: its preparation while planned, its minutes once held. Staff may read a
    planned session's minutes as drafted so far (``?minutes=1``)."""
    access, meeting = get_meeting_for_user(request, slug, number)
    if meeting.is_planned and not (access.is_staff and request.GET.get("minutes")):
        return planned_page(request, access, meeting)
    return minutes_page(request, access, meeting)


@login_required
def minutes_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The minutes as PDF, made once per content: a signed revision's sealed file, or the draft
    (or legacy-published minutes) as stored for what they show now."""
    access, meeting = get_meeting_for_user(request, slug, number)
    reading = reading_for(access, meeting)
    if reading.revision is not None and reading.revision.is_final:
        return _signed_pdf(request, reading.revision)
    ascii_name, persian_name = _draft_download_names(reading)
    return document_response(
        request, stored_minutes_pdf(reading), ascii_name=ascii_name, unicode_name=persian_name
    )


@login_required
def minutes_docx(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The same reading of the minutes as a right-to-left Word file, to put on a letterhead."""
    access, meeting = get_meeting_for_user(request, slug, number)
    reading = reading_for(access, meeting)
    document = stored_file(
        "minutes-docx",
        fingerprint=reading.fingerprint,
        make=lambda: minutes_docx_bytes(reading),
        content_type=DOCX,
    )
    ascii_name, persian_name = _draft_download_names(reading)
    return document_response(
        request,
        document,
        ascii_name=ascii_name.replace(".pdf", ".docx"),
        unicode_name=persian_name.replace(".pdf", ".docx"),
    )


def _draft_download_names(reading) -> tuple[str, str]:
    ascii_name, persian_name = pdf_download_name(reading.meeting)
    if reading.is_draft:
        ascii_name = ascii_name.replace(".pdf", "-draft.pdf")
        persian_name = persian_name.replace(".pdf", "-پیش‌نویس.pdf")
    return ascii_name, persian_name


def _signed_pdf(request: HttpRequest, revision: MinutesRevision) -> HttpResponse:
    """The sealed PDF as stored; while the worker makes it, a page that waits for it."""
    ascii_name, persian_name = pdf_download_name(revision.meeting)
    if revision.number > 1:
        ascii_name = ascii_name.replace(".pdf", f"-r{revision.number}.pdf")
        persian_name = persian_name.replace(".pdf", f"-اصلاحیه-{to_persian_digits(revision.number)}.pdf")
    if not revision.pdf:
        if not can_have_signed_pdf(revision):
            raise Http404
        if signed_pdf_stalled(revision):
            queue_signed_pdf(revision)
            revision.refresh_from_db()
        if not revision.pdf:
            return preparing_page(
                request,
                file_name=persian_name,
                asked_at=revision.job_queued_at or revision.finalized_at,
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
def revision_pdf(request: HttpRequest, slug: str, number: int, revision: int) -> HttpResponse:
    """An earlier (or the latest) signed revision of the minutes, as stored."""
    access, meeting = get_meeting_for_user(request, slug, number)
    found = readable_final_revisions(access, meeting).filter(number=revision).first()
    if found is None:
        raise Http404
    return _signed_pdf(request, found)


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
            actions.save_minutes(access, meeting, header=header, formsets=formsets)
        except actions.EditConflict:
            conflict = _conflict_context(meeting, header)
        except actions.NotEditable:
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
        "people_defaults": editor.people_defaults(),
        "quorum_settings": editor.quorum_settings(meeting.working_group),
        "collapse_resolutions": len(formsets["resolutions"].forms) > 3,
        "decision_verbs": DECISION_VERBS,
        "meeting_has_attendance": formsets["attendance"].initial_form_count() > 0,
        "reply_count": meeting.attendance_replies.count(),
        "people_form": QuickPersonForm(prefix="new-person"),
        "organization_form": QuickOrganizationForm(prefix="new-organization"),
    }
    return render_for_group(request, access, "meetings/editor.html", context, status=409 if conflict else 200)


def _conflict_context(meeting: Meeting, header: MeetingHeaderForm) -> dict:
    """What someone else saved meanwhile, and a header that lets the user save over it knowingly."""
    saved = Meeting.objects.select_related(
        "working_group", "host_organization", "chair", "last_changed_by"
    ).get(pk=meeting.pk)
    header.data = header.data.copy()
    header.data[header.add_prefix("version")] = saved.version
    return {"saved": minutes_view(saved), "saved_by": saved.last_changed_by, "saved_at": saved.updated_at}


@login_required
@require_POST
def autosave(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Keep what the editor's user has typed and not saved (the editor posts it every few seconds)."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        draft = drafts.save_draft(access, meeting, request.POST)
    except WorkflowError:
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
def delete_session(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Delete a planned session that will not take place; held sessions are never deleted."""
    access, meeting = get_meeting_for_user(request, slug, number, write=True)
    try:
        actions.delete_planned_session(access, meeting)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:edit", slug, number)
    messages.success(request, _("Session %(number)s was deleted.") % {"number": localize_digits(number)})
    return redirect("meetings:group", slug)


@login_required
@require_POST
def add_person(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a person from the editor (htmx) and answer with the new ``<option>``."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = QuickPersonForm(request.POST, prefix="new-person")
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
            "label": person.formal_name,
            "kind": "person",
            "people_form": QuickPersonForm(prefix="new-person"),
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
