"""Adding a person or an organization from the editor without leaving it."""

import pytest

from secretariat.models import Organization, Person

PERSON = "/g/meydan/people/new/"
ORGANIZATION = "/g/meydan/organizations/new/"


def test_staff_add_a_person_and_get_an_option_back(clients, demo_group):
    response = clients["staff"].post(
        PERSON,
        {
            "new-person-honorific": "ms",
            "new-person-title": "dr",
            "new-person-last_name": "كريمي",
            "new-person-position": "مشاور",
        },
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "person-created"
    person = Person.objects.get(last_name="کریمی")
    html = response.content.decode()
    assert f'data-created-value="{person.pk}"' in html
    assert "سرکار خانم دکتر کریمی" in html


def test_a_person_without_a_last_name_is_refused_in_persian(clients, demo_group):
    response = clients["staff"].post(PERSON, {"new-person-position": "مشاور"})
    assert response.status_code == 422
    assert "این فیلد لازم است" in response.content.decode()
    assert 'value="مشاور"' in response.content.decode()


def test_staff_add_an_organization(clients, demo_group):
    response = clients["staff"].post(
        ORGANIZATION, {"new-organization-name": "سازمان میادین کرمان", "new-organization-kind": "market"}
    )
    assert response.status_code == 200
    assert Organization.objects.filter(name="سازمان میادین کرمان").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("tehran", 403), ("isfahan", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_only_staff_may_add_people_or_organizations(clients, demo_group, role, status):
    count = Person.objects.count(), Organization.objects.count()
    assert clients[role].post(PERSON, {"new-person-last_name": "نفوذی"}).status_code == status
    assert clients[role].post(ORGANIZATION, {"new-organization-name": "نفوذی"}).status_code == status
    assert clients[role].get(PERSON).status_code in (status, 405)
    assert (Person.objects.count(), Organization.objects.count()) == count
