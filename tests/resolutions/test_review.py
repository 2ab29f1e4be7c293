"""Staff accept a follow-up report or return it with a comment; acceptance moves the resolution on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from resolutions import actions
from resolutions.actions import set_status
from resolutions.models import FollowUp, Resolution
from secretariat.access import access_for
from tests.resolutions.factories import isfahan, make_follow_up, make_session, other_group, tehran
from tests.roles import STAFF_ACTS


def url(follow_up) -> str:
    return f"/g/meydan/resolutions/follow-ups/{follow_up.pk}/review/"


def decide(client, follow_up, decision: str, comment: str = ""):
    prefix = f"review-{follow_up.pk}"
    return client.post(url(follow_up), {f"{prefix}-decision": decision, f"{prefix}-comment": comment})


@pytest.fixture
def report(resolution_1) -> FollowUp:
    follow_up = make_follow_up(resolution_1, tehran(), text="آیین‌نامه مالی تهیه شد")
    follow_up.proposed_status = Resolution.Status.DONE
    follow_up.save(update_fields=["proposed_status"])
    return follow_up


@pytest.mark.parametrize(("role", "status"), STAFF_ACTS)
def test_who_may_accept(clients, report, role, status):
    response = decide(clients[role], report, "accept")
    assert response.status_code == status
    report.refresh_from_db()
    assert report.is_accepted == (role in ("secretary", "staff"))


def test_accepting_sets_the_status_and_the_next_open_session(clients, report, staff_user, session13):
    response = decide(clients["staff"], report, "accept", "با تشکر")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == FollowUp.Review.ACCEPTED
    assert report.reviewed_by == staff_user
    assert report.reviewed_at is not None
    assert report.review_comment == "با تشکر"
    assert report.reported_at_meeting == session13
    report.resolution.refresh_from_db()
    assert report.resolution.status == Resolution.Status.DONE
    page = clients["tehran"].get(f"/g/meydan/resolutions/{report.resolution_id}/").content.decode()
    assert "در سیزدهمین نشست قرائت می‌شود." in page


def test_the_report_goes_to_the_first_later_session_whose_minutes_are_still_open(
    report, staff_user, demo_group, session13
):
    session13.status = Meeting.Status.CIRCULATED
    session13.save(update_fields=["status"])
    make_session(demo_group, 15, Meeting.Status.PLANNED)
    fourteen = make_session(demo_group, 14, Meeting.Status.HELD)
    actions.accept_follow_up(access_for(staff_user, report.resolution.meeting.working_group), report)
    report.refresh_from_db()
    assert report.reported_at_meeting == fourteen


def test_without_a_later_open_session_the_report_waits(report, staff_user, session13):
    session13.status = Meeting.Status.PUBLISHED
    session13.save(update_fields=["status"])
    actions.accept_follow_up(access_for(staff_user, report.resolution.meeting.working_group), report)
    report.refresh_from_db()
    assert report.is_accepted and report.reported_at_meeting is None


def test_returning_needs_a_comment_in_persian(clients, report):
    response = decide(clients["staff"], report, "return", "  ")
    assert response.status_code == 400
    assert "دلیل بازگرداندن گزارش را بنویسید." in response.content.decode()
    report.refresh_from_db()
    assert report.is_awaiting_review


def test_returning_with_a_comment(clients, report, resolution_1):
    response = decide(clients["secretary"], report, "return", "پیوست را هم بفرستید")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == FollowUp.Review.RETURNED
    assert report.review_comment == "پیوست را هم بفرستید"
    assert report.reported_at_meeting is None
    resolution_1.refresh_from_db()
    assert resolution_1.status == Resolution.Status.OPEN
    home = clients["tehran"].get("/").content.decode()
    assert "پیوست را هم بفرستید" in home and "برگشت‌خورده" in home


def test_a_report_is_reviewed_once(clients, report, staff_user):
    actions.accept_follow_up(access_for(staff_user, report.resolution.meeting.working_group), report)
    response = decide(clients["secretary"], report, "return", "دیر شد")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == FollowUp.Review.ACCEPTED
    with pytest.raises(ValidationError):
        actions.return_follow_up(
            access_for(staff_user, report.resolution.meeting.working_group), report, comment="باز هم"
        )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "این گزارش پیش‌تر بررسی شده است." in messages


def test_reviewing_needs_post(clients, report):
    assert clients["staff"].get(url(report)).status_code == 405


def test_another_groups_report_cannot_be_reviewed_from_here(clients):
    _group, _resolution, _committee, follow_up = other_group()
    assert decide(clients["secretary"], follow_up, "accept").status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.is_awaiting_review


def test_the_action_files_a_report(resolution_1, isfahan_user):
    access = access_for(isfahan_user, resolution_1.meeting.working_group)
    report = actions.file_follow_up(access, resolution_1, text="انجام شد", proposed_status="done")
    assert report.is_awaiting_review and report.organization == isfahan()


def test_a_late_report_does_not_reopen_a_resolution_the_secretariat_closed(report, staff_user):
    report.proposed_status = Resolution.Status.IN_PROGRESS
    report.save(update_fields=["proposed_status"])
    set_status(report.resolution, Resolution.Status.DROPPED)
    actions.accept_follow_up(access_for(staff_user, report.resolution.meeting.working_group), report)
    report.refresh_from_db()
    assert report.is_accepted
    assert report.resolution.status == Resolution.Status.DROPPED
