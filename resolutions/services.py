"""Workflows of follow-up reports: filing one, and the secretariat accepting or returning it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from resolutions.models import FollowUp, Resolution
from secretariat.models import Organization


def next_reporting_session(resolution: Resolution) -> models.Model | None:
    """The group's first session after the resolution's whose minutes are still open (planned or held).

    Sessions are reached through the working group's reverse relation: ``resolutions`` does not
    import ``meetings``.
    """
    meeting = resolution.meeting
    status = type(meeting).Status
    return (
        meeting.working_group.meetings.filter(
            number__gt=meeting.number, status__in=[status.PLANNED, status.HELD]
        )
        .order_by("number")
        .first()
    )


@transaction.atomic
def file_follow_up(
    *,
    resolution: Resolution,
    organization: Organization,
    author,
    text: str,
    proposed_status: str,
    attachment: UploadedFile | None = None,
) -> FollowUp:
    """A member organization's report on a resolution, awaiting the secretariat's review."""
    follow_up = FollowUp(
        resolution=resolution,
        organization=organization,
        author=author,
        text=text,
        proposed_status=proposed_status,
    )
    if attachment:
        follow_up.attachment = attachment
        follow_up.attachment_name = getattr(attachment, "shown_name", "")
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def _lock_for_review(follow_up: FollowUp) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update()
        .select_related("resolution", "resolution__meeting", "resolution__meeting__working_group")
        .get(pk=follow_up.pk)
    )
    if not locked.is_awaiting_review:
        raise ValidationError(_("This report has already been reviewed."), code="reviewed")
    return locked


@transaction.atomic
def accept_follow_up(*, follow_up: FollowUp, reviewer, comment: str = "") -> FollowUp:
    """Accept a report: the resolution takes the proposed status, and the report is read at the next session."""
    follow_up = _lock_for_review(follow_up)
    follow_up.accept(
        reviewer=reviewer, comment=comment, reported_at_meeting=next_reporting_session(follow_up.resolution)
    )
    # A resolution the secretariat has closed meanwhile stays closed: a late report does not reopen it.
    if follow_up.resolution.is_open and follow_up.resolution.status != follow_up.proposed_status:
        follow_up.resolution.set_status(follow_up.proposed_status)
    return follow_up


@transaction.atomic
def return_follow_up(*, follow_up: FollowUp, reviewer, comment: str) -> FollowUp:
    """Send a report back to its organization with the reason."""
    if not comment.strip():
        raise ValidationError(_("Write why the report is returned."), code="comment_required")
    follow_up = _lock_for_review(follow_up)
    follow_up.send_back(reviewer=reviewer, comment=comment)
    return follow_up
