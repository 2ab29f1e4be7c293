"""A member user's home ``/``: its organization's committees, resolutions, minutes to sign, published minutes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Meeting
from resolutions.actions import set_status
from resolutions.models import FollowUp
from secretariat.persian import to_persian_digits
from tests.resolutions.factories import grow, isfahan, make_follow_up, make_resolution, make_session, tehran

pytestmark = pytest.mark.usefixtures("private_media")


def page_of(client):
    response = client.get("/", HTTP_CACHE_CONTROL="no-cache")  # made afresh, with its context
    assert response.status_code == 200
    (organization_page,) = response.context["organization_pages"]
    return response, organization_page


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_tehran_leads_the_legal_and_environment_committees_and_collaborates_in_two(clients):
    response, page = page_of(clients["tehran"])
    roles = {role.committee.name: role.is_lead for role in page.committees}
    assert roles == {
        "کمیته حقوقی": True,
        "کمیته محیط زیست و بهداشت": True,
        "کمیته فرهنگی و اجتماعی": False,
        "کمیته جذب سرمایه گذار و تجارت الکترونیک": False,
    }
    html = response.content.decode()
    for name, is_lead in roles.items():
        badge = "role-lead" if is_lead else "role-collaborator"
        section = html.split(f">{name}</a>")[1].split("</li>")[0]
        assert badge in section, name
    assert "سازمان میادین و ساماندهی مشاغل شهرداری تهران" in html


def test_tehran_sees_resolution_1_with_its_jalali_deadline_days_left_and_the_next_session(clients):
    response, page = page_of(clients["tehran"])
    assert [r.number for r in page.open_resolutions] == [1, 4, 2, 3]  # by deadline, then session order
    content = response.content.decode()
    html = text(content[content.index("member-resolutions") :])
    row = html.split("مصوبه ۱ دوازدهمین نشست")[1].split("مصوبه ۴ دوازدهمین نشست")[0]
    assert "۳۱ شهریور ۱۳۹۱" in row
    days = (timezone.localdate() - datetime.date(2012, 9, 21)).days
    assert re.search(r"[۰-۹]+ روز گذشته", row), row
    assert str(days) not in row  # Persian digits only
    assert "مهلت گذشته" in row  # the overdue mark
    assert "تا نشست آینده (سیزدهمین نشست، ۳۱ شهریور ۱۳۹۱)" in row
    assert "مسئول کمیته" in row
    assert 'class="table-danger"' in response.content.decode()


def test_days_left_for_a_deadline_still_ahead(clients, demo_group):
    session = make_session(demo_group, 14, Meeting.Status.PUBLISHED)
    make_resolution(
        session, 1, organization=tehran(), deadline=timezone.localdate() + datetime.timedelta(days=12)
    )
    html = text(clients["tehran"].get("/").content.decode())
    row = html.split("مصوبه ۱ چهاردهمین نشست")[1]
    assert "۱۲ روز مانده" in row


def test_isfahan_sees_its_own_resolution_8_and_not_tehrans_environment_committee(clients):
    _response, page = page_of(clients["isfahan"])
    assert {r.number for r in page.open_resolutions} == {1, 2, 8}
    assert {role.committee.name for role in page.committees if role.is_lead} == {"کمیته فرهنگی و اجتماعی"}


def test_published_minutes_and_never_drafts(clients, demo_group):
    draft = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    make_resolution(draft, 1, organization=tehran(), text="پیش‌نویس محرمانه")
    response, page = page_of(clients["tehran"])
    assert [m.number for m in page.published] == [12]
    assert "صورتجلسهٔ دوازدهمین نشست" in response.content.decode()
    assert "پیش‌نویس محرمانه" not in response.content.decode()
    assert "چهاردهمین" not in response.content.decode()


def test_minutes_awaiting_signature_are_those_circulated_that_the_organization_attended(clients, demo_group):
    make_session(
        demo_group, 14, Meeting.Status.CIRCULATED, attended_by=(tehran(),), days=(datetime.date(2012, 9, 20),)
    )
    make_session(demo_group, 15, Meeting.Status.CIRCULATED, attended_by=(isfahan(),))
    _response, tehran_page = page_of(clients["tehran"])
    assert [m.number for m in tehran_page.awaiting_signature] == [14]
    _response, isfahan_page = page_of(clients["isfahan"])
    assert [m.number for m in isfahan_page.awaiting_signature] == [15]
    assert "۳۰ شهریور ۱۳۹۱" in clients["tehran"].get("/").content.decode()


def test_own_reports_with_their_review_but_not_another_organizations(clients, resolution_1=None):
    from resolutions.models import Resolution

    first = Resolution.objects.get(meeting__number=12, number=1)
    make_follow_up(first, tehran(), text="گزارش تهران", review=FollowUp.Review.RETURNED)
    make_follow_up(first, isfahan(), text="گزارش اصفهان")
    _response, page = page_of(clients["tehran"])
    assert [f.organization for f in page.reports] == [tehran()]
    html = clients["tehran"].get("/").content.decode()
    assert "برگشت‌خورده" in html


def test_done_resolutions_are_listed_apart(clients):
    from resolutions.models import Resolution

    set_status(Resolution.objects.get(meeting__number=12, number=3), Resolution.Status.DONE)
    _response, page = page_of(clients["tehran"])
    assert [r.number for r in page.closed_resolutions] == [3]
    assert 3 not in [r.number for r in page.open_resolutions]


def test_the_member_home_links_its_group_pages(clients):
    html = clients["tehran"].get("/").content.decode()
    for link in ("/g/meydan/committees/", "/g/meydan/resolutions/", "/g/meydan/resolutions/follow-ups/"):
        assert f'href="{link}' in html
    assert "/edit/" not in html


def test_query_count_does_not_grow_with_the_data(clients, demo_group, django_assert_num_queries):
    # One of each kind of row first: an empty list skips its prefetch query.
    make_session(demo_group, 14, Meeting.Status.CIRCULATED, attended_by=(tehran(),))
    client = clients["tehran"]
    client.get("/")
    with CaptureQueriesContext(connection) as context:
        client.get("/", HTTP_CACHE_CONTROL="no-cache")  # made afresh, not the kept answer
    grow(demo_group, sessions=4)
    with django_assert_num_queries(len(context)):
        _response, page = page_of(client)
    assert len(page.open_resolutions) == 4 + 6  # the published sessions' only: the others are not signed yet
    assert len(page.committees) == 4 + 4
    assert len(page.awaiting_signature) == 3 and len(page.published) == 3


# -- what is next, first on the home page (#22 point 3) -------------------------------------------


def whats_next(client) -> str:
    html = client.get("/").content.decode()
    start = html.index('id="whats-next-meydan"')
    return html[start : html.index("</section>", start)]


def test_the_home_starts_with_the_next_session_its_invitation_and_the_proposal_cutoff(
    clients, session13, staff_user
):
    from meetings.planning import actions as planning_actions
    from secretariat.access import access_for

    card = whats_next(clients["tehran"])
    assert "سیزدهمین نشست" in card and "اصفهان" in card
    assert "دعوتنامه هنوز صادر نشده است" in card and 'id="answer-invitation"' not in card
    assert "مهلت پیشنهاد در ۲۴ شهریور ۱۳۹۱ به پایان رسید" in text(card)
    waiting = page_of(clients["tehran"])[1].waiting_count
    session13.agenda_items.update(state="accepted")
    planning_actions.issue_invitation(access_for(staff_user, session13.working_group), session13)
    card = whats_next(clients["tehran"])
    assert 'id="answer-invitation"' in card and page_of(clients["tehran"])[1].waiting_count == waiting + 1
    response = clients["tehran"].post(
        "/g/meydan/sessions/13/reply/",
        {
            "answer": "representative",
            "honorific": "mr",
            "title": "eng",
            "first_name": "علی",
            "last_name": "رضایی",
        },
    )
    assert response.status_code == 302
    card = whats_next(clients["tehran"])
    assert 'id="answer-invitation"' not in card
    assert "پاسخ شما: \u2068جناب آقای مهندس علی رضایی\u2069 حاضر می‌شود" in text(card)
    isfahan_card = whats_next(clients["isfahan"])
    assert "میزبان: سازمان شما" in isfahan_card and 'id="answer-invitation"' in isfahan_card


def test_the_home_lists_minutes_to_sign_requests_to_answer_and_what_is_due(clients, demo_group):
    make_session(demo_group, 14, Meeting.Status.CIRCULATED, attended_by=(tehran(),))
    card = text(whats_next(clients["tehran"]))
    assert "صورتجلسهٔ چهاردهمین نشست در انتظار امضای شماست" in card
    assert "دبیرخانه می‌پرسد" in card  # the demo's two requests of resolutions 5 and 6
    assert "مصوبه ۱ دوازدهمین نشست" in card  # long overdue
    _response, page = page_of(clients["tehran"])
    assert page.waiting_count == 1 + len(page.unanswered_requests) + len(page.due_soon) > 3


def test_nothing_planned_says_so(clients, session13):
    session13.delete()
    assert "هنوز نشستی برنامه‌ریزی نشده است" in whats_next(clients["tehran"])


def test_the_unread_count_is_outside_the_collapsed_menu(clients, tehran_user):
    from secretariat.models import Notification

    Notification.objects.create(recipient=tehran_user, kind="report", title="پیام")
    unread = Notification.objects.filter(recipient=tehran_user, read_at__isnull=True).count()
    html = clients["tehran"].get("/").content.decode()
    small = html[html.index('id="inbox-link-small"') : html.index('id="main-nav"')]
    assert f'text-bg-warning">{to_persian_digits(unread)}</span>' in small
