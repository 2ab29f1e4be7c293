"""``/g/<wg>/resolutions/follow-ups/``: the staff's review queue, a member's own reports."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.models import FollowUp
from tests.resolutions.factories import grow, isfahan, make_follow_up, tehran

URL = "/g/meydan/resolutions/follow-ups/"


@pytest.fixture
def reports(resolution_1, resolution_8):
    return {
        "tehran_pending": make_follow_up(resolution_1, tehran(), text="گزارش تهران در انتظار"),
        "isfahan_pending": make_follow_up(resolution_8, isfahan(), text="گزارش اصفهان در انتظار"),
        "isfahan_accepted": make_follow_up(
            resolution_1, isfahan(), text="گزارش اصفهان پذیرفته", review=FollowUp.Review.ACCEPTED
        ),
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 200),
        ("staff", 200),
        ("tehran", 200),
        ("isfahan", 200),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_list(clients, reports, role, status):
    assert clients[role].get(URL).status_code == status


def test_staff_see_what_awaits_review(clients, reports):
    response = clients["staff"].get(URL)
    awaiting = {report.pk for report in response.context["awaiting"]}
    assert awaiting == {reports["tehran_pending"].pk, reports["isfahan_pending"].pk}
    assert [report.pk for report in response.context["page"]] == [reports["isfahan_accepted"].pk]


def test_a_member_sees_only_its_organizations_reports(clients, reports):
    page = clients["tehran"].get(URL).content.decode()
    assert "گزارش تهران در انتظار" in page
    assert "گزارش اصفهان" not in page
    page = clients["isfahan"].get(URL).content.decode()
    assert "گزارش اصفهان در انتظار" in page and "گزارش اصفهان پذیرفته" in page
    assert "گزارش تهران" not in page


@pytest.mark.parametrize("role", ["staff", "tehran"])
def test_query_count_does_not_grow(clients, demo_group, reports, role, django_assert_num_queries):
    client = clients[role]
    client.get(URL)
    with CaptureQueriesContext(connection) as context:
        client.get(URL)
    grow(demo_group, sessions=2)
    with django_assert_num_queries(len(context)):
        client.get(URL)
