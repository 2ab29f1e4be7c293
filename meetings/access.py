"""Who may see or change a session, and which minutes of it they read: the one access helper for
``Meeting``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from meetings.minutes.document import MinutesView, minutes_view
from meetings.models import Meeting, MinutesRevision
from secretariat.access import GroupAccess, get_group_for_user


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
        Meeting.objects.visible_to(access)
        .select_related("working_group", "host_organization", "chair")
        .filter(number=number)
        .first()
    )
    if meeting is None:
        raise Http404
    return access, meeting


def circulated_revision(meeting: Meeting) -> MinutesRevision | None:
    """The revision that went out for signature last (circulated, signed or published minutes)."""
    return meeting.revisions.filter(circulated_at__isnull=False).order_by("-number").first()


def _attended(access: GroupAccess, meeting: Meeting) -> bool:
    return (
        access.organization is not None
        and meeting.attendances.attending().filter(organization=access.organization).exists()
    )


def readable_revision(access: GroupAccess, meeting: Meeting) -> MinutesRevision | None:
    """The revision whose text ``access`` reads, or ``None`` for the minutes as drafted now.

    Minutes out for signature or signed are read as circulated. While a correction is being
    drafted, staff read (and edit) the draft; a member reads the last signed revision it may:
    the last one its organization signed as an attendee, or else the last published one.
    """
    if meeting.status in Meeting.Status.locked():
        return circulated_revision(meeting)
    if access.is_staff:
        return None
    return readable_final_revisions(access, meeting).first()


def readable_final_revisions(access: GroupAccess, meeting: Meeting):
    """The signed revisions of ``meeting`` that ``access`` may download: all of them for staff and
    for the organizations that attended, the published ones for every other member."""
    finals = meeting.revisions.final().select_related("meeting__working_group").order_by("-number")
    if access.is_staff or _attended(access, meeting):
        return finals
    return finals.filter(published_at__isnull=False)


def reading_for(access: GroupAccess, meeting: Meeting) -> MinutesView:
    """The minutes of ``meeting`` as ``access`` reads them on the session's page."""
    return minutes_view(meeting, readable_revision(access, meeting))
