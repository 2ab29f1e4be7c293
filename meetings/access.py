"""Who may see or change a session, and which minutes of it they read: the one access helper for
``Meeting``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from meetings.minutes.document import MinutesView, minutes_view
from meetings.models import Meeting, MinutesRevision
from secretariat.access import GroupAccess, get_group_for_user
from secretariat.lifecycle import READS, Reader, Reading, Stage, stage_of


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


def reader_of(access: GroupAccess, meeting: Meeting) -> Reader:
    if access.is_staff:
        return Reader.STAFF
    return Reader.ATTENDEE if _attended(access, meeting) else Reader.MEMBER


def stage_of_meeting(meeting: Meeting) -> Stage:
    return stage_of(meeting.status, signed_before=meeting.revisions.final().exists())


@dataclass(frozen=True)
class Readable:
    """What a reader reads of a session (``secretariat.lifecycle.READS``): nothing of its minutes
    (``reading`` is ``SESSION``), the minutes as they are (``revision`` is ``None``), or a revision."""

    reading: Reading
    revision: MinutesRevision | None = None

    @property
    def has_minutes(self) -> bool:
        return self.reading != Reading.SESSION


def readable(access: GroupAccess, meeting: Meeting) -> Readable:
    """What ``access`` reads of ``meeting`` now, by the one lifecycle rule."""
    reading = READS[stage_of_meeting(meeting)][reader_of(access, meeting)]
    finals = meeting.revisions.final().order_by("-number")
    if reading == Reading.DRAFT:
        return Readable(reading)
    if reading == Reading.CIRCULATED:
        return Readable(reading, circulated_revision(meeting))
    if reading == Reading.LAST_SIGNED:
        revision = finals.first()
    elif reading == Reading.LAST_PUBLISHED:
        revision = finals.filter(published_at__isnull=False).first()
        if revision is None and meeting.status == Meeting.Status.PUBLISHED:
            return Readable(reading)  # published before revisions were kept: read as it is, locked
    else:
        revision = None
    return Readable(reading, revision) if revision is not None else Readable(Reading.SESSION)


def readable_revision(access: GroupAccess, meeting: Meeting) -> MinutesRevision | None:
    """The revision whose text ``access`` reads, or ``None`` for the minutes as they are now (or for
    nothing: see ``readable``)."""
    return readable(access, meeting).revision


def readable_final_revisions(access: GroupAccess, meeting: Meeting):
    """The signed revisions of ``meeting`` that ``access`` may download: all of them for staff and
    for the organizations that attended, the published ones for every other member."""
    finals = meeting.revisions.final().select_related("meeting__working_group").order_by("-number")
    if access.is_staff or _attended(access, meeting):
        return finals
    return finals.filter(published_at__isnull=False)


def reading_for(access: GroupAccess, meeting: Meeting) -> MinutesView | None:
    """The minutes of ``meeting`` as ``access`` reads them, or ``None`` when nothing of them is
    theirs to read yet (a planned session, minutes in draft)."""
    found = readable(access, meeting)
    return minutes_view(meeting, found.revision) if found.has_minutes else None
