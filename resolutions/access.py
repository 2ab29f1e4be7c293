"""Who may see which resolution and follow-up report: one helper per object type.

Every view of ``resolutions`` fetches its object through these; a resolution or report of another
working group, or one the user may not see, is a 404 whatever id or URL it is asked by.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from resolutions.models import CalendarFeed, ExtensionRequest, FollowUp, InformationRequest, Resolution
from secretariat.access import GroupAccess, Role, get_group_for_user, organization_access
from secretariat.models import WorkingGroup


def get_resolution_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[GroupAccess, Resolution]:
    """A resolution of the group whose session the user may see."""
    access = get_group_for_user(request, slug)
    resolutions = Resolution.objects.visible_to(access).with_listing_data().with_committee_assignments()
    return access, get_object_or_404(resolutions.with_next_meeting(), pk=pk)


def get_member_access(request: HttpRequest, slug: str) -> GroupAccess:
    """The group as a member organization's user sees it; 403 to anyone else (staff review, not report)."""
    access = get_group_for_user(request, slug)
    if not access.is_member or access.organization is None:
        raise PermissionDenied
    return access


def get_reportable_resolution_for_user(
    request: HttpRequest, slug: str, pk: int
) -> tuple[GroupAccess, Resolution]:
    """A resolution the user's organization must act on or collaborates in: only such a user reports."""
    access = get_member_access(request, slug)
    assert access.organization is not None  # get_member_access refuses an access without one
    resolutions = (
        Resolution.objects.visible_to(access)
        .for_organization(access.organization)
        .with_listing_data()
        .with_committee_assignments()
        .with_next_meeting()
    )
    return access, get_object_or_404(resolutions, pk=pk)


def get_follow_up_for_user(
    request: HttpRequest, slug: str, pk: int, *, review: bool = False
) -> tuple[GroupAccess, FollowUp]:
    """A follow-up report the user may read; with ``review`` one the user may accept or return (staff)."""
    access = get_group_for_user(request, slug, minimum=Role.STAFF if review else Role.MEMBER)
    follow_ups = FollowUp.objects.visible_to(access).with_listing_data()
    return access, get_object_or_404(follow_ups, pk=pk)


def get_calendar_feed_for_token(slug: str, token: str) -> tuple[GroupAccess, CalendarFeed]:
    """The feed of an organization that is a member of the group, found by its secret token."""
    group = get_object_or_404(WorkingGroup, slug=slug)
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("organization"),
        token=token,
        organization__memberships__working_group=group,
    )
    # The feed shows what a member user of the organization would see, no more.
    return organization_access(group, feed.organization), feed


def get_information_request_for_user(
    request: HttpRequest, slug: str, pk: int
) -> tuple[GroupAccess, InformationRequest]:
    """An information request: staff see all of the group's; a member those addressed to its
    organization, and every booklet once it was sent to the members."""
    access = get_group_for_user(request, slug)
    requests = InformationRequest.objects.for_group(access.group).select_related(
        "resolution__meeting", "working_group"
    )
    if not access.is_staff:
        visible = Q(status=InformationRequest.Status.SENT)
        if access.organization is not None:
            visible |= Q(recipients=access.organization)
        requests = requests.filter(visible).distinct()
    return access, get_object_or_404(requests, pk=pk)


def get_extension_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[GroupAccess, ExtensionRequest]:
    """An extension request, for the group's secretary to decide."""
    access = get_group_for_user(request, slug, minimum=Role.SECRETARY)
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related("resolution__meeting__working_group", "organization"),
        pk=pk,
        resolution__meeting__working_group=access.group,
    )
    return access, extension
