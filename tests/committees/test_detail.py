"""A committee's page ``/g/<wg>/committees/<pk>/``: mandate, lead, collaborators, history, resolutions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Committee, CommitteeAssignment
from meetings.models import Meeting
from tests.resolutions.factories import grow, isfahan, make_resolution, make_session, other_group, tehran
from tests.roles import GROUP_MEMBERS, assert_status_for


@pytest.fixture
def legal(demo_group) -> Committee:
    return Committee.objects.get(working_group=demo_group, name="کمیته حقوقی")


def url(committee) -> str:
    return f"/g/meydan/committees/{committee.pk}/"


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_open_a_committee(clients, legal, role, status):
    assert_status_for(clients[role], url(legal), status)


def test_mandate_lead_collaborators_and_resolution(clients, legal):
    response = clients["isfahan"].get(url(legal))
    page = response.content.decode()
    assert "تهیه آئین نامه مالی و معاملاتی" in page
    assert '<span class="badge legend-lead">سازمان میادین تهران</span>' in page
    assert "سازمان میادین رشت" in page
    assert "تشکیل‌شده در دوازدهمین نشست" in page
    assert [r.number for r in response.context["resolutions"]] == [1]
    assert "۳۱ شهریور ۱۳۹۱" in page


def test_history_shows_since_and_until(clients, legal, session12, session13):
    ended = CommitteeAssignment.objects.get(committee=legal, organization=isfahan())
    ended.until_meeting = session13
    ended.save(update_fields=["until_meeting"])
    response = clients["tehran"].get(url(legal))
    history = {a.organization.city: (a.since_meeting, a.until_meeting) for a in response.context["history"]}
    assert history["اصفهان"] == (session12, session13)
    assert history["تهران"] == (session12, None)
    page = response.content.decode()
    assert "سیزدهمین" in page and "تاکنون" in page
    assert "سازمان میادین اصفهان</span>" not in page.split("شرح وظایف")[1].split("سابقهٔ")[0]


def test_resolutions_of_draft_minutes_stay_hidden_from_members(clients, legal, demo_group):
    draft = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    make_resolution(draft, 1, committee=legal, text="پیش‌نویس کمیته")
    assert "پیش‌نویس کمیته" not in clients["tehran"].get(url(legal)).content.decode()
    assert "پیش‌نویس کمیته" in clients["staff"].get(url(legal)).content.decode()


def test_another_groups_committee_is_not_found_by_its_id_here(clients):
    _group, _resolution, committee, _follow_up = other_group()
    for role in ("secretary", "staff", "tehran"):
        assert clients[role].get(url(committee)).status_code == 404
        assert clients[role].get(f"/g/other/committees/{committee.pk}/").status_code == 404


def test_query_count_does_not_grow(clients, legal, demo_group, django_assert_num_queries):
    client = clients["tehran"]
    client.get(url(legal))
    with CaptureQueriesContext(connection) as context:
        client.get(url(legal))
    grow(demo_group, sessions=2)
    for number in range(2, 6):
        make_resolution(Meeting.objects.get(number=12), 10 + number, committee=legal)
    with django_assert_num_queries(len(context)):
        response = client.get(url(legal))
    assert len(response.context["resolutions"]) == 5
