"""In Chromium: Tehran files a report with an attachment, the secretary accepts it, and it is read out
under "follow-up of earlier resolutions" in the 13th session's minutes."""

from __future__ import annotations

import pytest

from meetings.demo_facts import DEMO_PASSWORD
from resolutions.models import FollowUp, Resolution
from tests.browser import login
from tests.resolutions.factories import PDF_BYTES

pytestmark = pytest.mark.browser

REPORT = "پیش‌نویس آیین‌نامه مالی و معاملاتی تهیه و برای اعضای کمیته حقوقی فرستاده شد."


def test_tehran_reports_the_secretary_accepts_and_the_minutes_read_it(page, live_server, session12, tmp_path):
    resolution = Resolution.objects.get(meeting=session12, number=1)
    attachment = tmp_path / "گزارش کمیته حقوقی.pdf"
    attachment.write_bytes(PDF_BYTES)

    # Tehran's home lists resolution 1 with its deadline; the report form is one click away.
    login(page, live_server, "tehran", DEMO_PASSWORD)
    row = page.locator(f"#resolution-{resolution.pk}")
    assert "۳۱ شهریور ۱۳۹۱" in row.inner_text()
    row.get_by_role("link", name="گزارش").click()
    page.fill("textarea[name=text]", REPORT)
    page.select_option("select[name=proposed_status]", "done")
    page.set_input_files("input[name=attachment]", str(attachment))
    page.get_by_role("button", name="ارسال گزارش").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/g/meydan/resolutions/{resolution.pk}/")
    assert page.get_by_text("گزارش شما برای بررسی به دبیرخانه فرستاده شد.").is_visible()
    report = page.locator(".follow-up").first
    assert REPORT in report.inner_text()
    assert "در انتظار بررسی" in report.inner_text()
    with page.expect_download() as download:
        report.get_by_role("link", name="دریافت پیوست گزارش کمیته حقوقی.pdf").click()
    assert download.value.suggested_filename == "گزارش کمیته حقوقی.pdf"  # the name it was sent under
    page.get_by_role("button", name="خروج").click()
    page.wait_for_load_state("networkidle")

    # The secretary finds it among the reports awaiting review and accepts it.
    login(page, live_server, "dabir", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/g/meydan/resolutions/follow-ups/")
    page.get_by_role("link", name="مصوبه ۱ دوازدهمین نشست").first.click()
    page.wait_for_load_state("networkidle")
    page.locator(".review-form textarea").fill("با سپاس؛ در نشست آینده قرائت می‌شود.")
    page.get_by_role("button", name="پذیرش").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("گزارش پذیرفته شد.").is_visible()
    assert page.get_by_text("در سیزدهمین نشست قرائت می‌شود.").is_visible()
    follow_up = FollowUp.objects.get()
    assert follow_up.is_accepted and follow_up.reported_at_meeting.number == 13
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.DONE

    # The 13th session's minutes read the accepted report (the minutes page is the lead's, in meetings/).
    response = page.goto(f"{live_server.url}/g/meydan/sessions/13/?minutes=1")  # planned: its draft minutes
    assert response.status == 200
    assert page.get_by_text(REPORT).first.is_visible()
