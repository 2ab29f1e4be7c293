"""No lost updates: every action that changes a session's minutes or resolutions raises its edit
number, so an editor opened before it shows the conflict instead of saving over it; and a long
session saves in one piece."""

import pytest

from meetings.minutes import actions as minutes_actions
from meetings.minutes.actions import set_collaborators
from meetings.models import Meeting
from resolutions.models import Resolution
from secretariat.access import access_for
from secretariat.models import Organization
from tests.forms_helper import read_form
from tests.meetings.test_editor import EDIT, editor_data
from tests.resolutions.factories import isfahan, make_follow_up


@pytest.fixture
def draft13(session13):
    """Session 13 held, with one resolution of Tehran's: minutes in the editor."""
    session13.status = Meeting.Status.HELD
    session13.save(update_fields=["status"])
    Resolution.objects.create(
        meeting=session13,
        number=1,
        text="سازمان میادین تهران گزارش بازارچه‌ها را ارائه کند.",
        responsible_kind=Resolution.Responsible.ORGANIZATION,
        responsible_organization=Organization.objects.get(city="تهران", kind="market"),
    )
    return session13


def test_a_follow_up_accepted_while_the_editor_is_open_is_not_overwritten(clients, draft13):
    data = editor_data(clients["secretary"], 13)
    resolution = Resolution.objects.get(meeting=draft13, number=1)
    report = make_follow_up(resolution, Organization.objects.get(city="تهران", kind="market"))
    review = clients["staff"].post(
        f"/g/meydan/resolutions/follow-ups/{report.pk}/review/",
        {f"review-{report.pk}-decision": "accept", f"review-{report.pk}-comment": ""},
    )
    assert review.status_code == 302
    assert Resolution.objects.get(pk=resolution.pk).status == Resolution.Status.IN_PROGRESS
    data["venue"] = "تالار شهر"
    response = clients["secretary"].post(EDIT.format(13), data)
    assert response.status_code == 409
    assert 'id="edit-conflict"' in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.IN_PROGRESS  # not put back to "open"
    assert Meeting.objects.get(pk=draft13.pk).venue != "تالار شهر"


def test_the_session_that_reads_the_report_changes_too(clients, session12, session13):
    """A report accepted on resolution 1 of session 12 is read at session 13: both are changed."""
    before = {m.number: m.version for m in Meeting.objects.filter(number__in=[12, 13])}
    report = make_follow_up(Resolution.objects.get(meeting=session12, number=1), isfahan())
    staff = clients["staff"]
    staff.post(
        f"/g/meydan/resolutions/follow-ups/{report.pk}/review/",
        {f"review-{report.pk}-decision": "accept", f"review-{report.pk}-comment": ""},
    )
    after = {m.number: m.version for m in Meeting.objects.filter(number__in=[12, 13])}
    assert after[12] == before[12] + 1 and after[13] == before[13] + 1


def test_attendance_recorded_while_the_editor_is_open_is_not_overwritten(clients, draft13, secretary):
    data = editor_data(clients["secretary"], 13)
    tehran_person = secretary.__class__.objects.get(username="tehran").person
    minutes_actions.record_attendance(
        access_for(secretary, draft13.working_group),
        draft13,
        [minutes_actions.AttendanceEntry(person=tehran_person)],
    )
    response = clients["secretary"].post(EDIT.format(13), data)
    assert response.status_code == 409
    assert draft13.attendances.filter(person=tehran_person).exists()


def test_the_conflict_names_who_changed_the_minutes(clients, draft13, staff_user):
    data = editor_data(clients["secretary"], 13)
    resolution = Resolution.objects.get(meeting=draft13, number=1)
    report = make_follow_up(resolution, Organization.objects.get(city="تهران", kind="market"))
    clients["staff"].post(
        f"/g/meydan/resolutions/follow-ups/{report.pk}/review/",
        {f"review-{report.pk}-decision": "accept", f"review-{report.pk}-comment": ""},
    )
    page = clients["secretary"].post(EDIT.format(13), data).content.decode()
    assert "karmand" in page  # the staff user who accepted the report


def test_the_admin_cannot_change_a_session_behind_the_editor(clients, draft13, operator):
    from tests.conftest import client_for

    data = editor_data(clients["secretary"], 13)
    response = client_for(operator).post(
        f"/admin/meetings/meeting/{draft13.pk}/change/", {"venue": "از راه مدیریت"}
    )
    assert response.status_code == 403
    data["venue"] = "تالار شهر"
    assert clients["secretary"].post(EDIT.format(13), data).status_code == 302
    assert Meeting.objects.get(pk=draft13.pk).venue == "تالار شهر"


def test_a_session_of_sixty_resolutions_with_fourteen_collaborators_each_saves(clients, draft13):
    organizations = list(Organization.objects.order_by("pk"))[:14]
    assert len(organizations) == 14
    for number in range(2, 61):
        resolution = Resolution.objects.create(
            meeting=draft13,
            number=number,
            text=f"متن مصوبه شماره {number} درباره بازارچه‌های محلی.",
            responsible_kind=Resolution.Responsible.SECRETARIAT,
        )
        set_collaborators(resolution, organizations)
    response = clients["secretary"].get(EDIT.format(13))
    data = read_form(response.content.decode(), "minutes-editor")
    assert sum(len(v) if isinstance(v, list) else 1 for v in data.values()) > 1000
    data["resolutions-59-text"] = "متن تازه آخرین مصوبه"
    saved = clients["secretary"].post(EDIT.format(13), data)
    assert saved.status_code == 302
    last = Resolution.objects.get(meeting=draft13, number=60)
    assert last.text == "متن تازه آخرین مصوبه"
    assert last.collaborator_links.count() == 14
