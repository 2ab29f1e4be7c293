"""The minutes page: what it shows, who may see it, and that its queries do not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from resolutions.models import FollowUp, Resolution
from tests.resolutions.factories import make_follow_up, tehran
from tests.roles import GROUP_MEMBERS
from tests.sample_data import add_sample_resolutions

URL = "/g/meydan/sessions/{}/"


def page(client, number: int) -> str:
    """The minutes of session ``number`` (as drafted so far, for a planned session)."""
    response = client.get(URL.format(number) + "?minutes=1")
    assert response.status_code == 200
    return response.content.decode()


def test_session_12_reads_like_the_minutes(clients, session12):
    html = page(clients["secretary"], 12)
    for expected in [
        "بسمه تعالی",
        "صورتجلسه",
        "دوازدهمین نشست",
        "۳۱ خرداد و ۱ تیر ۱۳۹۱",
        "۸:۴۰",
        "سازمان میادین و ساماندهی مشاغل شهرداری شیراز",
        "تلاوت آیاتی از کلام... مجید و پخش سرود جمهوری اسلامی ایران",
        "جناب آقای مهندس مرادی",
        "دبیر کمیته معاونین خدمات شهری کلان شهر ها",
        "<strong>کمیته حقوقی</strong>",
        "<strong>کمیته جذب سرمایه گذار و تجارت الکترونیک</strong>",
        "۳۱ شهریور ۱۳۹۱",
        "حداکثر تا پایان شهریور ماه سال جاری",
        "سیزدهمین نشست",
        "به میزبانی سازمان میادین و ساماندهی مشاغل شهرداری اصفهان",
        "اواخر شهریور ۹۱",
        "امضای حاضران",
    ]:
        assert expected in html, expected
    assert html.count('class="resolution"') == 8
    assert 'dir="rtl"' in html


def test_resolution_shows_responsible_collaborators_and_deadline(clients, session12):
    html = page(clients["secretary"], 12)
    first = html[html.index('id="resolution-1"') : html.index('id="resolution-2"')]
    assert "مسئول اجرا" in first and "کمیته حقوقی" in first
    assert "با مسئولیت سازمان میادین تهران" in first
    assert (
        first.index("سازمان میادین کرج")
        < first.index("سازمان میادین مشهد")
        < first.index("سازمان میادین رشت")
    )
    assert "تا نشست آینده" in first


def test_follow_up_of_earlier_resolutions_in_the_next_session(clients, session12, session13, tehran_user):
    resolution = Resolution.objects.get(meeting=session12, number=1)
    FollowUp.objects.create(
        resolution=resolution,
        organization=resolution.responsible_committee.lead,
        text="پیش‌نویس آئین‌نامه مالی تهیه و به دبیرخانه ارسال شد",
        review=FollowUp.Review.ACCEPTED,
        reported_at_meeting=session13,
        reported_on=datetime.date(2012, 9, 1),
    )
    FollowUp.objects.create(
        resolution=resolution, text="گزارشی که هنوز بررسی نشده", review=FollowUp.Review.SUBMITTED
    )
    html = page(clients["secretary"], 13)
    section = html[html.index('id="follow-up"') : html.index('id="attendance"')]
    assert "مصوبه ۱ دوازدهمین نشست" in section
    assert "پیش‌نویس آئین‌نامه مالی تهیه و به دبیرخانه ارسال شد" in section
    assert "۱۱ شهریور ۱۳۹۱" in section
    assert "گزارشی که هنوز بررسی نشده" not in html
    assert section.count("<tr>") == 1 + 8  # header row and the eight open resolutions of session 12


def test_closed_earlier_resolutions_are_not_followed_up(clients, session12, session13):
    Resolution.objects.filter(meeting=session12).exclude(number=2).update(status=Resolution.Status.DONE)
    section = page(clients["secretary"], 13).split('id="follow-up"')[1]
    assert "مصوبه ۲ دوازدهمین نشست" in section and "مصوبه ۱ دوازدهمین نشست" not in section


def test_an_earlier_resolution_closed_at_this_session_is_still_followed_up(clients, session12, session13):
    Resolution.objects.filter(meeting=session12).update(status=Resolution.Status.DONE)
    done_at_13 = Resolution.objects.get(meeting=session12, number=3)
    make_follow_up(
        done_at_13,
        tehran(),
        text="گزارش پایان کار در نشست سیزدهم",
        review=FollowUp.Review.ACCEPTED,
        reported_at_meeting=session13,
    )
    section = page(clients["secretary"], 13).split('id="follow-up"')[1]
    assert "مصوبه ۳ دوازدهمین نشست" in section and "گزارش پایان کار در نشست سیزدهم" in section
    assert "مصوبه ۱ دوازدهمین نشست" not in section


@pytest.mark.parametrize(
    ("role", "status"),
    GROUP_MEMBERS,
)
def test_who_may_read_published_minutes(clients, session12, role, status):
    response = clients[role].get(URL.format(12))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("role", "page_status", "pdf_status"),
    [
        ("secretary", 200, 200),
        ("staff", 200, 200),
        ("tehran", 200, 404),  # the session, not its draft
        ("isfahan", 200, 404),
        ("outsider", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_draft_minutes_are_for_staff_only(clients, held_session, role, page_status, pdf_status):
    Resolution.objects.create(
        meeting=held_session,
        number=1,
        text="پیش‌نویس: بازارچه موقت تا پایان سال برچیده شود.",
        responsible_kind="none",
    )
    response = clients[role].get(URL.format(14))
    assert response.status_code == page_status
    assert clients[role].get(URL.format(14) + "minutes.pdf").status_code == pdf_status
    assert clients[role].get(URL.format(14) + "minutes.docx").status_code == pdf_status
    if role in ("tehran", "isfahan"):
        html = response.content.decode()
        assert 'id="being-drafted"' in html
        assert "بازارچه موقت" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 200), ("staff", 200), ("tehran", 200), ("isfahan", 404), ("outsider", 404)],
)
def test_circulated_minutes_are_for_the_organizations_that_attended(clients, held_session, role, status):
    held_session.status = Meeting.Status.CIRCULATED
    held_session.save(update_fields=["status"])
    assert clients[role].get(URL.format(14)).status_code == status


def test_a_planned_sessions_page_is_its_preparation_and_its_draft_minutes_are_for_staff(clients, session13):
    member = clients["tehran"].get(URL.format(13))
    assert member.status_code == 200 and 'id="agenda"' in member.content.decode()
    assert 'id="minutes"' not in clients["tehran"].get(URL.format(13) + "?minutes=1").content.decode()
    assert 'id="minutes"' in clients["secretary"].get(URL.format(13) + "?minutes=1").content.decode()


def test_unknown_session_or_group_is_404(clients, session12):
    assert clients["secretary"].get(URL.format(99)).status_code == 404
    assert clients["secretary"].get("/g/unknown/sessions/12/").status_code == 404


def _query_count(client, number: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, number)
    return len(queries)


def test_minutes_page_queries_do_not_grow_with_resolutions(clients, demo_group, session13):
    small = Meeting.objects.create(working_group=demo_group, number=20, status=Meeting.Status.HELD)
    large = Meeting.objects.create(working_group=demo_group, number=22, status=Meeting.Status.HELD)
    add_sample_resolutions(small, 8)
    add_sample_resolutions(large, 200)
    client = clients["secretary"]
    client.get("/")  # a signed-in browser has its CSRF cookie: from then on each answer is kept
    assert _query_count(client, 20) == _query_count(client, 22)


def test_minutes_page_query_budget(clients, session12, django_assert_max_num_queries):
    page(clients["secretary"], 12)  # the minutes document is rendered once, then cached
    # 22, the requests before signing, the votes by organization, the e-mail sent from the page
    with django_assert_max_num_queries(25):
        page(clients["secretary"], 12)
