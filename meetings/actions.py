"""What the session actions of `planning`, `minutes` and `signing` share: the lock, the audit
record, a change of status, telling the staff; and the errors the editor answers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from meetings.models import Meeting
from secretariat.access import GroupAccess
from secretariat.audit import AuditEvent, log_action
from secretariat.models import Organization, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.steps import StepRefused


class EditConflict(Exception):
    """The minutes changed since the editor was opened; saving would overwrite someone's work."""


class NotEditable(StepRefused):
    """The minutes have left the draft stage and cannot be edited."""


def tell_staff(meeting: Meeting, *, kind: str, title: str, body: str = "", url: str = "") -> Delivery:
    """Tell the group's secretariat staff about ``meeting`` (inbox, and e-mail where they have an address)."""
    staff = Person.objects.filter(user__in=meeting.working_group.staff.all()).select_related("user")
    return notify_people(
        meeting.working_group, staff, kind=kind, title=title, body=body, url=url or meeting.get_absolute_url()
    )


def lock_meeting(meeting: Meeting) -> Meeting:
    """The session, locked against concurrent steps until the transaction ends."""
    return Meeting.objects.select_for_update().select_related("working_group").get(pk=meeting.pk)


def log(access: GroupAccess, action: AuditEvent, subject, **details) -> None:
    log_action(access.user, action, subject, group=access.group, **details)


def set_status(access: GroupAccess, meeting: Meeting, status: str) -> None:
    meeting.status = status
    meeting.save(update_fields=["status", "updated_at"])
    meeting.raise_version(by=access.user)


def acting_organization(access: GroupAccess) -> Organization:
    """The member organization a member's user acts for; the steps that call this are open to
    members only, so an access without one is refused."""
    if access.organization is None:
        raise PermissionDenied
    return access.organization
