"""The home page and a working group's page."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from committees.models import Committee
from meetings.home import DUE_SOON_DAYS, organization_page, staff_desk, staff_groups
from meetings.models import Meeting
from resolutions.models import Resolution
from secretariat.access import get_group_for_user, groups_for_user
from secretariat.pages import render_for_group
from secretariat.read_cache import kept_for_reader

OPEN_RESOLUTIONS_ON_GROUP_PAGE = 15


def _latest_activity(page) -> datetime.date:
    """When a member's group last met or next meets, as far as its page knows."""
    days = [meeting.first_date for meeting in page.published if meeting.first_date]
    if page.next_session is not None:
        coming = page.next_session.meeting
        days.append(coming.first_date or coming.approximate_date or datetime.date.min)
    days += [meeting.first_date for meeting in page.awaiting_signature if meeting.first_date]
    return max(days, default=datetime.date.min)


@login_required
@kept_for_reader
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their working groups and sessions; a member user lands on its organization's page."""
    accesses = groups_for_user(request.user)
    pages = [organization_page(access) for access in accesses if access.is_member and access.organization]
    pages.sort(key=_latest_activity, reverse=True)  # the group at work now first, an archive last
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
        "due_soon_days": DUE_SOON_DAYS,
    }
    if len(accesses) == 1:  # the group's menu, for the common case of one working group
        context.update(access=accesses[0], group=accesses[0].group)
    return render(request, "meetings/home.html", context)


@login_required
@kept_for_reader
def group(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    meetings = Meeting.objects.visible_to(access).with_listing_data().order_by("-number")
    resolutions = (
        Resolution.objects.visible_to(access).open().in_force().with_listing_data().with_next_meeting()
    )
    if access.is_member and access.organization is not None:
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
