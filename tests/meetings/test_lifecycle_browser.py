"""The whole lifecycle as its users click through it (#22), in real Chromium: the secretariat plans
the 13th session and invites; Tehran replies naming a new representative, Isfahan a substitute with
an introduction letter, Shiraz declines; staff take the replies into the attendance; both member
users sign online from their home page; the signed PDF lists the attendees as replied and the
absentee; /verify/ names people and organizations, never a login."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import Attendance, Meeting, MeetingDay, MinutesRevision
from secretariat.models import Organization, Person
from tests.browser import confirm, login, snapshot
from tests.meetings.pdf_text import pdf_text, words

pytestmark = pytest.mark.browser

SESSION = "/g/meydan/sessions/13/"


def as_user(chromium, live_server, username: str, width: int = 1280):
    context = chromium.new_context(
        locale="fa-IR", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def flash(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


@pytest.fixture
def shiraz_user(demo_group):
    shiraz = Organization.objects.get(city="شیراز", kind="market")
    user = get_user_model().objects.create_user("shiraz", password=DEMO_PASSWORD)
    Person.objects.create(first_name="رضا", last_name="کاظمی", organization=shiraz, user=user)
    return user


def reply(page, live_server, fields: dict[str, str], answer: str) -> None:
    page.goto(f"{live_server.url}/")
    page.click("#answer-invitation")
    page.wait_for_url(re.compile(r"/g/meydan/sessions/13/"))
    page.check(f"#reply-form input[name=answer][value={answer}]")
    for name, value in fields.items():
        field = page.locator(f"#reply-form [name={name}]")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
            page.keyboard.press("Escape")  # a date picker closes
    page.click("#reply-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "پاسخ سازمان شما ثبت شد" in flash(page), flash(page)


def sign_from_home(page, live_server, name: str) -> None:
    page.goto(f"{live_server.url}/")
    snapshot(page, f"home-{name}-awaiting-signature")
    page.locator("[data-awaiting-signature='13'] a").click()
    snapshot(page, f"signing-card-{name}")
    page.check("#id_confirm")
    page.click("#sign-button")
    page.wait_for_selector(".own-signature")
    snapshot(page, f"signing-card-{name}-signed")


def test_from_invitation_to_signed_minutes_organizations_act_and_people_attend(
    chromium, live_server, session13, shiraz_user, seal
):
    MeetingDay.objects.create(meeting=session13, date=datetime.date(2012, 9, 19))
    staff = as_user(chromium, live_server, "dabir")
    staff.goto(f"{live_server.url}{SESSION}")

    # The items due go on the agenda at once; the invitation says before the click whom it reaches.
    staff.click("#accept-suggested")
    staff.wait_for_load_state("networkidle")
    assert staff.locator("#agenda-items li").count() == 7
    staff.click("#issue-invitation")
    dialog = staff.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert "۳ نفر در سامانه آگاه می‌شوند" in dialog.inner_text()  # Tehran's, Isfahan's and Shiraz's users
    assert "مورد را از اینجا نمی‌توان آگاه کرد" in dialog.inner_text()
    confirm(staff)
    staff.wait_for_selector("#invitation-link")

    staff.goto(f"{live_server.url}{SESSION}")
    snapshot(staff, "planned-session-staff")
    tehran = as_user(chromium, live_server, "tehran")
    tehran.goto(f"{live_server.url}/")
    snapshot(tehran, "home-tehran-invited")
    tehran.goto(f"{live_server.url}{SESSION}")
    snapshot(tehran, "planned-session-tehran")
    reply(
        tehran,
        live_server,
        {
            "honorific": "mr",
            "title": "eng",
            "first_name": "علی",
            "last_name": "رضایی",
            "position": "مدیر عامل",
        },
        "representative",
    )
    isfahan = as_user(chromium, live_server, "esfahan")
    reply(
        isfahan,
        live_server,
        {
            "honorific": "ms",
            "title": "dr",
            "first_name": "مریم",
            "last_name": "احمدی",
            "position": "معاون برنامه‌ریزی",
            "letter_number": "۴۵۶۷/ص",
            "letter_date": "۱۳۹۱/۰۶/۲۰",
        },
        "substitute",
    )
    shiraz = as_user(chromium, live_server, "shiraz")
    reply(shiraz, live_server, {"reason": "همزمانی با جلسه شورای شهر"}, "absent")

    # The session was held: its attendance starts from the replies, the other members absent.
    staff.goto(f"{live_server.url}{SESSION}")
    staff.click("#mark-held")
    confirm(staff)
    staff.wait_for_url(re.compile(r"/sessions/13/edit/$"))
    staff.click("#attendance-from-replies")
    staff.wait_for_load_state("networkidle")
    if staff.locator("#confirm-people").count():  # a name like a known person's is confirmed first
        staff.click("#confirm-people button[type=submit]")
        staff.wait_for_load_state("networkidle")
    staff.click("#record-absent")
    staff.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(pk=session13.pk)
    members = Organization.objects.members_of(meeting.working_group).count()
    assert meeting.attendances.exclude(organization=None).values("organization").distinct().count() == members
    substitute = meeting.attendances.get(kind=Attendance.Kind.SUBSTITUTE)
    assert substitute.person.first_name == "مریم" and substitute.person.title == "dr"
    assert substitute.letter_number == "۴۵۶۷/ص"

    staff.goto(f"{live_server.url}{SESSION}")
    assert not staff.locator("#members-not-listed").count()
    staff.click("#circulate-button")
    dialog.wait_for(state="visible")
    assert "۲ نفر در سامانه آگاه می‌شوند" in dialog.inner_text()  # Tehran's and Isfahan's users sign
    confirm(staff)
    staff.wait_for_selector("#signing")

    sign_from_home(tehran, live_server, "tehran")
    sign_from_home(isfahan, live_server, "isfahan")

    staff.reload()
    staff.click("#finalize-button")
    confirm(staff)
    staff.wait_for_selector("#revisions")
    revision = MinutesRevision.objects.get(meeting=session13)
    revision.refresh_from_db()
    pdf = words(pdf_text(revision.pdf.read()))
    text = " ".join(pdf)
    assert "جناب آقای مهندس علی رضایی" in text and "سرکار خانم دکتر مریم احمدی جانشین" in text
    assert "معرفینامه شماره ۴۵۶۷ ص" in text
    absentees = text.split("غایبان", 1)[1].split("امضای حاضران", 1)[0]
    assert "شیراز همزمانی با جلسه شورای شهر" in absentees and "تبریز" in absentees
    assert "tehran" not in text and "esfahan" not in text

    visitor = chromium.new_context(locale="fa-IR").new_page()
    visitor.goto(f"{live_server.url}/verify/{revision.verification_code}/")
    shown = visitor.locator("main").inner_text()
    assert "علی رضایی" in shown and "مریم احمدی" in shown
    assert "tehran" not in shown and "esfahan" not in shown and "حساب کاربری" not in shown
