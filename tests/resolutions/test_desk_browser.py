"""The desk in real Chromium: a member answers an information request with an attachment, the
secretariat compiles the booklet that holds the answer under the organization's name; a member asks
for more time and the secretary approves it."""

import datetime

import pytest

from meetings.demo_facts import DEMO_PASSWORD
from resolutions.models import ExtensionRequest, InformationRequest, Resolution
from secretariat.persian import format_jalali
from tests.browser import login
from tests.meetings.pdf_text import font_names, pdf_text, words

pytestmark = pytest.mark.browser

ANSWER = "تهران دوازده سرمایه‌گذار رتبه‌بندی‌شده دارد و فهرست کامل پیوست است."


def as_user(chromium, live_server, username: str):
    context = chromium.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    return page


def flash(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def test_an_answer_reaches_the_booklet_and_an_extension_is_approved(
    chromium, live_server, demo_group, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    request = InformationRequest.objects.get(resolution__number=5, resolution__meeting__number=12)
    attachment = tmp_path / "rankings.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # Tehran finds the request on its home page and answers it, with the facts asked for and a file.
    tehran = as_user(chromium, live_server, "tehran")
    tehran.goto(f"{live_server.url}/")
    tehran.locator("#member-requests").get_by_role("link", name=request.title).click()
    tehran.fill("#answer-form [name=text]", ANSWER)
    tehran.get_by_label("شمار سرمایه‌گذاران").fill("12")
    tehran.set_input_files("#answer-form [name=attachment]", str(attachment))
    tehran.click("#answer-form button[type=submit]")
    tehran.wait_for_load_state("networkidle")
    assert "پاسخ سازمان شما برای دبیرخانه فرستاده شد" in flash(tehran)
    answer = request.answers.get(organization__city="تهران")
    assert answer.text == ANSWER and answer.values["شمار سرمایه‌گذاران"] == "12" and answer.attachment

    # The secretary sees who answered, compiles the booklet and reads it.
    staff = as_user(chromium, live_server, "dabir")
    staff.goto(f"{live_server.url}{request.get_absolute_url()}")
    tehran_name = answer.organization.display_name
    assert tehran_name in staff.locator("#answers").inner_text()
    staff.click("#compile-booklet")
    staff.wait_for_load_state("networkidle")
    booklet = staff.request.get(live_server.url + staff.locator("#booklet-link").get_attribute("href"))
    assert booklet.ok and booklet.headers["content-type"] == "application/pdf"
    pdf = booklet.body()
    assert all("Vazirmatn" in name for name in font_names(pdf))
    text = " ".join(words(pdf_text(pdf)))
    heading, answered = " ".join(words(answer.organization.name)), " ".join(words(ANSWER))
    section = text[text.rindex(heading) + len(heading) :]  # after the table of contents
    assert answered in section and "سازمان میادین" not in section[: section.index(answered)]

    # Tehran leads the legal committee, responsible for resolution 1: it asks for more time.
    resolution = Resolution.objects.get(meeting__number=12, number=1)
    original = resolution.deadline_date
    asked_for = original + datetime.timedelta(days=90)
    tehran.goto(f"{live_server.url}{resolution.get_tracker_url()}")
    tehran.click("#extensions summary")
    tehran.fill("#extension-form [name=requested_deadline]", format_jalali(asked_for, "short"))
    tehran.keyboard.press("Escape")
    tehran.fill("#extension-form [name=reason]", "نظر دفتر حقوقی شهرداری هنوز نرسیده است.")
    tehran.click("#extension-form button[type=submit]")
    tehran.wait_for_load_state("networkidle")
    extension = ExtensionRequest.objects.get(resolution=resolution)
    assert extension.requested_deadline == asked_for and extension.status == ExtensionRequest.Status.PENDING

    # The secretary approves it; the original deadline stays beside the new one.
    staff.goto(f"{live_server.url}{resolution.get_tracker_url()}")
    staff.locator(f"[data-extension='{extension.pk}']").get_by_role("button", name="پذیرش مهلت تازه").click()
    staff.wait_for_load_state("networkidle")
    resolution.refresh_from_db()
    assert resolution.extended_deadline == asked_for and resolution.deadline_date == original
    deadline = staff.locator("#extensions").inner_text()
    assert format_jalali(asked_for) in deadline and "تصمیم جناب آقای مهندس جعفری" in deadline
    header = staff.locator("main").inner_text()
    assert format_jalali(asked_for) in header and format_jalali(original) in header
