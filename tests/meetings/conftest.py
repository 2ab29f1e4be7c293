"""Fixtures for the minutes: a held (draft) session attended by Tehran."""

import datetime

import pytest

from meetings.models import Attendance, Meeting, MeetingDay
from secretariat.models import Organization, Person


@pytest.fixture
def held_session(demo_group) -> Meeting:
    """Session 14: held, minutes in draft, attended by Tehran only."""
    meeting = Meeting.objects.create(
        working_group=demo_group,
        number=14,
        status=Meeting.Status.HELD,
        host_organization=Organization.objects.get(city="تبریز", kind="market"),
        city="تبریز",
    )
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2012, 12, 20))
    tehran_person = Person.objects.get(user__username="tehran")
    Attendance.objects.create(meeting=meeting, person=tehran_person, organization=tehran_person.organization)
    return meeting
