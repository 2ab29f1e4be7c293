"""Bounded input where layout or memory could explode: one-line fields with a stated limit, the
facts of an information request, the quorum, reissued invitations, file names."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Meeting
from resolutions import actions as resolution_actions
from resolutions.models import InformationRequest
from secretariat import actions as core_actions
from secretariat.access import access_for
from secretariat.downloads import content_disposition, safe_file_name
from secretariat.models import Organization, WorkingGroup
from tests.conftest import client_for
from tests.forms_helper import fact_rows
from tests.meetings.test_editor import EDIT, editor_data

VENUE_LIMIT = 500


def test_a_venue_longer_than_its_limit_is_refused_beside_the_field_and_nothing_typed_is_lost(
    clients, session13
):
    data = editor_data(clients["staff"], 13)
    page = clients["staff"].get(EDIT.format(13)).content.decode()
    assert 'maxlength="500"' in page and "حداکثر ۵۰۰ نویسه." in page  # stated beside the field
    data["venue"] = "تالار" * 101 + "!"  # 506 characters, one word
    response = clients["staff"].post(EDIT.format(13), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "حداکثر ۵۰۰ نویسه؛ این متن ۵۰۶ نویسه است." in html
    assert data["venue"] in html  # kept in the field to be shortened
    assert Meeting.objects.get(pk=session13.pk).venue != data["venue"]


def test_a_long_value_already_stored_is_kept_as_it_is_and_a_new_one_must_fit(clients, session13):
    archived = " ".join(["سالن همایش‌های"] * 60)  # 839 characters, imported whole from an archive
    Meeting.objects.filter(pk=session13.pk).update(venue=archived)
    data = editor_data(clients["staff"], 13)
    data["city"] = "اصفهان"
    assert clients["staff"].post(EDIT.format(13), data).status_code == 302
    assert Meeting.objects.get(pk=session13.pk).venue == archived
    data = editor_data(clients["staff"], 13)
    data["venue"] = archived + "، طبقه دوم"
    assert clients["staff"].post(EDIT.format(13), data).status_code == 200


def _ask(demo_group, fields: list[str]):
    return resolution_actions.ask_for_information(
        access_for(_dabir(), demo_group),
        title="آمار",
        question="آمار سال",
        deadline=datetime.date(2030, 1, 1),
        recipients=list(Organization.objects.members_of(demo_group)[:2]),
        fields=fields,
    )


def _dabir():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="dabir")


def test_an_information_request_asks_for_at_most_thirty_facts_each_once(demo_group):
    with pytest.raises(ValidationError, match="حداکثر ۳۰ مورد"):
        _ask(demo_group, [f"مورد {index}" for index in range(31)])
    with pytest.raises(ValidationError, match="دو بار"):
        _ask(demo_group, ["تعداد غرفه‌ها", "تعداد غرفه ها"])  # the same label, spelled apart
    with pytest.raises(ValidationError, match="حداکثر ۱۰۰ نویسه"):
        _ask(demo_group, ["ت" * 101])
    request, _delivery = _ask(demo_group, ["تعداد غرفه‌ها", "مساحت"])
    assert [fact.label for fact in request.facts] == ["تعداد غرفه‌ها", "مساحت"]


def test_the_request_form_says_which_fact_is_asked_twice(clients, demo_group):
    members = list(Organization.objects.members_of(demo_group).values_list("pk", flat=True)[:2])
    response = clients["staff"].post(
        "/g/meydan/requests/new/",
        {
            "title": "آمار",
            "question": "آمار سال",
            **fact_rows(
                ("تعداد غرفه‌ها", "number", ""), ("مساحت", "number", ""), ("تعداد غرفه‌ها", "text", "")
            ),
            "deadline": "۱۴۰۹/۰۱/۰۱",
            "recipients": members,
        },
    )
    assert response.status_code == 400
    assert "«تعداد غرفه‌ها» دو بار پرسیده شده است" in response.content.decode()
    assert not InformationRequest.objects.filter(title="آمار").exists()


def test_a_quorum_of_a_set_number_is_at_least_one_and_at_most_the_members(demo_group, operator):
    members = demo_group.memberships.count()
    for count in (0, None, members + 1):
        with pytest.raises(ValidationError):
            core_actions.save_working_group(
                operator, demo_group, {"quorum_rule": WorkingGroup.QuorumRule.COUNT, "quorum_count": count}
            )
    core_actions.save_working_group(
        operator, demo_group, {"quorum_rule": WorkingGroup.QuorumRule.COUNT, "quorum_count": members}
    )
    with pytest.raises(ValidationError, match="حد نصاب"):
        core_actions.delete_membership(operator, demo_group.memberships.first())


def test_the_admin_refuses_a_quorum_above_the_membership_beside_the_field(demo_group, operator):
    client = client_for(operator)
    url = reverse("admin:secretariat_workinggroup_change", args=[demo_group.pk])
    from tests.forms_helper import read_form

    data = read_form(client.get(url).content.decode(), "workinggroup_form")
    data.update({"quorum_rule": "count", "quorum_count": "50"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "بیشتر از" in response.content.decode()
    assert WorkingGroup.objects.get(pk=demo_group.pk).quorum_rule != "count"


def test_file_names_hold_no_folders_or_direction_marks():
    assert safe_file_name("دعوتنامه-۲۰/۵۱.pdf") == "دعوتنامه-۲۰-۵۱.pdf"
    assert safe_file_name("a\\b\u202e.pdf\n") == "a-b.pdf"
    assert safe_file_name("نیم‌فاصله.pdf") == "نیم‌فاصله.pdf"  # ZWNJ is part of the word
    header = content_disposition("x.pdf", "کتابچه-آمار/۱۴۰۵.pdf")
    assert "%2F" not in header and "/" not in header.split("filename*=")[1]
