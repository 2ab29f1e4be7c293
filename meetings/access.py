"""Who may see or change a session: the one access helper for ``Meeting``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from meetings.models import Meeting
from secretariat.access import GroupAccess, get_group_for_user


def visible_meetings(access: GroupAccess):
    """The sessions of the group this user may read: all for staff, published or attended for members."""
    meetings = Meeting.objects.for_group(access.group)
    if access.is_staff:
        return meetings
    return meetings.visible_to_organization(access.organization)


def get_meeting_for_user(
    request: HttpRequest, slug: str, number: int, *, write: bool = False, secretary: bool = False
) -> tuple[GroupAccess, Meeting]:
    """Session ``number`` of group ``slug`` if the user may read it (or, with ``write``, edit it;
    with ``secretary``, take the steps only the group's secretary takes: finalize, correct...).

    A session the user may not read is a 404, so that changing the number in a URL reveals
    nothing about other sessions; a reader who may not edit gets 403.
    """
    access = get_group_for_user(request, slug)
    if ((write or secretary) and not access.is_staff) or (secretary and not access.is_secretary):
        raise PermissionDenied
    meeting = (
        visible_meetings(access)
        .select_related("working_group", "host_organization", "chair")
        .filter(number=number)
        .first()
    )
    if meeting is None:
        raise Http404
    return access, meeting
