"""The home page ``/`` for staff (groups and sessions) and for users without a role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.resolutions.factories import grow, other_group

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.mark.parametrize("role", ["secretary", "staff"])
def test_staff_see_their_group_and_its_sessions(clients, role):
    response = clients[role].get("/")
    assert response.status_code == 200
    assert [group.slug for group in response.context["staff_groups"]] == ["meydan"]
    assert response.context["organization_pages"] == []
    html = response.content.decode()
    assert "دوازدهمین نشست" in html and "۳۱ خرداد و ۱ تیر ۱۳۹۱" in html
    assert "سیزدهمین نشست" in html and "حدود ۳۱ شهریور ۱۳۹۱" in html
    assert 'href="/g/meydan/resolutions/follow-ups/"' in html


def test_staff_do_not_see_groups_they_do_not_staff(clients):
    other_group()
    html = clients["secretary"].get("/").content.decode()
    assert "کارگروه دیگر" not in html


def test_a_user_without_a_role_is_told_so(clients):
    response = clients["outsider"].get("/")
    assert response.status_code == 200
    assert response.context["organization_pages"] == [] and response.context["staff_groups"] == []
    assert "هنوز در هیچ کارگروهی نقشی ندارید." in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(clients):
    response = clients["anonymous"].get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_query_count_does_not_grow_with_sessions(clients, demo_group, django_assert_num_queries):
    client = clients["staff"]
    client.get("/")
    with CaptureQueriesContext(connection) as context:
        client.get("/", HTTP_CACHE_CONTROL="no-cache")  # made afresh, not the kept answer
    grow(demo_group, sessions=4)
    with django_assert_num_queries(len(context)):
        response = client.get("/", HTTP_CACHE_CONTROL="no-cache")
    assert len(response.context["staff_groups"][0].listed_meetings) == 6
