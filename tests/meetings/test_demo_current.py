"""The working group in daily use beside the seed: dated from the day it is loaded, through the
actions, loaded once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings.demo_current import SLUG, load_current_example
from meetings.models import Meeting
from resolutions.models import InformationRequest
from secretariat.models import AuditRecord


@pytest.fixture
def current(demo_group):
    return load_current_example(demo_group)


def test_its_sessions_are_dated_from_today_and_in_every_state(current):
    today = timezone.localdate()
    sessions = {meeting.number: meeting for meeting in current.meetings.all()}
    assert sessions[1].status == Meeting.Status.PUBLISHED and sessions[
        1
    ].first_date == today - datetime.timedelta(60)
    assert sessions[2].status == Meeting.Status.CIRCULATED
    assert sessions[3].status == Meeting.Status.PLANNED
    assert sessions[3].first_date == today + datetime.timedelta(21) and sessions[3].proposals_until > today
    assert sessions[3].invitations.exists()
    deadlines = sorted(r.deadline_date for r in sessions[1].resolutions.exclude(deadline_date=None))
    assert deadlines[0] < today < deadlines[1] <= today + datetime.timedelta(30)  # one late, one due soon
    assert InformationRequest.objects.filter(resolution__meeting=sessions[1], deadline__gt=today).exists()
    # Through the actions: each step left its record.
    assert AuditRecord.objects.filter(working_group=current, action="minutes.circulated").exists()


def test_loading_it_again_changes_nothing(current, demo_group):
    records = AuditRecord.objects.count()
    assert load_current_example(demo_group).pk == current.pk
    assert current.meetings.count() == 3 and AuditRecord.objects.count() == records


def test_a_member_s_home_reads_as_a_working_day(clients, current):
    page = clients["tehran"].get("/").content.decode()
    assert page.index(current.name) < page.index("کارگروه تخصصی")  # the group at work first
    assert "۱۰ روز مانده" in page  # a deadline within days
    assert "در انتظار امضای شماست" in page
    assert SLUG in page
