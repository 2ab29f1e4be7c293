"""Deadline reminders: each organization is e-mailed a set number of days before a deadline and once
after it passed, and every reminder is sent once however often the command runs. A resolution with
a periodic reporting duty is reminded of the same way before its next report is due and once
after (``resolutions.reporting``).

A ``DeadlineReminder`` row is written for each (resolution, organization, kind, deadline) in the
same transaction as the e-mail is put in the outbox (``secretariat.mail``, which sends it in the
background and tries again when the mail server fails); when another run already wrote the row,
the unique constraint stops a second e-mail. This module reads what is due; the writing is
``resolutions.actions.send_deadline_reminders``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from resolutions.models import DeadlineReminder, Resolution
from secretariat.access import organization_access
from secretariat.models import Membership, Organization, WorkingGroup
from secretariat.persian import days_left_text
from secretariat.site import site_url

DEFAULT_DAYS_BEFORE = 7


def reminder_days() -> int:
    return int(getattr(settings, "DEADLINE_REMINDER_DAYS", DEFAULT_DAYS_BEFORE))


@dataclass
class Batch:
    """The reminders one organization gets about one working group in one e-mail."""

    organization: Organization
    group: WorkingGroup
    items: list[tuple[Resolution, str, datetime.date]] = field(
        default_factory=list
    )  # (resolution, kind, date)


def recipients_of(organization: Organization) -> list[str]:
    """The organization's own address and those of its people, each once."""
    addresses = [organization.email, *organization.people.exclude(email="").values_list("email", flat=True)]
    seen: dict[str, str] = {}
    for address in addresses:
        if address and address.lower() not in seen:
            seen[address.lower()] = address
    return list(seen.values())


def due_batches(*, today: datetime.date, days_before: int, group: WorkingGroup | None = None) -> list[Batch]:
    """Reminders that are due and not yet sent, grouped by organization and working group."""
    memberships = Membership.objects.select_related("working_group", "organization").order_by("pk")
    if group is not None:
        memberships = memberships.filter(working_group=group)
    batches: dict[tuple[int, int], Batch] = {}
    for membership in memberships:
        organization = membership.organization
        # What a user of the organization may open in this group, and only that: the e-mail's
        # links must open for them.
        horizon = today + datetime.timedelta(days=days_before)
        resolutions = (
            Resolution.objects.visible_to(organization_access(membership.working_group, organization))
            .for_organization(organization)
            .open()
            .in_force()
            .filter(Q(deadline_date__lte=horizon) | Q(next_report_due__lte=horizon))
            .select_related("meeting", "meeting__working_group")
            .order_by("deadline_date", "pk")
        )
        sent = set(
            DeadlineReminder.objects.filter(organization=organization).values_list(
                "resolution_id", "kind", "deadline"
            )
        )
        for resolution in resolutions:
            for kind, date in _due_reminders(resolution, today, horizon):
                if (resolution.pk, kind, date) in sent:
                    continue
                working_group = resolution.meeting.working_group
                batch = batches.setdefault(
                    (organization.pk, working_group.pk), Batch(organization=organization, group=working_group)
                )
                batch.items.append((resolution, kind, date))
    return list(batches.values())


def _due_reminders(
    resolution: Resolution, today: datetime.date, horizon: datetime.date
) -> list[tuple[str, datetime.date]]:
    """What ``resolution`` is to be reminded of: its deadline, its next periodic report, or both."""
    due: list[tuple[str, datetime.date]] = []
    if resolution.deadline_date and resolution.deadline_date <= horizon:
        kind = (
            DeadlineReminder.Kind.BEFORE
            if resolution.deadline_date >= today
            else DeadlineReminder.Kind.OVERDUE
        )
        due.append((kind, resolution.deadline_date))
    if resolution.next_report_due and resolution.next_report_due <= horizon:
        kind = (
            DeadlineReminder.Kind.REPORT_DUE
            if resolution.next_report_due >= today
            else DeadlineReminder.Kind.REPORT_LATE
        )
        due.append((kind, resolution.next_report_due))
    return due


LATE_KINDS = (DeadlineReminder.Kind.OVERDUE, DeadlineReminder.Kind.REPORT_LATE)
REPORT_KINDS = (DeadlineReminder.Kind.REPORT_DUE, DeadlineReminder.Kind.REPORT_LATE)


def reminder_message(batch: Batch, today: datetime.date) -> tuple[str, str]:
    """The reminder's subject and text."""
    context = {
        "organization": batch.organization,
        "group": batch.group,
        "items": [
            {
                "resolution": resolution,
                "date": date,
                "report": kind in REPORT_KINDS,
                "overdue": kind in LATE_KINDS,
                "days_left": days_left_text(date, today),
            }
            for resolution, kind, date in batch.items
        ],
        "today": today,
        "site_url": site_url(),
    }
    subject = _("Deadline reminder: %(group)s") % {"group": batch.group.name}
    return subject, render_to_string("resolutions/email/deadline_reminder.txt", context)


def users_of(organization: Organization) -> list:
    return [
        person.user
        for person in organization.people.select_related("user")
        if person.user and person.user.is_active
    ]
