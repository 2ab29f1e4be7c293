"""Before the session, in real Chromium: the secretary plans session 14, members propose and reply,
the invitation goes out, the inbox shows each step, and the minutes' attendance starts from the replies."""

import datetime
import re

import pytest
from django.utils import timezone

from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import AgendaProposal, MeetingDay
from secretariat.models import Notification, Organization
from secretariat.persian import format_jalali, to_persian_digits
from tests.browser import confirm, login

pytestmark = pytest.mark.browser


def as_user(chromium, live_server, username: str):
    context = chromium.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def flash(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def test_a_session_prepared_from_plan_to_attendance(chromium, live_server, demo_group, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    unread_before = Notification.objects.filter(recipient__username="tehran").unread().count()
    first_day = timezone.localdate() + datetime.timedelta(days=30)
    staff = as_user(chromium, live_server, "dabir")
    staff.goto(f"{live_server.url}/g/meydan/")
    staff.click("#new-session")
    staff.select_option(
        "#id_host_organization", str(Organization.objects.get(city="تبریز", kind="market").pk)
    )
    staff.click('[data-add-row="days"]')
    staff.fill('[name="days-0-date"]', format_jalali(first_day, "short"))
    staff.keyboard.press("Escape")
    staff.click("#session-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/g/meydan/sessions/14/edit/$"))

    # The agenda is suggested from what is due: the follow-up reading and the resolutions of session 12.
    staff.goto(f"{live_server.url}/g/meydan/sessions/14/")
    suggestions = staff.locator("#suggested-items [data-suggested]")
    assert suggestions.count() == 7
    assert any("کمیته حقوقی" in text for text in suggestions.all_inner_texts())
    # Decided at once: the first two ticked go on the agenda, the others wait.
    boxes = staff.locator("#suggestions-form input[name=items]")
    for index in range(2, boxes.count()):
        boxes.nth(index).uncheck()
    staff.click("#accept-suggested")
    staff.wait_for_load_state("networkidle")
    assert staff.locator("#agenda-items li").count() == 2
    assert staff.locator("#agenda-undo").is_visible()

    # Tehran proposes an item before the cutoff.
    tehran = as_user(chromium, live_server, "tehran")
    tehran.goto(f"{live_server.url}/g/meydan/sessions/14/")
    tehran.click("#proposals summary")
    tehran.fill("#proposal-form [name=title]", "یکسان‌سازی تعرفه غرفه‌ها در بازارچه‌های محلی")
    tehran.click("#proposal-form button[type=submit]")
    tehran.wait_for_load_state("networkidle")
    assert "پیشنهاد شما برای دبیرخانه فرستاده شد" in flash(tehran)

    # A second proposal is written just as the session moves within the cutoff: it is refused.
    tehran.click("#proposals summary")
    tehran.fill("#proposal-form [name=title]", "پیشنهاد دیرهنگام")
    MeetingDay.objects.filter(meeting__number=14).update(
        date=timezone.localdate() + datetime.timedelta(days=2)
    )
    tehran.click("#proposal-form button[type=submit]")
    tehran.wait_for_load_state("networkidle")
    assert "مهلت پیشنهاد برای این نشست در" in flash(tehran)
    assert tehran.locator("#proposals-closed").is_visible()
    assert not AgendaProposal.objects.filter(title="پیشنهاد دیرهنگام").exists()

    # The secretary puts Tehran's proposal on the agenda and issues the invitation.
    staff.reload()
    staff.locator("[data-proposal]").get_by_role("button", name="قرار دادن در دستور کار").click()
    staff.wait_for_load_state("networkidle")
    assert "نفر آگاه شدند" in flash(staff)
    assert "یکسان‌سازی تعرفه" in staff.locator("#agenda-items").inner_text()
    staff.click("#issue-invitation")
    confirm(staff)
    staff.wait_for_load_state("networkidle")
    assert "دعوتنامه ۱۴/۱ صادر شد" in flash(staff)
    assert staff.locator("#invitation-link").is_visible()

    # Tehran replies with a substitute; its inbox holds the decision and the invitation.
    tehran.goto(f"{live_server.url}/g/meydan/sessions/14/")
    tehran.check("#reply-form input[value=substitute]")
    tehran.fill("#reply-form [name=first_name]", "رضا")
    tehran.fill("#reply-form [name=last_name]", "کریمی")
    tehran.fill("#reply-form [name=position]", "معاون برنامه‌ریزی")
    tehran.fill("#reply-form [name=letter_number]", "۴۵۶۷/ص")
    tehran.click("#reply-form button[type=submit]")
    tehran.wait_for_load_state("networkidle")
    assert "پاسخ سازمان شما ثبت شد" in flash(tehran)
    assert "رضا کریمی" in tehran.locator("#reply-list").inner_text()
    assert tehran.locator("#unread-count").inner_text() == to_persian_digits(unread_before + 2)
    tehran.click("#inbox-link")
    inbox = tehran.locator("#notifications").inner_text()
    assert "پیشنهاد شما در دستور کار چهاردهمین نشست قرار گرفت" in inbox
    assert "دعوت به چهاردهمین نشست" in inbox

    # The secretary's inbox had the proposal; the editor's attendance starts from the replies.
    staff.click("#inbox-link")
    assert "موضوعی برای دستور کار چهاردهمین نشست پیشنهاد کرد" in staff.locator("#notifications").inner_text()
    staff.goto(f"{live_server.url}/g/meydan/sessions/14/edit/")
    staff.click("#attendance-from-replies")
    staff.wait_for_load_state("networkidle")
    assert "۱ سطر حضور از پاسخ‌ها ثبت شد" in flash(staff)
    attendance = staff.locator("#section-attendance")
    assert attendance.locator("select[name$='-kind']").first.input_value() == "substitute"
    assert "رضا کریمی" in attendance.inner_text()


def test_adding_an_item_shows_only_the_list_of_the_presenter_chosen(chromium, live_server, session13):
    staff = as_user(chromium, live_server, "dabir")
    staff.goto(f"{live_server.url}/g/meydan/sessions/13/")
    form = staff.locator("#add-item-form")
    form.locator("xpath=ancestor::details").locator("summary").click()
    organizations = form.locator('[data-show-when-presenter="organization"]')
    committees = form.locator('[data-show-when-presenter="committee"]')
    assert not organizations.is_visible() and not committees.is_visible()
    form.locator('select[name="presenter_kind"]').select_option("organization")
    assert organizations.is_visible() and not committees.is_visible()
    form.locator('select[name="presenter_kind"]').select_option("committee")
    assert committees.is_visible() and not organizations.is_visible()
