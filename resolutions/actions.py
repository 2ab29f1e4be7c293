"""Actions on resolutions: follow-up reports filed and reviewed, calendar addresses renewed.

Each takes the acting user's ``GroupAccess``, checks the role, runs in one transaction, raises
the version of the sessions whose minutes change (a resolution's status, a report read at a
session) and leaves an audit record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from resolutions.models import CalendarFeed, FollowUp, Resolution
from secretariat.access import GroupAccess
from secretariat.actions import require_staff
from secretariat.audit import log_action
from secretariat.lifecycle import SessionStatus
from secretariat.models import Notification, Person
from secretariat.notifications import notify_people
from secretariat.persian import in_site_language


def next_reporting_session(resolution: Resolution):
    """The group's first session after the resolution's whose minutes are still open (planned or held)."""
    meeting = resolution.meeting
    return (
        meeting.working_group.meetings.filter(number__gt=meeting.number, status__in=SessionStatus.editable())
        .order_by("number")
        .first()
    )


def _log(access: GroupAccess, action: str, subject, **details) -> None:
    log_action(access.user, action, subject, group=access.group, **details)


@transaction.atomic
def file_follow_up(
    access: GroupAccess,
    resolution: Resolution,
    *,
    text: str,
    proposed_status: str,
    attachment: UploadedFile | None = None,
) -> FollowUp:
    """A member organization's report on one of its resolutions, awaiting the secretariat's review."""
    organization = access.organization
    if not access.is_member or organization is None:
        raise PermissionDenied(_("Only a member organization's user reports on its resolutions."))
    if (
        resolution.meeting.working_group_id != access.group.pk
        or resolution.involvement_of(organization) is None
    ):
        raise PermissionDenied(_("Your organization has no part in this resolution."))
    if not resolution.is_open:
        raise ValidationError(_("This resolution is closed; no more reports are taken on it."), code="closed")
    follow_up = FollowUp(
        resolution=resolution,
        organization=organization,
        author=access.user,
        text=text,
        proposed_status=proposed_status,
    )
    if attachment:
        follow_up.attachment = attachment
        follow_up.attachment_name = getattr(attachment, "shown_name", "")
    follow_up.full_clean()
    follow_up.save()
    _log(access, "follow_up.filed", follow_up, resolution=resolution.label, proposed_status=proposed_status)
    return follow_up


def _lock_for_review(access: GroupAccess, follow_up: FollowUp) -> FollowUp:
    require_staff(access)
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("resolution", "resolution__meeting", "resolution__meeting__working_group")
        .get(pk=follow_up.pk)
    )
    if locked.resolution.meeting.working_group_id != access.group.pk:
        raise PermissionDenied
    if not locked.is_awaiting_review:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def accept_follow_up(access: GroupAccess, follow_up: FollowUp, *, comment: str = "") -> FollowUp:
    """Accept a report: the resolution takes the proposed status, and the report is read at the
    next session. Both sessions' minutes change, so both raise their version."""
    follow_up = _lock_for_review(access, follow_up)
    resolution = follow_up.resolution
    reading_session = next_reporting_session(resolution)
    follow_up.accept(reviewer=access.user, comment=comment, reported_at_meeting=reading_session)
    # A resolution the secretariat has closed meanwhile stays closed: a late report does not reopen it.
    if resolution.is_open and resolution.status != follow_up.proposed_status:
        resolution.set_status(follow_up.proposed_status)
        resolution.meeting.raise_version(by=access.user)
    if reading_session is not None:
        reading_session.raise_version(by=access.user)
    _log(access, "follow_up.accepted", follow_up, resolution=resolution.label, status=resolution.status)
    _tell_author(access, follow_up, _("Your report on %(resolution)s was accepted"))
    return follow_up


@transaction.atomic
def return_follow_up(access: GroupAccess, follow_up: FollowUp, *, comment: str) -> FollowUp:
    """Send a report back to its organization with the reason."""
    if not comment.strip():
        raise ValidationError(_("Write why the report is returned."), code="comment_required")
    follow_up = _lock_for_review(access, follow_up)
    follow_up.send_back(reviewer=access.user, comment=comment)
    _log(access, "follow_up.returned", follow_up, resolution=follow_up.resolution.label)
    _tell_author(access, follow_up, _("Your report on %(resolution)s was returned"))
    return follow_up


@in_site_language
def _tell_author(access: GroupAccess, follow_up: FollowUp, title: str) -> None:
    """The report's author hears of the review in their inbox (and by e-mail)."""
    author = Person.objects.select_related("user").filter(user_id=follow_up.author_id).first()
    if author is None:
        return
    notify_people(
        access.group,
        [author],
        kind=Notification.Kind.REPORT,
        title=title % {"resolution": follow_up.resolution.label},
        body=follow_up.review_comment,
        url=f"{follow_up.resolution.get_tracker_url()}#follow-up-{follow_up.pk}",
    )


@transaction.atomic
def renew_calendar_feed(access: GroupAccess) -> tuple[CalendarFeed, bool]:
    """The organization's secret calendar address: made, or replaced when it has leaked.

    Returns the feed and whether it is new.
    """
    if not access.is_member or access.organization is None:
        raise PermissionDenied
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(organization=access.organization)
    if not created:
        feed.renew()
    _log(access, "calendar_feed.created" if created else "calendar_feed.renewed", access.organization)
    return feed, created
