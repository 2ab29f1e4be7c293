"""Periodic reports: a resolution with a reporting duty («هر سه ماه یکبار») expects its next report
some Jalali months after the last accepted one (or after the session), unless the organization's
last report named the date of the next; the latest report's percentage says how far the work got.

``refresh_next_report`` is called by the actions that change what it depends on (saving the
minutes, accepting a report); the reminders (``resolutions.reminders``) remind before the date and
once after it, and the tracker and the progress page show who is late.
"""

from __future__ import annotations

import datetime

import jdatetime

from resolutions.models import FollowUp, Resolution


def add_jalali_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole Jalali months, kept within the month's length (31 Shahrivar + 1 → 30 Mehr)."""
    jalali = jdatetime.date.fromgregorian(date=day)
    index = jalali.year * 12 + (jalali.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    length = 31 if month <= 6 else 30 if month <= 11 else (30 if jdatetime.date(year, 1, 1).isleap() else 29)
    return jdatetime.date(year, month, min(jalali.day, length)).togregorian()


def expected_report(resolution: Resolution, latest: FollowUp | None, session_day: datetime.date | None):
    """When the next periodic report of ``resolution`` is due, or ``None`` when none is."""
    if not resolution.report_every_months or not resolution.is_open:
        return None
    if latest is not None and latest.next_report_on:
        return latest.next_report_on
    start = latest.reported_on if latest is not None else session_day
    return add_jalali_months(start, resolution.report_every_months) if start else None


def refresh_next_report(resolution: Resolution) -> None:
    """Store when ``resolution``'s next periodic report is due (``Resolution.next_report_due``)."""
    latest = FollowUp.objects.accepted().filter(resolution=resolution).order_by("-reported_on", "-pk").first()
    days = resolution.meeting.day_dates if resolution.meeting_id else []
    due = expected_report(resolution, latest, max(days) if days else resolution.meeting.minutes_date)
    if due != resolution.next_report_due:
        resolution.next_report_due = due
        resolution.save(update_fields=["next_report_due"])


def report_is_late(resolution: Resolution, today: datetime.date) -> bool:
    return bool(resolution.is_open and resolution.next_report_due and resolution.next_report_due < today)
