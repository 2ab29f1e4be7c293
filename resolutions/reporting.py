"""Periodic reports: a resolution with a reporting duty («هر سه ماه یکبار») expects its next report
some Jalali months after the last accepted one (or after the session), unless the organization's
last report named the date of the next; the latest report's percentage says how far the work got.

``refresh_next_report`` is called by the actions that change what it depends on (saving the
minutes, accepting a report); the reminders (``resolutions.reminders``) remind before the date and
once after it, and the tracker and the progress page show who is late.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import prefetch_related_objects

from resolutions.models import FollowUp, Resolution
from secretariat.persian import add_jalali_months


def expected_report(resolution: Resolution, latest: FollowUp | None, session_day: datetime.date | None):
    """When the next periodic report of ``resolution`` is due, or ``None`` when none is."""
    if not resolution.report_every_months or not resolution.is_open:
        return None
    if latest is not None and latest.next_report_on:
        return latest.next_report_on
    start = latest.reported_on if latest is not None else session_day
    return add_jalali_months(start, resolution.report_every_months) if start else None


def refresh_next_reports(resolutions: Iterable[Resolution]) -> None:
    """Store when each of ``resolutions``' next periodic report is due (``Resolution.next_report_due``),
    in three queries however many there are."""
    resolutions = list(resolutions)
    prefetch_related_objects(resolutions, "meeting__days")
    latest: dict[int, FollowUp] = {}
    for report in (
        FollowUp.objects.accepted()
        .filter(resolution__in=resolutions)
        .order_by("resolution_id", "-reported_on", "-pk")
    ):
        latest.setdefault(report.resolution_id, report)
    changed = []
    for resolution in resolutions:
        days = resolution.meeting.day_dates
        session_day = max(days) if days else resolution.meeting.minutes_date
        due = expected_report(resolution, latest.get(resolution.pk), session_day)
        if due != resolution.next_report_due:
            resolution.next_report_due = due
            changed.append(resolution)
    Resolution.objects.bulk_update(changed, ["next_report_due"])


def refresh_next_report(resolution: Resolution) -> None:
    refresh_next_reports([resolution])


def report_is_late(resolution: Resolution, today: datetime.date) -> bool:
    return bool(resolution.is_open and resolution.next_report_due and resolution.next_report_due < today)
