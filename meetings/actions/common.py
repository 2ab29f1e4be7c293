"""What the session actions share: the lock, the audit record, a change of status."""

from __future__ import annotations

from meetings.models import Meeting
from meetings.workflow import WorkflowError
from secretariat.access import GroupAccess
from secretariat.audit import log_action


class EditConflict(Exception):
    """The minutes changed since the editor was opened; saving would overwrite someone's work."""


class NotEditable(WorkflowError):
    """The minutes have left the draft stage and cannot be edited."""


def lock_meeting(meeting: Meeting) -> Meeting:
    """The session, locked against concurrent steps until the transaction ends."""
    return Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)


def log(access: GroupAccess, action: str, subject, **details) -> None:
    log_action(access.user, action, subject, group=access.group, **details)


def set_status(access: GroupAccess, meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    meeting.raise_version(by=access.user)
