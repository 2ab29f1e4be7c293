"""``/g/<wg>/resolutions/follow-ups/``: the staff's review queue, a member's own reports."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.models import FollowUp
from tests.resolutions.factories import grow, isfahan, make_follow_up, tehran
from tests.roles import GROUP_MEMBERS, assert_status_for

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


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_open_the_list(clients, reports, role, status):
    assert_status_for(clients[role], URL, status)


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


def _listed(response) -> tuple[int, int]:
    return len(response.context["awaiting"]), len(response.context["page"].object_list)


# (awaiting review, reviewed or own) before and after two more sessions: each adds three
# resolutions with a pending report from Tehran and an accepted one from Isfahan.
@pytest.mark.parametrize(
    ("role", "before", "after"),
    [("staff", (2, 1), (8, 7)), ("tehran", (0, 1), (0, 7))],
)
def test_query_count_does_not_grow(
    clients, demo_group, reports, role, before, after, django_assert_num_queries
):
    client = clients[role]
    client.get(URL)
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert _listed(response) == before
    grow(demo_group, sessions=2)
    with django_assert_num_queries(len(context)):
        response = client.get(URL)
    assert _listed(response) == after
