"""Overdue: a dated deadline that passed, or "by the next session" once a later session was held."""

from __future__ import annotations

import datetime

import pytest

from meetings.models import Meeting
from resolutions.actions import set_status
from resolutions.models import Resolution

URL = "/g/meydan/resolutions/"


@pytest.fixture
def due_by_next_session(session12) -> list[Resolution]:
    """The 12th session's resolutions due by the next session without a date of their own."""
    resolutions = list(
        Resolution.objects.filter(meeting=session12, deadline_date__isnull=True, deadline_next_meeting=True)
    )
    assert resolutions, "the seed has resolutions due by the next session"
    return resolutions


def hold(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)


def overdue_numbers(today: datetime.date | None = None) -> set[int]:
    return set(Resolution.objects.overdue(today).values_list("number", flat=True))


def test_not_overdue_while_the_next_session_is_only_planned(session12, session13, due_by_next_session):
    assert not {r.number for r in due_by_next_session} & overdue_numbers()
    annotated = Resolution.objects.with_next_meeting()
    assert not any(annotated.get(pk=r.pk).is_overdue for r in due_by_next_session)
    assert not any(r.is_overdue for r in due_by_next_session)  # without the annotation, asked


def test_overdue_once_the_next_session_was_held_and_they_are_still_open(
    session12, session13, due_by_next_session
):
    hold(session13)
    numbers = {r.number for r in due_by_next_session}
    assert numbers <= overdue_numbers()
    annotated = Resolution.objects.with_next_meeting()
    assert all(annotated.get(pk=r.pk).is_overdue for r in due_by_next_session)
    assert all(Resolution.objects.get(pk=r.pk).is_overdue for r in due_by_next_session)

    done = due_by_next_session[0]
    set_status(done, Resolution.Status.DONE)
    assert done.number not in overdue_numbers()
    assert not Resolution.objects.with_next_meeting().get(pk=done.pk).is_overdue


def test_a_dated_deadline_decides_even_when_also_due_by_the_next_session(session12, session13):
    both = Resolution.objects.filter(
        meeting=session12, deadline_date__isnull=False, deadline_next_meeting=True
    )
    resolution = both.first()
    assert resolution is not None
    hold(session13)
    before = resolution.deadline_date - datetime.timedelta(days=1)
    assert resolution.number not in overdue_numbers(today=before)
    assert not Resolution.objects.with_next_meeting().get(pk=resolution.pk).overdue_on(before)


def test_queryset_and_instances_agree_on_every_resolution(session12, session13):
    hold(session13)
    for today in (datetime.date(2012, 7, 1), datetime.date(2030, 1, 1)):
        expected = overdue_numbers(today)
        annotated = {r.number for r in Resolution.objects.with_next_meeting() if r.overdue_on(today)}
        assert annotated == expected


def test_the_tracker_filters_and_marks_them(clients, session12, session13, due_by_next_session):
    hold(session13)
    response = clients["staff"].get(URL, {"overdue": "on"})
    listed = {resolution.number for resolution, _involvement in response.context["rows"]}
    assert {r.number for r in due_by_next_session} <= listed
    row = response.content.decode().split(due_by_next_session[0].get_tracker_url())[1].split("</tr>")[0]
    assert "مهلت گذشته" in row and "تا نشست آینده" in row
