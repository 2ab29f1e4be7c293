"""A resolution's page ``/g/<wg>/resolutions/<pk>/``: the resolution and the reports the user may read."""

from __future__ import annotations

import re

import pytest

from meetings.models import Meeting
from resolutions.models import FollowUp
from tests.resolutions.factories import (
    grow,
    isfahan,
    make_follow_up,
    make_resolution,
    make_session,
    other_group,
    tehran,
)
from tests.roles import GROUP_MEMBERS, assert_status_for


def url(resolution) -> str:
    return f"/g/meydan/resolutions/{resolution.pk}/"


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_open_a_resolution(clients, resolution_1, role, status):
    assert_status_for(clients[role], url(resolution_1), status)


def test_the_page_shows_the_resolution_with_its_deadline(clients, resolution_1):
    page = clients["tehran"].get(url(resolution_1)).content.decode()
    assert "مصوبه ۱ دوازدهمین نشست" in page
    assert "کمیته حقوقی با مسوولیت سازمان میادین تهران" in page
    assert "۳۱ شهریور ۱۳۹۱" in page
    assert "مسئول کمیته" in page  # how Tehran is involved


def test_the_report_button_only_for_an_involved_member(clients, resolution_1, resolution_3, resolution_8):
    report = "ثبت گزارش پیگیری"
    assert report in clients["tehran"].get(url(resolution_1)).content.decode()
    assert report in clients["isfahan"].get(url(resolution_1)).content.decode()
    assert report not in clients["isfahan"].get(url(resolution_3)).content.decode()
    assert report not in clients["tehran"].get(url(resolution_8)).content.decode()
    assert report not in clients["staff"].get(url(resolution_1)).content.decode()


def test_members_see_their_own_reports_and_others_once_accepted(clients, resolution_1):
    tehran_pending = make_follow_up(resolution_1, tehran(), text="گزارش تهران در انتظار")
    isfahan_pending = make_follow_up(resolution_1, isfahan(), text="گزارش اصفهان در انتظار")
    make_follow_up(resolution_1, isfahan(), text="گزارش اصفهان پذیرفته", review=FollowUp.Review.ACCEPTED)
    tehran_page = clients["tehran"].get(url(resolution_1)).content.decode()
    assert "گزارش تهران در انتظار" in tehran_page
    assert "گزارش اصفهان پذیرفته" in tehran_page
    assert "گزارش اصفهان در انتظار" not in tehran_page
    staff_page = clients["staff"].get(url(resolution_1)).content.decode()
    assert all(text in staff_page for text in ("گزارش تهران در انتظار", "گزارش اصفهان در انتظار"))
    # A review form for each pending report, for the staff only; none for the accepted one.
    review_forms = re.findall(r'action="/g/meydan/resolutions/follow-ups/(\d+)/review/"', staff_page)
    assert sorted(map(int, review_forms)) == sorted([tehran_pending.pk, isfahan_pending.pk])
    assert 'name="review-' not in tehran_page


def test_a_resolution_of_draft_minutes_is_not_found_for_members(clients, demo_group):
    session = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    draft = make_resolution(session, 1, organization=tehran())
    assert clients["tehran"].get(url(draft)).status_code == 404
    assert clients["staff"].get(url(draft)).status_code == 200


def test_another_groups_resolution_is_not_found_by_its_id_here(clients):
    _group, resolution, _committee, _follow_up = other_group()
    for role in ("secretary", "staff", "tehran", "isfahan"):
        assert clients[role].get(url(resolution)).status_code == 404
        assert clients[role].get(f"/g/other/resolutions/{resolution.pk}/").status_code == 404


def test_query_count_does_not_grow_with_reports(clients, demo_group, resolution_1, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients["staff"]
    client.get(url(resolution_1))
    with CaptureQueriesContext(connection) as context:
        client.get(url(resolution_1))
    for organization in (tehran(), isfahan(), tehran()):
        make_follow_up(resolution_1, organization)
    grow(demo_group, sessions=1)
    with django_assert_num_queries(len(context)):
        response = client.get(url(resolution_1))
    assert len(response.context["follow_ups"]) == 3
