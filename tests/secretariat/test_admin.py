"""The admin is the operators' tool: superusers only; domain data read-only there; groups,
organizations, people and logins changed through the same actions as everywhere, and recorded."""

import pytest
from django.contrib import admin
from django.urls import reverse

from meetings.models import Meeting
from secretariat.models import AuditRecord, Organization, Person
from tests.conftest import client_for

PROJECT_APPS = {"secretariat", "meetings", "committees", "resolutions"}
PROJECT_MODELS = [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]
# What an operator sets up in the admin; everything else of the project is shown read-only.
EDITABLE_MODELS = {
    "secretariat.workinggroup",
    "secretariat.organization",
    "secretariat.person",
    "secretariat.membership",
}


# Not data anyone edits: the token that changes with every change (secretariat.data_version).
NOT_IN_ADMIN = {"secretariat.dataversion"}


def test_every_project_model_is_in_the_admin():
    from django.apps import apps

    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical") or model._meta.label_lower in NOT_IN_ADMIN:
                continue
            assert model in admin.site._registry, model


ADMIN_URLS = [
    "/admin/",
    "/admin/meetings/meeting/",
    "/admin/secretariat/workinggroup/",
    "/admin/secretariat/person/",
    "/admin/resolutions/calendarfeed/",
    "/admin/resolutions/followup/",
]


@pytest.mark.parametrize("url", ADMIN_URLS)
@pytest.mark.parametrize("role", ["secretary", "staff", "tehran", "isfahan", "outsider", "anonymous"])
def test_nobody_but_the_operator_enters_the_admin(clients, role, url):
    response = clients[role].get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_the_operator_enters_every_admin_page(operator, url):
    assert client_for(operator).get(url).status_code == 200


def test_staff_cannot_change_a_session_or_a_group_through_the_admin(clients, session12, demo_group):
    client = clients["secretary"]
    response = client.post(
        reverse("admin:meetings_meeting_change", args=[session12.pk]), {"venue": "جای دیگر"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.post(
        reverse("admin:secretariat_workinggroup_change", args=[demo_group.pk]),
        {"name": demo_group.name, "staff": []},
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    session12.refresh_from_db()
    assert session12.venue != "جای دیگر"


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_changelists_open_and_only_setup_models_can_be_added(model, operator):
    client = client_for(operator)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200
    expected = 200 if model._meta.label_lower in EDITABLE_MODELS else 403
    assert client.get(reverse("admin:%s_%s_add" % info)).status_code == expected
    assert client.get(reverse("admin:%s_%s_changelist" % info), {"q": "تهران"}).status_code == 200


def test_session_12_in_the_admin_in_persian_read_only(session12, operator):
    response = client_for(operator).get(reverse("admin:meetings_meeting_change", args=[session12.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page
    assert "نشست" in page and "مصوبه" in page and "حضور" in page
    assert "۱۳۹۱/۰۳/۳۱" in page  # the days in Jalali
    assert "کمیته حقوقی با مسوولیت سازمان میادین تهران" in page
    assert 'name="venue"' not in page
    assert (
        client_for(operator)
        .post(reverse("admin:meetings_meeting_change", args=[session12.pk]), {"venue": "x"})
        .status_code
        == 403
    )


def test_the_calendar_feed_token_is_never_shown(clients, operator, tehran_user):
    clients["tehran"].post("/g/meydan/calendar/renew/")
    token = tehran_user.person.organization.calendar_feed.token
    client = client_for(operator)
    listing = client.get("/admin/resolutions/calendarfeed/").content.decode()
    feed = tehran_user.person.organization.calendar_feed
    detail = client.get(reverse("admin:resolutions_calendarfeed_change", args=[feed.pk])).content.decode()
    assert token not in listing and token not in detail


def test_an_organization_added_in_the_admin_is_normalized_and_recorded(operator):
    client = client_for(operator)
    response = client.post(
        reverse("admin:secretariat_organization_add"),
        {"name": "سازمان ميادين كرمان", "short_name": "", "city": "كرمان", "kind": "market", "email": ""},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(city="کرمان")
    assert organization.name == "سازمان میادین کرمان"
    record = AuditRecord.objects.get(action="organization.created", subject_id=organization.pk)
    assert record.actor == operator and record.actor_name == "operator"


def test_an_impossible_jalali_date_is_refused_in_persian_and_kept(operator, demo_group):
    membership = demo_group.memberships.first()
    url = reverse("admin:secretariat_membership_change", args=[membership.pk])
    response = client_for(operator).post(
        url,
        {
            "working_group": demo_group.pk,
            "organization": membership.organization_id,
            "joined_on": "1392/12/30",
        },
    )
    assert response.status_code == 200
    assert "1392/12/30" in response.content.decode()  # what was typed is kept
    assert "روز" in response.content.decode()


def person_form(person: Person, **changes) -> dict:
    data = {
        "honorific": person.honorific,
        "title": person.title,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "position": person.position,
        "organization": person.organization_id or "",
        "email": person.email,
        "user": person.user_id or "",
    }
    return {**data, **changes}


def test_a_login_that_belongs_to_someone_is_not_moved_silently(operator, tehran_user, secretary):
    """The forging sequence: give the secretary's login to Tehran's representative."""
    client = client_for(operator)
    tehran_person = tehran_user.person
    url = reverse("admin:secretariat_person_change", args=[tehran_person.pk])
    response = client.post(url, person_form(tehran_person, user=secretary.pk))
    assert response.status_code == 200
    assert "این نام کاربری" in response.content.decode()
    tehran_person.refresh_from_db()
    assert tehran_person.user == tehran_user
    assert Person.objects.get(user=secretary).last_name == "جعفری"


def test_relinking_a_login_is_an_operator_action_on_record(operator, tehran_user):
    client = client_for(operator)
    tehran_person = tehran_user.person
    url = reverse("admin:secretariat_person_change", args=[tehran_person.pk])
    assert client.post(url, person_form(tehran_person, user="")).status_code == 302
    tehran_person.refresh_from_db()
    assert tehran_person.user is None
    record = AuditRecord.objects.get(action="person.login_unlinked", subject_id=tehran_person.pk)
    assert record.actor == operator and record.details["previous_login"] == "tehran"


def test_no_history_revert_in_the_admin(operator, session12):
    record = Meeting.history.filter(id=session12.pk).first()
    url = reverse("admin:meetings_meeting_simple_history", args=[session12.pk, record.history_id])
    client_for(operator).post(url, {"venue": "برگشت", "number": 12, "status": "held"})
    session12.refresh_from_db()
    assert session12.venue != "برگشت"
