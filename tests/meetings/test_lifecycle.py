"""The lifecycle of a session, point by point as the review of #22 met it: absent organizations in
the minutes (2), a correction of minutes published before revisions were kept (5), a draft's
resolutions nowhere for members (7), register numbers frozen once signed (8), a signed
resolution never deleted, and the editor's people and organizations those of its own group (9)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from meetings.minutes import actions as minutes_actions
from meetings.minutes.forms import organization_queryset, person_queryset
from meetings.models import Attendance, Meeting
from meetings.signing import actions as signing_actions
from resolutions.models import Resolution
from secretariat.access import access_for
from secretariat.models import Membership, Organization, Person, WorkingGroup
from tests.meetings.pdf_text import pdf_text, words
from tests.meetings.test_signing import finalized
from tests.resolutions.factories import tehran
from tests.resolutions.test_numbering import continuous

SESSION = "/g/meydan/sessions/{}/"
SECRET = "مصوبه‌ای محرمانه که هنوز پیش‌نویس است"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- 2: every member organization in the attendance, absentees listed -------------------------


def test_absent_members_are_recorded_without_a_person_and_listed_in_the_minutes(
    clients, held13, staff_user, no_seal
):
    access = access_for(staff_user, held13.working_group)
    recorded = minutes_actions.record_absent_members(access, held13)
    members = Organization.objects.members_of(held13.working_group)
    assert len(recorded) == members.count() - 2  # all but Tehran and Isfahan, who attended
    absent = held13.attendances.filter(kind=Attendance.Kind.ABSENT)
    assert absent.count() == len(recorded) and not absent.exclude(person=None).exists()
    html = flat(clients["staff"].get(SESSION.format(13)).content.decode())
    assert "غایبان" in html and all(organization.name in html for organization in recorded)
    pdf = clients["staff"].get(SESSION.format(13) + "minutes.pdf")
    text = words(pdf_text(body(pdf)))
    assert "غایبان" in " ".join(text)
    assert minutes_actions.record_absent_members(access, held13) == []  # nobody is listed twice


# -- 5: a correction of minutes published before revisions were kept ---------------------------


def test_a_correction_of_the_published_archive_keeps_members_reading_it(clients, session12, secretary):
    assert not session12.revisions.exists() or session12.revisions.final().exists()
    signing_actions.open_correction(
        access_for(secretary, session12.working_group), session12, reason="اصلاح نام"
    )
    meeting = Meeting.objects.get(pk=session12.pk)
    assert meeting.status == Meeting.Status.HELD and meeting.revisions.final().count() == 1
    for role in ("tehran", "isfahan"):
        page = clients[role].get(SESSION.format(12))
        assert page.status_code == 200, role
        html = page.content.decode()
        assert "منتشرشده؛ اصلاحیه در دست تهیه است" in html
        assert "نظر به اعلام آمادگی سازمان اصفهان" in html  # the published text
        assert clients[role].get(SESSION.format(12) + "minutes.docx").status_code == 200
    group = clients["tehran"].get("/g/meydan/").content.decode()
    assert "منتشرشده؛ اصلاحیه در دست تهیه است" in group


# -- 7: a draft's resolutions stay with the secretariat -----------------------------------------


@pytest.fixture
def secret_draft(session13, staff_user):
    """A resolution staff draft in the editor of the planned 13th session, Tehran's, due soon."""
    return minutes_actions.add_resolution(
        access_for(staff_user, session13.working_group),
        session13,
        text=SECRET,
        responsible_organization=tehran(),
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )


@pytest.mark.parametrize("role", ["tehran", "isfahan"])
def test_a_drafts_resolution_is_nowhere_for_members(clients, secret_draft, role):
    client = clients[role]
    assert SECRET not in client.get("/g/meydan/resolutions/", {"q": "محرمانه"}).content.decode()
    assert client.get(secret_draft.get_tracker_url()).status_code == 404
    sheet = load_workbook(io.BytesIO(client.get("/g/meydan/resolutions/export.xlsx").content)).active
    assert all(SECRET not in str(cell.value) for row in sheet.iter_rows() for cell in row)
    for document in ("minutes.pdf", "minutes.docx"):
        assert client.get(SESSION.format(13) + document).status_code == 404, document
    for page in ("/", "/g/meydan/", SESSION.format(13), "/g/meydan/calendar.ics"):
        assert SECRET not in client.get(page).content.decode(), page
    report = client.post(secret_draft.get_tracker_url() + "report/", {"text": "x", "proposed_status": "open"})
    assert report.status_code == 404 and not secret_draft.follow_ups.exists()


def test_staff_find_the_draft_resolution_everywhere_they_look(clients, secret_draft):
    assert SECRET in clients["staff"].get("/g/meydan/resolutions/", {"q": "محرمانه"}).content.decode()
    docx = Document(io.BytesIO(body(clients["staff"].get(SESSION.format(13) + "minutes.docx"))))
    assert any(SECRET in paragraph.text for paragraph in docx.paragraphs)


# -- 8: register numbers of signed minutes never move --------------------------------------------


def test_deleting_a_draft_resolution_of_an_earlier_session_moves_no_signed_number(
    clients, operator, demo_group, held13, secretary, no_seal
):
    continuous(operator, demo_group, first=780, from_session=12)
    minutes_actions.add_resolution(access_for(secretary, demo_group), held13, text="مصوبه دوم نشست سیزدهم")
    finalized(clients, held13)
    signed = dict(held13.resolutions.values_list("number", "register_number"))
    assert signed == {1: 780, 2: 781}
    signing_actions.open_correction(
        access_for(secretary, demo_group), Meeting.objects.get(number=12), reason="افزودن"
    )
    twelve = Meeting.objects.get(number=12)
    earlier = minutes_actions.add_resolution(
        access_for(secretary, demo_group), twelve, text="مصوبه تازه نشست دوازدهم"
    )
    earlier.refresh_from_db()
    assert earlier.register_number not in (780, 781)
    minutes_actions.delete_resolution(access_for(secretary, demo_group), earlier)
    assert dict(held13.resolutions.values_list("number", "register_number")) == signed
    tracker = clients["tehran"].get("/g/meydan/resolutions/").content.decode()
    assert '<span class="cell">۷۸۰</span>' in tracker and '<span class="cell">۷۸۱</span>' in tracker


def test_a_signed_resolution_is_not_deleted_by_a_correction(clients, session12, secretary):
    access = access_for(secretary, session12.working_group)
    signing_actions.open_correction(access, session12, reason="اصلاح")
    resolution = Resolution.objects.get(meeting=session12, number=7)
    with pytest.raises(ValidationError, match="امضا شده است"):
        minutes_actions.delete_resolution(access, resolution)
    assert Resolution.objects.filter(pk=resolution.pk).exists()


# -- 9: the editor of one group offers its own people and organizations --------------------------


def test_the_editor_offers_only_its_groups_people_and_organizations(demo_group):
    other = WorkingGroup.objects.create(slug="other", name="کارگروه دیگر", secretariat_name="دبیرخانه دیگر")
    kerman = Organization.objects.create(name="سازمان میادین کرمان", city="کرمان")
    Membership.objects.create(working_group=other, organization=kerman)
    stranger = Person.objects.create(last_name="غریبه", organization=kerman)
    assert kerman not in organization_queryset(demo_group) and kerman in organization_queryset(other)
    assert stranger not in person_queryset(demo_group) and stranger in person_queryset(other)
    assert tehran() in organization_queryset(demo_group)


def test_recording_absentees_when_every_member_is_listed_says_so_not_zero(clients, held13):
    url = reverse("meetings:record_absent_members", args=["meydan", 13])
    first = clients["staff"].post(url, follow=True).content.decode()
    assert "سازمان عضو غایب ثبت شدند" in first
    page = clients["staff"].post(url, follow=True).content.decode()
    assert "همه سازمان‌های عضو از پیش در فهرست حاضران و غایبان هستند" in page
    assert "غایب ثبت شد" not in page
