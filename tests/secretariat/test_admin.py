"""The admin is usable by secretariat staff, in Persian, for every model of the project."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import client_for

PROJECT_APPS = {"secretariat", "meetings", "committees", "resolutions"}
PROJECT_MODELS = [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]
# Records made only by the signing workflow: the admin shows them and never adds one.
READ_ONLY_MODELS = {"meetings.minutesrevision", "meetings.signature"}


def test_every_project_model_is_in_the_admin():
    from django.apps import apps

    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert model in admin.site._registry, model


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_form_open_for_the_secretary(model, secretary):
    client = client_for(secretary)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200
    expected = 403 if model._meta.label_lower in READ_ONLY_MODELS else 200
    assert client.get(reverse("admin:%s_%s_add" % info)).status_code == expected
    assert client.get(reverse("admin:%s_%s_changelist" % info), {"q": "تهران"}).status_code == 200


def test_session_12_in_the_admin_in_persian_with_its_inlines(session12, secretary):
    response = client_for(secretary).get(reverse("admin:meetings_meeting_change", args=[session12.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page
    assert "نشست" in page and "مصوبه" in page and "حضور" in page
    assert "۱۳۹۱/۰۳/۳۱" in page  # the days in Jalali
    assert "کمیته حقوقی با مسوولیت سازمان میادین تهران" in page
    assert "جناب آقای" not in page or "دبیری" in page


def test_member_users_cannot_use_the_admin(tehran_user):
    response = client_for(tehran_user).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_saves_a_jalali_date_and_normalizes_arabic_letters(session13, secretary):
    client = client_for(secretary)
    url = reverse("admin:meetings_meetingday_add")
    response = client.post(url, {"meeting": session13.pk, "date": "۱۳۹۱/۰۶/۲۵"})
    assert response.status_code == 302
    assert session13.days.get().date.isoformat() == "2012-09-15"
    response = client.post(
        reverse("admin:secretariat_organization_add"),
        {"name": "سازمان ميادين كرمان", "short_name": "", "city": "كرمان", "kind": "market", "email": ""},
    )
    assert response.status_code == 302
    from secretariat.models import Organization

    assert Organization.objects.get(city="کرمان").name == "سازمان میادین کرمان"


def test_admin_refuses_an_impossible_jalali_date_in_persian(session13, secretary):
    response = client_for(secretary).post(
        reverse("admin:meetings_meetingday_add"), {"meeting": session13.pk, "date": "1392/12/30"}
    )
    assert response.status_code == 200
    assert "1392/12/30" in response.content.decode()  # what was typed is kept
    assert "روز" in response.content.decode()
