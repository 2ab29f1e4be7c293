"""The minutes editor: saving every section, renumbering, new committees, errors, conflicts, access."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Committee
from meetings.models import Attendance, Meeting, Speech
from resolutions.models import Resolution
from secretariat.models import Organization, Person
from tests.forms_helper import read_form
from tests.roles import STAFF_ONLY
from tests.sample_data import add_sample_resolutions

EDIT = "/g/meydan/sessions/{}/edit/"


def editor_data(client, number: int) -> dict:
    response = client.get(EDIT.format(number))
    assert response.status_code == 200
    return read_form(response.content.decode(), "minutes-editor")


def add_row(data: dict, prefix: str, values: dict) -> int:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return index


def org(city: str) -> Organization:
    return Organization.objects.get(city=city, kind="market")


def person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def test_staff_writes_a_whole_session(clients, session13):
    client = clients["staff"]
    data = editor_data(client, 13)
    data.update(
        {
            "status": "held",
            "venue": "تالار شهر اصفهان",
            "start_time": "۹:۱۵",
            "end_time": "13:00",
            "sittings": ["morning", "afternoon"],
            "opening_programme": "تلاوت آیاتی از کلام الله مجيد",
            "minutes_number": "۱۳/۵۵",
        }
    )
    add_row(data, "days", {"date": "۱۳۹۱/۰۶/۲۹"})
    add_row(data, "days", {"date": "1391/6/30"})
    add_row(data, "attendance", {"person": person("tehran").pk, "kind": "present", "order": "1"})
    add_row(
        data,
        "attendance",
        {"person": person("esfahan").pk, "kind": "absent", "absence_reason": "مأموريت", "order": "2"},
    )
    add_row(data, "speeches", {"speaker": person("dabir").pk, "summary": "گزارش پيگيري مصوبات", "order": "1"})
    add_row(data, "agenda", {"title": "بررسی آیین‌نامه مالی", "order": "1"})
    add_row(
        data,
        "resolutions",
        {
            "verb": "مصوب شد",
            "text": "دبیرخانه گزارش را تهيه کند",
            "responsible_kind": "secretariat",
            "deadline_date": "۱۳۹۱/۰۸/۳۰",
            "deadline_text": "تا پایان آبان",
            "status": "open",
            "order": "1",
        },
    )
    response = client.post(EDIT.format(13), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(pk=session13.pk)
    assert meeting.status == "held" and meeting.version == session13.version + 1
    assert meeting.venue == "تالار شهر اصفهان"
    assert meeting.start_time.strftime("%H:%M") == "09:15"
    assert meeting.opening_programme == "تلاوت آیاتی از کلام الله مجید"  # Arabic yeh normalized
    assert [d.isoformat() for d in meeting.day_dates] == ["2012-09-19", "2012-09-20"]
    assert sorted(meeting.sittings.values_list("part", flat=True)) == ["afternoon", "morning"]
    absent = Attendance.objects.get(meeting=meeting, kind="absent")
    assert absent.absence_reason == "مأموریت" and absent.organization.city == "اصفهان"
    assert Speech.objects.get(meeting=meeting).speaker_position == person("dabir").position
    resolution = Resolution.objects.get(meeting=meeting)
    assert resolution.number == 1 and resolution.text == "دبیرخانه گزارش را تهیه کند"
    assert resolution.deadline_date.isoformat() == "2012-11-20"


def _resolution_rows(data: dict) -> list[int]:
    return list(range(int(data["resolutions-TOTAL_FORMS"])))


def test_reorder_and_remove_renumber_the_resolutions(clients, draft12):
    session12 = draft12
    session12.revisions.all().delete()  # as if never signed: a draft's resolutions may be removed
    session12.resolutions.update(first_signed_revision=None)
    client = clients["secretary"]
    data = editor_data(client, 12)
    texts = {i: data[f"resolutions-{i}-text"] for i in _resolution_rows(data)}
    # New order: 8, 1, 2, ... 6; resolution 7 removed.
    order = {7: 1, 0: 2, 1: 3, 2: 4, 3: 5, 4: 6, 5: 7}
    for index in _resolution_rows(data):
        if index == 6:
            data[f"resolutions-{index}-DELETE"] = "on"
        else:
            data[f"resolutions-{index}-order"] = str(order[index])
    response = client.post(EDIT.format(12), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = dict(Resolution.objects.filter(meeting=session12).values_list("number", "text"))
    assert sorted(saved) == [1, 2, 3, 4, 5, 6, 7]
    assert saved[1] == texts[7] and saved[2] == texts[0] and saved[7] == texts[5]
    assert texts[6] not in saved.values()
    html = client.get("/g/meydan/sessions/12/").content.decode()
    assert html.index("نظر به اعلام آمادگی سازمان اصفهان") < html.index(
        "با مسوولیت سازمان میادین تهران و همکاری"
    )
    assert '<span class="resolution-number">۷)</span>' in html


def test_a_resolution_forms_a_new_committee(clients, session13):
    client = clients["staff"]
    data = editor_data(client, 13)
    add_row(
        data,
        "resolutions",
        {
            "verb": "مصوب شد",
            "text": "کمیته گردشگری با مسوولیت سازمان میادین قم تشکیل شود",
            "responsible_kind": "new_committee",
            "new_committee_name": "کمیته گردشگری",
            "new_committee_lead": org("قم").pk,
            "new_committee_mandate": "بررسی بازارچه‌های گردشگری",
            "collaborators": [org("رشت").pk, org("کرج").pk],
            "status": "open",
            "order": "1",
        },
    )
    response = client.post(EDIT.format(13), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    committee = Committee.objects.with_current_assignments().get(name="کمیته گردشگری")
    assert committee.lead.city == "قم"
    assert sorted(o.city for o in committee.collaborators) == ["رشت", "کرج"]
    assert committee.formed_at == session13
    assert all(a.since_meeting == session13 for a in committee.assignments.all())
    resolution = Resolution.objects.get(meeting=session13)
    assert resolution.responsible_committee == committee
    assert resolution.responsible_kind == "committee"
    html = client.get("/g/meydan/sessions/13/?minutes=1").content.decode()  # a planned session's draft
    assert "<strong>کمیته گردشگری</strong>" in html


def test_errors_are_persian_next_to_the_field_and_nothing_typed_is_lost(clients, session13):
    client = clients["staff"]
    data = editor_data(client, 13)
    data["start_time"] = "ساعت نه"
    add_row(data, "days", {"date": "1392/12/30"})
    add_row(
        data,
        "resolutions",
        {
            "verb": "مصوب شد",
            "text": "متنی که نباید گم شود",
            "responsible_kind": "organization",
            "status": "open",
        },
    )
    add_row(data, "attendance", {"person": person("tehran").pk, "kind": "substitute"})
    response = client.post(EDIT.format(13), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "متنی که نباید گم شود" in html
    assert 'value="1392/12/30"' in html
    assert 'value="ساعت نه"' in html
    assert "سازمان مسئول را انتخاب کنید" in html
    assert "روز ۳۰ ندارد" in html
    assert "به جای چه کسی" in html or "جانشین" in html
    assert "invalid-feedback" in html
    assert Meeting.objects.get(pk=session13.pk).version == session13.version  # nothing saved


def test_two_editors_the_later_save_is_refused_and_both_versions_are_shown(clients, session13):
    first, second = clients["secretary"], clients["staff"]
    data_first = editor_data(first, 13)
    data_second = editor_data(second, 13)
    data_first["venue"] = "سالن اول"
    assert first.post(EDIT.format(13), data_first).status_code == 302
    data_second["venue"] = "سالن دوم"
    response = second.post(EDIT.format(13), data_second)
    assert response.status_code == 409
    html = response.content.decode()
    assert Meeting.objects.get(pk=session13.pk).venue == "سالن اول"
    assert 'id="edit-conflict"' in html and "dabir" in html
    assert 'value="سالن دوم"' in html  # the second editor's text is kept in the form
    assert "سالن اول" in html  # and the saved version is shown beside it
    again = read_form(html, "minutes-editor")
    assert second.post(EDIT.format(13), again).status_code == 302
    assert Meeting.objects.get(pk=session13.pk).venue == "سالن دوم"


@pytest.mark.parametrize(
    ("role", "status"),
    STAFF_ONLY,
)
def test_editor_access(clients, session13, role, status):
    response = clients[role].get(EDIT.format(13))
    assert response.status_code == status
    assert clients[role].post(EDIT.format(13), {}).status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_member_cannot_save_through_the_editor(clients, session13):
    data = editor_data(clients["secretary"], 13)
    data["venue"] = "تغییر غیرمجاز"
    assert clients["tehran"].post(EDIT.format(13), data).status_code == 403
    assert Meeting.objects.get(pk=session13.pk).venue == ""


def test_published_minutes_are_not_editable(clients, session12):
    response = clients["secretary"].get(EDIT.format(12))
    assert response.status_code == 409
    assert "دیگر قابل ویرایش نیست" in response.content.decode()


def _editor_queries(client, number: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(EDIT.format(number)).status_code == 200
    return len(queries)


def test_editor_query_count_is_bounded(clients, demo_group):
    small = Meeting.objects.create(working_group=demo_group, number=30, status="held")
    large = Meeting.objects.create(working_group=demo_group, number=40, status="held")
    add_sample_resolutions(small, 3)
    add_sample_resolutions(large, 60)
    people = list(Person.objects.all())
    for order, someone in enumerate(people, start=1):
        Attendance.objects.create(meeting=large, person=someone, order=order)
        Speech.objects.create(meeting=large, speaker=someone, summary="سخن", order=order)
    client = clients["secretary"]
    assert _editor_queries(client, 30) == _editor_queries(client, 40)
    # 40, the group's members for the quorum, votes by organization, members not in the attendance
    assert _editor_queries(client, 40) <= 47


def test_a_minutes_number_given_on_circulation_reads_in_persian_digits_in_the_editor(clients, session13):
    session13.status = Meeting.Status.HELD
    session13.minutes_number = "13/1"
    session13.save(update_fields=["status", "minutes_number"])
    assert editor_data(clients["staff"], 13)["minutes_number"] == "۱۳/۱"


def test_a_day_listed_twice_is_said_in_persian_beside_the_days(clients, held13):
    data = editor_data(clients["staff"], 13)
    add_row(data, "days", {"date": "۱۳۹۱/۰۶/۲۹"})
    add_row(data, "days", {"date": "۱۳۹۱/۰۶/۲۹"})
    page = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "یک روز دو بار آمده است" in page
    assert "محتوی تکراری" not in page and "برای date" not in page


def test_a_speech_prints_the_position_with_the_speakers_organization(clients, held13):
    from meetings.minutes.document import build_document
    from meetings.models import Meeting, Speech

    tehran_rep = person("tehran")
    Speech.objects.create(
        meeting=held13, speaker=tehran_rep, speaker_position="مدیرعامل", summary="سخن", order=1
    )
    Speech.objects.create(
        meeting=held13,
        speaker=tehran_rep,
        speaker_position=f"معاون {tehran_rep.organization.name}",
        summary="سخن دوم",
        order=2,
    )
    speeches = build_document(Meeting.objects.get(pk=held13.pk)).speeches
    assert speeches[0].position == f"مدیرعامل {tehran_rep.organization.name}"
    assert speeches[1].position == f"معاون {tehran_rep.organization.name}"  # already named: as written


def test_the_responsible_organization_is_not_its_own_collaborator(clients, held13):
    data = editor_data(clients["staff"], 13)
    add_row(
        data,
        "resolutions",
        {
            "text": "مقرر شد سازمان تهران گزارش دهد.",
            "responsible_kind": "organization",
            "responsible_organization": org("تهران").pk,
            "collaborators": [org("تهران").pk, org("قم").pk],
            "status": "open",
            "vote": "approved",
        },
    )
    page = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "سازمان مسئول نمی‌تواند همکار خودش هم باشد" in page
    assert "مقرر شد سازمان تهران گزارش دهد." in page  # nothing typed is lost
