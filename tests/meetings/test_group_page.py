"""The working group page: sessions, committees and open resolutions, by role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from tests.roles import GROUP_MEMBERS
from tests.sample_data import add_sample_resolutions

URL = "/g/meydan/"


def test_staff_see_every_session_committee_and_open_resolutions(clients, session13):
    html = clients["staff"].get(URL).content.decode()
    assert "دوازدهمین نشست" in html and "سیزدهمین نشست" in html
    assert "کمیته حقوقی" in html and "کمیته جذب سرمایه گذار و تجارت الکترونیک" in html
    assert "مصوبات باز (۸)" in html
    assert 'id="new-session"' in html
    assert "/g/meydan/sessions/13/plan/" in html


def test_members_see_published_sessions_and_their_own_resolutions(clients, session13):
    html = clients["tehran"].get(URL).content.decode()
    assert "دوازدهمین نشست" in html
    assert 'href="/g/meydan/sessions/13/"' in html  # planned: members prepare it
    assert 'id="new-session"' not in html and "/edit/" not in html
    assert "مصوبات باز سازمان شما (۴)" in html  # resolutions 1–4: committees Tehran leads or collaborates in


@pytest.mark.parametrize(
    ("role", "status"),
    GROUP_MEMBERS,
)
def test_group_page_access(clients, demo_group, role, status):
    assert clients[role].get(URL).status_code == status


def test_group_page_queries_do_not_grow(clients, demo_group):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert clients["staff"].get(URL).status_code == 200
        return len(queries)

    before = count()
    for number in range(20, 26):
        meeting = Meeting.objects.create(working_group=demo_group, number=number, status="held")
        add_sample_resolutions(meeting, 5)
    assert count() == before
