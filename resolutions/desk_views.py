"""The secretariat's desk beyond the tracker: progress with charts, information requests and their
booklet, and deadline extensions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolutions import actions, charts, tasks
from resolutions.access import (
    get_extension_for_user,
    get_information_request_for_user,
    get_reportable_resolution_for_user,
)
from resolutions.booklet import answers_workbook, sections
from resolutions.forms import (
    AnswerForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FactFormSet,
    InformationRequestForm,
)
from resolutions.models import InformationRequest
from resolutions.progress import group_progress
from resolutions.request_facts import FactKind
from resolutions.steps import REQUEST_STEPS
from secretariat import jobs, mail
from secretariat.access import GroupAccess, Role, get_group_for_user
from secretariat.documents import document_response, preparing_page, stored_pdf
from secretariat.downloads import content_disposition, private_file, stored_file_response
from secretariat.models import JobStatus, Organization
from secretariat.notifications import reach_of_organizations
from secretariat.pages import render_for_group, say_delivered
from secretariat.persian import format_jalali, localize_digits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# ---------------------------------------------------------------------------
# Progress


def _progress_context(access: GroupAccess) -> dict:
    progress = group_progress(access)
    progress.total.label = access.group.name
    organizations_title = _("Resolutions per organization")
    return {
        "progress": progress,
        "totals": [progress.total],
        "organization_chart": charts.bars(progress.organizations, title=organizations_title),
        "committee_chart": charts.bars(progress.committees, title=_("Resolutions per committee")),
        "trend_chart": charts.trend(
            progress.sessions, title=_("Resolutions of each session, by where they stand")
        ),
    }


@login_required
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    return render_for_group(request, access, "resolutions/progress.html", _progress_context(access))


@login_required
def progress_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The same figures as a printable report, to read at the start of a session."""
    access = get_group_for_user(request, slug)
    context = {
        "access": access,
        "group": access.group,
        "today": timezone.localdate(),
        **_progress_context(access),
    }
    document = stored_pdf("progress", html=lambda: render_to_string("resolutions/progress_pdf.html", context))
    return document_response(
        request,
        document,
        ascii_name=f"progress-{access.group.slug}.pdf",
        unicode_name=f"گزارش-پیشرفت-{format_jalali(timezone.localdate(), 'short').replace('/', '-')}.pdf",
    )


# ---------------------------------------------------------------------------
# Information requests


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    found = (
        InformationRequest.objects.for_group(access.group)
        .select_related("resolution__meeting")
        .prefetch_related("recipients", "answers")
        .order_by("-created_at", "-pk")
    )
    if not access.is_staff:
        found = found.filter(recipients=access.organization) if access.organization else found.none()
    rows = []
    for item in found:
        answered = {answer.organization_id for answer in item.answers.all()}
        recipients = list(item.recipients.all())
        own = access.organization.pk in answered if access.organization else False
        rows.append((item, len(answered), len(recipients), own))
    return render_for_group(
        request, access, "resolutions/requests.html", {"rows": rows, "today": timezone.localdate()}
    )


@login_required
def new_request(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    form = InformationRequestForm(request.POST or None, request.FILES or None, access=access)
    facts = FactFormSet(request.POST or None, prefix="facts")
    if request.method == "POST" and form.is_valid() and facts.is_valid():
        data = form.cleaned_data
        try:
            created, delivery = actions.ask_for_information(
                access,
                title=data["title"],
                question=data["question"],
                deadline=data["deadline"],
                recipients=list(data["recipients"]),
                fields=facts.facts,
                resolution=data["resolution"],
                attachment=data.get("attachment"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            say_delivered(request, delivery, _("The request was sent."))
            return redirect(created.get_absolute_url())
    return render_for_group(
        request,
        access,
        "resolutions/request_form.html",
        {"form": form, "facts": facts, "fact_kinds": FactKind},
        status=400 if request.method == "POST" else 200,
    )


def _request_page(
    request: HttpRequest, access: GroupAccess, item: InformationRequest, *, answer_form=None, status=200
):
    answers = {
        answer.organization_id: answer
        for answer in item.answers.select_related("organization", "answered_by")
    }
    recipients = list(item.recipients.order_by("name"))
    own = answers.get(access.organization.pk) if access.organization else None
    steps = REQUEST_STEPS.available(access, item)
    if answer_form is None and steps["answer"]:
        answer_form = AnswerForm(facts=item.facts, answer=own)
    context = {
        "item": item,
        "steps": steps,
        "rows": [(organization, answers.get(organization.pk)) for organization in recipients],
        "own_answer": own,
        "answer_form": answer_form,
        "late": item.is_open and item.deadline < timezone.localdate(),
        "booklet_sections": [section.answer.organization for section in sections(item)]
        if access.is_staff
        else [],
        "mail_reports": mail.reports_for_page(access.group, item.get_absolute_url())
        if access.is_staff
        else [],
        "remind_reach": reach_of_organizations(actions.unanswered(item)) if steps["remind"] else None,
        "booklet_reach": reach_of_organizations(Organization.objects.members_of(access.group))
        if steps["send_booklet"]
        else None,
    }
    return render_for_group(request, access, "resolutions/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, item = get_information_request_for_user(request, slug, pk)
    return _request_page(request, access, item)


@login_required
@require_POST
def answer_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, item = get_information_request_for_user(request, slug, pk)
    form = AnswerForm(request.POST, request.FILES, facts=item.facts)
    if not form.is_valid():
        return _request_page(request, access, item, answer_form=form, status=400)
    try:
        actions.answer_information(
            access,
            item,
            text=form.cleaned_data["text"],
            values=form.cleaned_data["values"],
            attachment=form.cleaned_data.get("attachment"),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your organization's answer was sent to the secretariat."))
    return redirect(item.get_absolute_url())


def _staff_request(request: HttpRequest, slug: str, pk: int) -> tuple[GroupAccess, InformationRequest]:
    access, item = get_information_request_for_user(request, slug, pk)
    if not access.is_staff:
        raise PermissionDenied
    return access, item


@login_required
@require_POST
def remind_request(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, item = _staff_request(request, slug, pk)
    try:
        delivery = actions.remind_unanswered(access, item)
    except ValidationError as error:
        _errors(request, error)
    else:
        say_delivered(request, delivery, _("The organizations that have not answered were reminded."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def compile_booklet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, item = _staff_request(request, slug, pk)
    order = [int(value) for value in request.POST.getlist("order") if value.isdigit()]
    try:
        actions.compile_booklet(access, item, order=order)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The booklet was compiled."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def send_booklet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, item = _staff_request(request, slug, pk)
    try:
        delivery = actions.send_booklet(access, item)
    except ValidationError as error:
        _errors(request, error)
    else:
        say_delivered(request, delivery, _("The booklet was sent to the member organizations."))
    return redirect(item.get_absolute_url())


@login_required
def booklet_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """The booklet as compiled (stored once): for staff, and for every member once sent."""
    access, item = get_information_request_for_user(request, slug, pk)
    if not (access.is_staff or item.status == InformationRequest.Status.SENT):
        raise Http404
    shown_name = f"کتابچه-{item.title}.pdf"
    if not item.booklet:
        if item.status == InformationRequest.Status.OPEN:
            raise Http404
        if jobs.stalled(item):
            tasks.queue_booklet(item)
        return preparing_page(
            request,
            file_name=shown_name,
            asked_at=item.job_queued_at or item.created_at,
            running=item.job_status == JobStatus.RUNNING,
            failed=item.job_failed,
            retry_page=item.get_absolute_url(),
        )
    return stored_file_response(
        request,
        item.booklet,
        etag=f"booklet-{item.pk}-{item.booklet_made_at.timestamp() if item.booklet_made_at else 0}",
        modified=item.booklet_made_at,
        content_type="application/pdf",
        ascii_name=f"booklet-{item.pk}.pdf",
        unicode_name=shown_name,
    )


@login_required
def answers_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    _access, item = _staff_request(request, slug, pk)
    response = HttpResponse(answers_workbook(item), content_type=XLSX)
    stamp = format_jalali(timezone.localdate(), "short").replace("/", "-")
    response["Content-Disposition"] = content_disposition(
        f"answers-{item.pk}.xlsx", f"پاسخ‌ها-{localize_digits(item.pk)}-{stamp}.xlsx", attachment=True
    )
    return response


@login_required
def request_attachment(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    _access, item = get_information_request_for_user(request, slug, pk)
    return private_file(item.attachment, item.attachment_name, f"request-{item.pk}")


@login_required
def answer_attachment(request: HttpRequest, slug: str, pk: int, answer: int) -> HttpResponseBase:
    """An answer's attachment: for staff and for the organization that answered."""
    access, item = get_information_request_for_user(request, slug, pk)
    found = get_object_or_404(item.answers, pk=answer)
    if not access.is_staff and (
        access.organization is None or found.organization_id != access.organization.pk
    ):
        raise Http404
    return private_file(found.attachment, found.attachment_name, f"answer-{found.pk}")


@login_required
def answer_fact_file(request: HttpRequest, slug: str, pk: int, answer: int, index: int) -> HttpResponseBase:
    """The file an organization answered for one fact: for staff and for that organization."""
    access, item = get_information_request_for_user(request, slug, pk)
    found = get_object_or_404(item.answers, pk=answer)
    if not access.is_staff and (
        access.organization is None or found.organization_id != access.organization.pk
    ):
        raise Http404
    facts = item.facts
    if not 0 <= index < len(facts) or facts[index].kind != FactKind.FILE:
        raise Http404
    stored = found.values.get(facts[index].label)
    if not isinstance(stored, dict) or not stored.get("file"):
        raise Http404
    return private_file(
        FieldFile(found, found.attachment.field, stored["file"]),
        stored.get("name", ""),
        f"answer-{found.pk}-{index}",
    )


# ---------------------------------------------------------------------------
# Deadline extensions


@login_required
@require_POST
def request_extension(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, resolution = get_reportable_resolution_for_user(request, slug, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            actions.request_extension(access, resolution, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("Your request for more time was sent to the working group's secretary.")
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect(resolution.get_tracker_url() + "#extensions")


@login_required
@require_POST
def decide_extension(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, extension = get_extension_for_user(request, slug, pk)
    form = ExtensionDecisionForm(request.POST, prefix=f"extension-{extension.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(extension.resolution.get_tracker_url() + "#extensions")
    approve = form.cleaned_data["decision"] == ExtensionDecisionForm.APPROVE
    try:
        delivery = actions.decide_extension(
            access, extension, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        say_delivered(
            request,
            delivery,
            _("The deadline was extended.") if approve else _("The extension was declined."),
        )
    return redirect(extension.resolution.get_tracker_url() + "#extensions")
