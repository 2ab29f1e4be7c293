"""Importing minutes in a real browser: paste, review, decide on an unknown organization, confirm."""

import pytest
from django.urls import reverse

from meetings import demo_facts
from meetings.models import Meeting
from tests.browser import login, snapshot

pytestmark = pytest.mark.browser

TEXT = (
    "چهاردهمین نشست کارگروه در تاریخ ۲۰ آذر ۱۳۹۱ به میزبانی سازمان میادین قم برگزار شد.\n\n"
    "1- مقرر شد سازمان میادین رشت با همکاری سازمانهای ارومیه و کرج ظرف دو ماه گزارش دهد.\n"
    "2- مقرر شد دبیرخانه در اسرع وقت صورتجلسه را ابلاغ کند.\n"
)


def test_staff_import_a_text_and_confirm_it(page, live_server, demo_group):
    login(page, live_server, "dabir", demo_facts.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("meetings:import", args=["meydan"]))
    page.fill("textarea[name=text]", TEXT)
    page.click("button:has-text('خواندن و بازبینی')")
    page.wait_for_selector("text=بازبینی صورتجلسه واردشده")
    snapshot(page, "import-review")
    assert page.locator(".import-line").count() >= 4
    assert page.locator("text=ظرف دو ماه").count() >= 1
    assert not Meeting.objects.filter(number=14).exists()  # nothing saved on review
    page.select_option("select[name^=organization_]", "new")
    page.click("button:has-text('تأیید و ایجاد پیش‌نویس نشست')")
    page.wait_for_url(f"**{reverse('meetings:minutes', args=['meydan', 14])}")
    meeting = Meeting.objects.get(working_group=demo_group, number=14)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.resolutions.count() == 2
