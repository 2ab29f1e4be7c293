"""The resolution tracker, its Excel export, follow-up reports and their review, and calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from resolutions import actions
from resolutions.access import (
    get_calendar_feed_for_token,
    get_follow_up_for_user,
    get_member_access,
    get_reportable_resolution_for_user,
    get_resolution_for_user,
)
from resolutions.calendar import calendar_for
from resolutions.export import resolutions_workbook
from resolutions.forms import (
    ExtensionDecisionForm,
    ExtensionForm,
    FollowUpForm,
    ReviewForm,
    TrackerFilterForm,
)
from resolutions.models import FollowUp, Resolution, ResolutionQuerySet
from resolutions.steps import REPORT, RESOLUTION_STEPS, member_organization
from secretariat.access import GroupAccess, get_group_for_user
from secretariat.downloads import content_disposition, private_file
from secretariat.pages import render_for_group, safe_next
from secretariat.persian import format_jalali, to_ascii_digits, to_persian_digits
from secretariat.read_cache import kept_for_reader
from secretariat.uploads import format_size, max_upload_bytes

PAGE_SIZE = 25


def _selection(request: HttpRequest, access: GroupAccess) -> tuple[TrackerFilterForm, ResolutionQuerySet]:
    """The tracker's filter form and the resolutions it selects, as the user may see them."""
    form = TrackerFilterForm(request.GET, access=access)
    form.is_valid()  # a wrong filter shows its error and is left out; the others still apply
    resolutions = (
        form.filter(Resolution.objects.visible_to(access))
        .with_listing_data()
        .with_committee_assignments()
        .with_next_meeting()
        .order_by("-meeting__number", "number")
    )
    return form, resolutions


@login_required
@kept_for_reader
def tracker(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    form, resolutions = _selection(request, access)
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (resolution, resolution.involvement_of(access.organization) if access.organization else None)
        for resolution in page
    ]
    return render_for_group(
        request,
        access,
        "resolutions/tracker.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "today": timezone.localdate(),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    form, resolutions = _selection(request, access)
    content = resolutions_workbook(access.group, resolutions.with_latest_report(), filters=form.description())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = format_jalali(timezone.localdate(), "short").replace("/", "-")
    response["Content-Disposition"] = content_disposition(
        f"resolutions-{access.group.slug}-{to_ascii_digits(stamp)}.xlsx",
        f"مصوبات-{to_persian_digits(stamp)}.xlsx",
        attachment=True,
    )
    return response


def _render_detail(
    request: HttpRequest,
    access: GroupAccess,
    resolution: Resolution,
    *,
    review_forms: dict[int, ReviewForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    follow_ups = list(
        FollowUp.objects.visible_to(access).filter(resolution=resolution).with_listing_data().order_by("-pk")
    )
    review_forms = review_forms or {}
    if access.is_staff:
        for follow_up in follow_ups:
            if follow_up.is_awaiting_review and follow_up.pk not in review_forms:
                review_forms[follow_up.pk] = ReviewForm(prefix=f"review-{follow_up.pk}")
    involvement = resolution.involvement_of(access.organization) if access.organization else None
    steps = RESOLUTION_STEPS.available(access, resolution)
    extensions = resolution.extension_requests.select_related("organization", "decided_by__person").order_by(
        "-created_at"
    )
    if not access.is_staff:
        extensions = extensions.filter(organization=access.organization)
    return render_for_group(
        request,
        access,
        "resolutions/detail.html",
        {
            "resolution": resolution,
            "involvement": involvement,
            "today": timezone.localdate(),
            "steps": steps,
            "step_reasons": RESOLUTION_STEPS.reasons(access, resolution),
            "extensions": [
                (
                    extension,
                    ExtensionDecisionForm(prefix=f"extension-{extension.pk}")
                    if steps["decide_extension"] and extension.is_pending
                    else None,
                )
                for extension in extensions
            ],
            "extension_form": ExtensionForm() if steps["ask_extension"] else None,
            "follow_ups": [(follow_up, review_forms.get(follow_up.pk)) for follow_up in follow_ups],
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, resolution = get_resolution_for_user(request, slug, pk)
    return _render_detail(request, access, resolution)


@login_required
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member organization files a follow-up report on one of its resolutions."""
    access, resolution = get_reportable_resolution_for_user(request, slug, pk)
    refusal = RESOLUTION_STEPS.refusal(REPORT, access, resolution)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    if refusal is not None:
        assert isinstance(refusal, ValidationError)  # the others are StepRefused (secretariat.steps)
        messages.info(request, " ".join(refusal.messages))
        return redirect(resolution.get_tracker_url())
    form = FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actions.file_follow_up(
            access,
            resolution,
            text=form.cleaned_data["text"],
            proposed_status=form.cleaned_data["proposed_status"],
            progress=form.cleaned_data.get("progress"),
            next_report_on=form.cleaned_data.get("next_report_on"),
            attachment=form.cleaned_data.get("attachment"),
        )
        messages.success(request, _("Your report was sent to the secretariat for review."))
        return redirect(resolution.get_tracker_url())
    return render_for_group(
        request,
        access,
        "resolutions/report_form.html",
        {
            "resolution": resolution,
            "involvement": resolution.involvement_of(member_organization(access)),
            "form": form,
            "max_upload": format_size(max_upload_bytes()),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff accept a report or return it with a comment."""
    access, follow_up = get_follow_up_for_user(request, slug, pk, review=True)
    form = ReviewForm(request.POST, prefix=f"review-{follow_up.pk}")
    if not form.is_valid():
        _access, resolution = get_resolution_for_user(request, slug, follow_up.resolution_id)
        return _render_detail(request, access, resolution, review_forms={follow_up.pk: form}, status=400)
    try:
        if form.cleaned_data["decision"] == ReviewForm.ACCEPT:
            follow_up = actions.accept_follow_up(access, follow_up, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was accepted."))
        else:
            actions.return_follow_up(access, follow_up, comment=form.cleaned_data["comment"])
            messages.success(request, _("The report was returned to the organization."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(safe_next(request, follow_up.resolution.get_tracker_url()))


@login_required
def follow_ups(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: the reports awaiting review, then the reviewed ones. Members: their organization's reports."""
    access = get_group_for_user(request, slug)
    reports = FollowUp.objects.visible_to(access).with_listing_data()
    if not access.is_staff:
        reports = reports.filter(organization=access.organization)
    reports = reports.order_by("-created_at", "-pk")
    awaiting = list(reports.awaiting_review()) if access.is_staff else []
    reviewed = reports.exclude(pk__in=[report.pk for report in awaiting])
    page = Paginator(reviewed, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render_for_group(
        request,
        access,
        "resolutions/follow_ups.html",
        {"awaiting": awaiting, "page": page},
    )


@login_required
def attachment(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A report's attachment, only to those who may read the report; never from a public media URL."""
    _access, follow_up = get_follow_up_for_user(request, slug, pk)
    return private_file(follow_up.attachment, follow_up.attachment_name, f"follow-up-{follow_up.pk}")


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def group_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    content = calendar_for(access, name=access.group.name)
    return _calendar_response(content, f"{access.group.slug}.ics")


@never_cache
def organization_calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """An organization's feed for calendar apps, which cannot log in: the secret token is the key."""
    access, feed = get_calendar_feed_for_token(slug, token)
    name = f"{access.group.name} — {feed.organization.display_name}"
    return _calendar_response(calendar_for(access, name=name), f"{access.group.slug}.ics")


@login_required
@require_POST
def renew_calendar_link(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the organization's secret calendar address, or replace it when it has leaked."""
    access = get_member_access(request, slug)
    _feed, created = actions.renew_calendar_feed(access)
    if created:
        messages.success(request, _("Your organization's calendar address is ready."))
    else:
        messages.success(request, _("A new calendar address was made; the old one no longer works."))
    return redirect(reverse("home") + "#calendar")
