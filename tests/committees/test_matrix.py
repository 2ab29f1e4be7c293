"""``/g/<wg>/committees/``: organizations × committees, lead and collaborator marked, with a legend."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import CommitteeAssignment
from meetings import demo_facts
from tests import seed_facts
from tests.resolutions.factories import grow, make_committee, other_group, tehran
from tests.roles import GROUP_MEMBERS, assert_status_for

URL = "/g/meydan/committees/"
CITIES = demo_facts.MEMBER_CITIES


def roles_by_city(response) -> dict[str, dict[str, str]]:
    committees = [committee.name for committee in response.context["committees"]]
    return {
        row.organization.city: {name: role for name, role in zip(committees, row.roles, strict=True) if role}
        for row in response.context["rows"]
    }


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_open_the_matrix(clients, role, status):
    assert_status_for(clients[role], URL, status)


def test_the_matrix_is_the_minutes_assignments(clients):
    roles = roles_by_city(clients["isfahan"].get(URL))
    assert len(roles) == 12  # every member organization has a row
    for committee in seed_facts.SESSION["committees"]:
        assert roles[CITIES[committee["lead"]]][committee["name"]] == "lead"
        for key in committee["collaborators"]:
            assert roles[CITIES[key]][committee["name"]] == "collaborator"
    assert roles["تهران"] == {
        "کمیته حقوقی": "lead",
        "کمیته محیط زیست و بهداشت": "lead",
        "کمیته فرهنگی و اجتماعی": "collaborator",
        "کمیته جذب سرمایه گذار و تجارت الکترونیک": "collaborator",
    }


def test_lead_and_collaborator_are_marked_distinctly_with_a_legend(clients):
    page = clients["tehran"].get(URL).content.decode()
    committees = seed_facts.SESSION["committees"]
    assert page.count('class="matrix-cell legend-lead role-lead"') == len(committees)
    collaborations = sum(len(committee["collaborators"]) for committee in committees)
    assert page.count('class="matrix-cell legend-collaborator role-collaborator"') == collaborations == 23
    assert 'class="matrix-legend' in page
    assert "سازمانی که مسئولیت کمیته را بر عهده دارد" in page
    assert 'class="ours"' in page  # Tehran's own row


def test_an_ended_assignment_leaves_the_matrix(clients, demo_group, session13):
    assignment = CommitteeAssignment.objects.get(committee__name="کمیته حقوقی", organization__city="قم")
    assignment.until_meeting = session13
    assignment.save(update_fields=["until_meeting"])
    assert "کمیته حقوقی" not in roles_by_city(clients["staff"].get(URL))["قم"]


def test_a_non_member_organization_with_a_role_gets_its_own_row(clients, demo_group):
    from secretariat.models import Organization

    council = Organization.objects.get(name="شورای اسلامی شهر شیراز")
    session12 = demo_group.meetings.get(number=12)
    make_committee(demo_group, "کمیته مشترک", lead=tehran(), collaborators=(council,), since=session12)
    rows = clients["staff"].get(URL).context["rows"]
    assert rows[-1].organization == council and not rows[-1].is_member
    assert "غیرعضو" in clients["staff"].get(URL).content.decode()


def test_another_groups_committees_never_show(clients):
    other_group()
    page = clients["secretary"].get(URL).content.decode()
    assert "کمیته محرمانه کرمان" not in page
    assert clients["tehran"].get("/g/other/committees/").status_code == 404


@pytest.mark.parametrize("role", ["staff", "tehran"])
def test_query_count_does_not_grow(clients, demo_group, role, django_assert_num_queries):
    client = clients[role]
    client.get(URL)
    with CaptureQueriesContext(connection) as context:
        client.get(URL, HTTP_CACHE_CONTROL="no-cache")  # made afresh, not the kept answer
    grow(demo_group, sessions=4)
    with django_assert_num_queries(len(context)):
        response = client.get(URL, HTTP_CACHE_CONTROL="no-cache")
    assert len(response.context["committees"]) == 8
