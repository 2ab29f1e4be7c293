"""The resolution tracker ``/g/<wg>/resolutions/``: who sees what, its filters, pages and queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from resolutions.models import Resolution
from tests.resolutions.factories import grow, isfahan, make_resolution, make_session, other_group, tehran
from tests.roles import GROUP_MEMBERS, assert_status_for

URL = "/g/meydan/resolutions/"


def numbers(response) -> list[tuple[int, int]]:
    return [(r.meeting.number, r.number) for r, _involvement in response.context["rows"]]


@pytest.fixture
def draft_resolution(demo_group):
    """A resolution of a session whose minutes are still a draft, though Tehran attended."""
    session = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    return make_resolution(
        session, 1, organization=tehran(), text="پیش‌نویس محرمانه", deadline=datetime.date(2013, 1, 1)
    )


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_open_the_tracker(clients, role, status):
    assert_status_for(clients[role], URL, status)


def test_the_twelfth_sessions_eight_resolutions_in_order(clients):
    response = clients["tehran"].get(URL)
    assert numbers(response) == [(12, n) for n in range(1, 9)]
    page = response.content.decode()
    assert "۳۱ شهریور ۱۳۹۱" in page
    assert "مهلت گذشته" in page  # 31 Shahrivar 1391 is long past
    assert "تا نشست آینده (سیزدهمین نشست، ۳۱ شهریور ۱۳۹۱)" in page
    assert 'dir="rtl"' in page


def test_members_never_see_resolutions_of_draft_minutes(clients, draft_resolution):
    for role in ("tehran", "isfahan"):
        response = clients[role].get(URL)
        assert (14, 1) not in numbers(response)
        assert "پیش‌نویس محرمانه" not in response.content.decode()
    assert (14, 1) in numbers(clients["staff"].get(URL))


def test_circulated_minutes_are_seen_only_by_organizations_that_attended(clients, demo_group):
    session = make_session(demo_group, 14, Meeting.Status.CIRCULATED, attended_by=(tehran(),))
    make_resolution(session, 1, text="در انتظار امضا")
    assert (14, 1) in numbers(clients["tehran"].get(URL))
    assert (14, 1) not in numbers(clients["isfahan"].get(URL))
    # and the session filter does not offer it either
    assert b'value="14"' not in clients["isfahan"].get(URL).content


def test_tehran_rows_say_how_tehran_is_involved(clients):
    rows = {(r.number): involvement for r, involvement in clients["tehran"].get(URL).context["rows"]}
    assert rows[1] == "committee_lead"
    assert rows[2] == "committee_member"
    assert rows[3] == "committee_lead"
    assert rows[4] == "committee_member"
    assert rows[8] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"session": "12"}, list(range(1, 9))),
        ({"status": "open"}, list(range(1, 9))),
        ({"status": "done"}, []),
        ({"overdue": "on"}, [1, 8]),
        ({"deadline_from": "۱۳۹۱/۰۶/۰۱", "deadline_to": "1391/06/31"}, [1, 8]),
        ({"deadline_from": "1391/07/01"}, []),
    ],
)
def test_filters(clients, query, expected):
    response = clients["staff"].get(URL, query)
    assert [n for _s, n in numbers(response)] == expected


def test_filter_by_organization_includes_committee_roles_and_collaborations(clients):
    tehran_rows = clients["staff"].get(URL, {"organization": tehran().pk})
    assert [n for _s, n in numbers(tehran_rows)] == [1, 2, 3, 4]
    isfahan_rows = clients["staff"].get(URL, {"organization": isfahan().pk})
    assert [n for _s, n in numbers(isfahan_rows)] == [1, 2, 8]


def test_filter_by_committee(clients, demo_group):
    legal = demo_group.committees.get(name="کمیته حقوقی")
    assert [n for _s, n in numbers(clients["tehran"].get(URL, {"committee": legal.pk}))] == [1]


def test_a_wrong_jalali_date_is_reported_in_persian_and_the_other_filters_still_apply(clients):
    response = clients["tehran"].get(URL, {"deadline_from": "1391/13/01", "status": "open", "q": "اصفهان"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "deadline_from" in form.errors
    assert "ماه" in form.errors["deadline_from"][0]
    assert 'value="1391/13/01"' in response.content.decode()  # what was typed is kept
    assert [n for _s, n in numbers(response)] == [1, 2, 8]


def test_a_range_that_ends_before_it_starts_is_an_error(clients):
    response = clients["staff"].get(URL, {"deadline_from": "1391/07/01", "deadline_to": "1391/06/01"})
    assert "پایان بازه" in response.context["form"].errors["deadline_to"][0]


def test_a_committee_or_organization_of_another_group_is_not_a_valid_filter(clients, demo_group):
    _group, resolution, committee, _follow_up = other_group()
    response = clients["staff"].get(
        URL, {"committee": committee.pk, "organization": resolution.responsible_organization_id}
    )
    assert set(response.context["form"].errors) == {"committee", "organization"}
    assert len(numbers(response)) == 8


def test_pages_keep_the_filter(clients, demo_group):
    session = make_session(demo_group, 15, Meeting.Status.PUBLISHED)
    for number in range(1, 31):
        make_resolution(session, number, organization=tehran())
    first = clients["tehran"].get(URL, {"session": "15"})
    assert len(numbers(first)) == 25
    assert "?session=15&amp;page=2" in first.content.decode()
    second = clients["tehran"].get(URL, {"session": "15", "page": "2"})
    assert [n for _s, n in numbers(second)] == list(range(26, 31))
    assert "صفحهٔ ۲ از ۲" in second.content.decode()


def test_another_groups_tracker_is_not_found_for_members_of_this_one(clients):
    other_group()
    for role in ("secretary", "staff", "tehran", "isfahan", "outsider"):
        assert clients[role].get("/g/other/resolutions/").status_code == 404


def _queries(client, url) -> int:
    """The queries of making the page afresh (a forced reload), not of its kept answer."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, HTTP_CACHE_CONTROL="no-cache").status_code == 200
    return len(context)


@pytest.mark.parametrize("role", ["staff", "tehran"])
def test_query_count_does_not_grow_with_the_data(clients, demo_group, role, django_assert_num_queries):
    client = clients[role]
    client.get(URL)  # warm up the session
    baseline = _queries(client, URL)
    grow(demo_group, sessions=4)
    assert Resolution.objects.count() > 8 + 10
    with django_assert_num_queries(baseline):
        response = client.get(URL, HTTP_CACHE_CONTROL="no-cache")
    assert len(numbers(response)) == 20
