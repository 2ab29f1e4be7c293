"""Sessions and resolution deadlines as an iCalendar feed, with the Jalali date in each summary."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.persian import format_jalali, format_jalali_days, ordinal
from secretariat.site import site_url

ONE_DAY = datetime.timedelta(days=1)


def _uid(kind: str, pk: int) -> str:
    host = urlsplit(site_url()).hostname or "secretariat"
    return f"{kind}-{pk}@{host}"


def session_event(meeting, stamp: datetime.datetime, *, with_link: bool = True) -> Event | None:
    """A session as a calendar event, or ``None``; with a link to its page unless the reader may
    not open it. A session with known days and a start time is a timed event in the site's time
    zone (Asia/Tehran), until its end time on its last day (or the end of that day); otherwise it
    is all-day, over its days or its approximate date."""
    dates = sorted(meeting.day_dates)
    approximate = not dates
    if approximate:
        if meeting.approximate_date is None:
            return None
        dates = [meeting.approximate_date]
    when = format_jalali_days(dates)
    if approximate:
        when = _("about %(date)s") % {"date": when}
    place = meeting.city or (meeting.host_organization.display_name if meeting.host_organization else "")
    summary = _("%(ordinal)s session of the working group, %(dates)s") % {
        "ordinal": ordinal(meeting.number),
        "dates": when,
    }
    event = Event()
    event.add("uid", _uid("session", meeting.pk))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    if meeting.start_time is not None and not approximate:
        zone = ZoneInfo(settings.TIME_ZONE)
        starts = datetime.datetime.combine(dates[0], meeting.start_time, tzinfo=zone)
        ends = (
            datetime.datetime.combine(dates[-1], meeting.end_time, tzinfo=zone)
            if meeting.end_time is not None
            else datetime.datetime.combine(dates[-1] + ONE_DAY, datetime.time(0), tzinfo=zone)
        )
        event.add("dtstart", starts)
        event.add("dtend", max(ends, starts))
    else:
        event.add("dtstart", dates[0])
        event.add("dtend", dates[-1] + ONE_DAY)
    if place:
        event.add("location", place)
    if with_link:
        event.add("url", site_url() + meeting.get_absolute_url())
    if meeting.date_note:
        event.add("description", meeting.date_note)
    return event


def _deadline_event(resolution: Resolution, stamp: datetime.datetime) -> Event | None:
    summary = _("Deadline of %(resolution)s: %(date)s") % {
        "resolution": resolution.label,
        "date": format_jalali(resolution.deadline_date),
    }
    lines = [resolution.text]
    if resolution.responsible_label:
        lines.append(_("Responsible: %(who)s") % {"who": resolution.responsible_label})
    if resolution.deadline_text:
        lines.append(_("Deadline as worded: %(text)s") % {"text": resolution.deadline_text})
    event = Event()
    event.add("uid", _uid("deadline", resolution.pk))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    deadline = resolution.deadline_date
    if deadline is None:  # dated in the database, but read as its signed revision printed it: none
        return None
    event.add("dtstart", deadline)
    event.add("dtend", deadline + ONE_DAY)
    event.add("description", "\n".join(lines))
    event.add("url", site_url() + resolution.get_tracker_url())
    return event


def feed_resolutions(access: GroupAccess) -> Iterable[Resolution]:
    """Open resolutions with a dated deadline: all for staff, the organization's own for a member."""
    resolutions = Resolution.objects.visible_to(access).open().in_force().filter(deadline_date__isnull=False)
    if not access.is_staff:
        # A member's standing comes from its organization's membership (``secretariat.access``).
        assert access.organization is not None
        resolutions = resolutions.for_organization(access.organization)
    return resolutions.with_listing_data().order_by("deadline_date", "pk")


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Secretariat//Working group calendar//FA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def calendar_for(access: GroupAccess, *, name: str) -> bytes:
    """The feed of one working group as seen by ``access``: its sessions and the deadlines it may see."""
    stamp = timezone.now().replace(microsecond=0)
    calendar = new_calendar(name)
    # Session dates are not minutes: every member may know when and where the group meets. The
    # link goes only with the sessions the reader may open.
    openable = set(access.group.meetings.visible_to(access).values_list("pk", flat=True))
    for meeting in access.group.meetings.with_listing_data().order_by("number"):
        event = session_event(meeting, stamp, with_link=meeting.pk in openable)
        if event is not None:
            calendar.add_component(event)
    for resolution in feed_resolutions(access):
        deadline_event = _deadline_event(resolution, stamp)
        if deadline_event is not None:
            calendar.add_component(deadline_event)
    calendar.add_missing_timezones()  # the VTIMEZONE of Asia/Tehran for timed sessions
    return calendar.to_ical()
