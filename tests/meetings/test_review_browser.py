"""Decisions and review before signing, in real Chromium: the secretary records a counted vote and a
substitute with an introduction letter, circulates; a member who signed asks for a change; the
secretary accepts it, makes the change and circulates again; the member sees what changed and
signs again."""

import pytest
from playwright.sync_api import expect

from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import Attendance, ChangeRequest, Meeting, Signature
from resolutions.models import Resolution
from secretariat.models import Organization, Person
from tests.browser import confirm, login

pytestmark = pytest.mark.browser

MINUTES = "/g/meydan/sessions/13/"


def as_user(chromium, live_server, username: str, path: str = MINUTES):
    context = chromium.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{path}")
    return page


def test_votes_a_substitute_a_change_request_accepted_and_signed_again(chromium, live_server, held13):
    deputy = Person.objects.create(
        honorific="mr",
        last_name="رضایی",
        position="معاون سازمان میادین اصفهان",
        organization=Organization.objects.get(city="اصفهان", kind="market"),
    )
    isfahan_rep = Person.objects.get(user__username="esfahan")

    # The secretary: Isfahan's representative was away, their deputy sat in under a letter; the
    # resolution was carried by two votes; the editor counts the quorum as the attendance changes.
    staff = as_user(chromium, live_server, "dabir", f"{MINUTES}edit/")
    expect(staff.locator("#quorum-status")).to_contain_text("۲ سازمان از ۱۲ سازمان عضو")
    # Isfahan attended through its deputy: the representative's line becomes the substitute's.
    row = staff.locator("#section-attendance [data-row]").nth(1)
    row.locator('select[name$="-person"]').select_option(str(deputy.pk))
    row.locator('select[name$="-kind"]').select_option("substitute")
    row.locator('select[name$="-substitute_for"]').select_option(str(isfahan_rep.pk))
    row.locator('input[name$="-letter_number"]').fill("۴۵۶۷/ص/۹۱")
    letter_date = row.locator('input[name$="-letter_date"]')
    letter_date.click()
    letter_date.press("Control+a")
    letter_date.press_sequentially("۱۳۹۱/۰۶/۲۵")
    staff.keyboard.press("Escape")
    # The server counts the quorum of the attendance as typed: wait for its answer.
    expect(staff.locator("#quorum-status")).to_contain_text("هنوز به حد نصاب نرسیده: ۲ سازمان از ۱۲")
    resolution = staff.locator("#section-resolutions [data-row]").first
    resolution.locator('select[name$="-vote"]').select_option("counted")
    resolution.locator('input[name$="-votes_for"]').fill("۲")
    staff.check('input[name="states_quorum"]')
    staff.click("#save-minutes-top")
    staff.wait_for_load_state("networkidle")
    assert "صورتجلسه ذخیره شد" in staff.locator(".alert-success").inner_text()
    assert Attendance.objects.get(meeting=held13, person=deputy).letter_number == "۴۵۶۷/ص/۹۱"
    assert Resolution.objects.get(meeting=held13).votes_for == 2

    staff.goto(f"{live_server.url}{MINUTES}")
    sheet = staff.locator(".minutes-sheet").inner_text()
    assert "با ۲ رأی موافق" in sheet and "به موجب معرفی‌نامه شماره ۴۵۶۷/ص/۹۱ مورخ ۲۵ شهریور ۱۳۹۱" in sheet
    assert "جلسه به حد نصاب نرسید" in sheet
    staff.click("#circulate-button")
    confirm(staff)
    staff.wait_for_selector("#signing")

    # Tehran signs, then asks for a change.
    tehran = as_user(chromium, live_server, "tehran")
    tehran.check("#id_confirm")
    tehran.click("#sign-button")
    tehran.wait_for_selector(".own-signature")
    form = tehran.locator("#change-request-form")
    form.locator('textarea[name="passage"]').fill("تا پایان آذر")
    form.locator('textarea[name="text"]').fill("مهلت مصوبه ۱ «پایان دی» است، نه «پایان آذر».")
    form.get_by_role("button", name="فرستادن به دبیرخانه").click()
    tehran.wait_for_load_state("networkidle")
    assert "درخواست شما به دبیرخانه فرستاده شد" in tehran.locator(".alert-success").inner_text()
    assert ChangeRequest.objects.filter(meeting=held13, state="open").count() == 1

    # The secretary reads it beside the text and accepts: the dialog says a signature will be asked
    # again; the editor opens for the change; the minutes go out again.
    staff.reload()
    request = staff.locator("#change-requests .change-request").first
    assert "پایان دی" in request.inner_text()
    request.get_by_role("button", name="پذیرش و بازگشت به پیش‌نویس").click()
    dialog = staff.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert "۱ امضای گردآمده" in dialog.inner_text()
    confirm(staff)
    staff.wait_for_url(f"**{MINUTES}edit/")
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.HELD
    text = staff.locator('#section-resolutions [data-row] textarea[name$="-text"]').first
    text.fill(text.input_value().replace("پایان آذر", "پایان دی"))
    staff.click("#save-minutes-top")
    staff.wait_for_load_state("networkidle")
    staff.goto(f"{live_server.url}{MINUTES}")
    staff.click("#circulate-button")
    confirm(staff)
    staff.wait_for_selector("#signing")

    # Tehran sees what changed and that they are asked again, and signs again.
    tehran.reload()
    changes = tehran.locator("#changes-since")
    assert "پایان آذر" in changes.locator("del").first.inner_text()
    assert "پایان دی" in changes.locator("ins").first.inner_text()
    assert "نماینده سازمان میادین تهران" in changes.inner_text()
    assert "پذیرفته شد" in tehran.locator("#change-requests").inner_text()
    tehran.check("#id_confirm")
    tehran.click("#sign-button")
    tehran.wait_for_selector(".own-signature")
    assert (
        Signature.objects.filter(revision__meeting=held13, signer_name="نماینده سازمان میادین تهران").count()
        == 1
    )
