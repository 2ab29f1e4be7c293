"""Signing in real Chromium: circulate, two members sign (one with a reservation), finalize, verify."""

import re

import pytest

from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import Meeting, MinutesRevision, Signature
from meetings.signing.seal import check_seal
from tests.browser import confirm, login

pytestmark = pytest.mark.browser

MINUTES = "/g/meydan/sessions/13/"


def as_user(chromium, live_server, username: str):
    context = chromium.new_context(locale="fa-IR", accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, live_server, username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{MINUTES}")
    return page


def test_circulate_sign_finalize_download_and_verify(chromium, live_server, held13, seal, tmp_path):
    staff = as_user(chromium, live_server, "dabir")
    staff.click("#circulate-button")
    confirm(staff)
    staff.wait_for_selector("#signing")

    tehran = as_user(chromium, live_server, "tehran")
    tehran.check("#id_confirm")
    tehran.click("#sign-button")
    tehran.wait_for_selector(".own-signature")

    # "Back to draft" would discard Tehran's signature: the dialog says so, and nothing happens
    # until it is confirmed.
    staff.reload()
    staff.click("#withdraw-button")
    dialog = staff.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    assert "۱ امضایی که تاکنون گرفته شده کنار گذاشته می‌شود" in dialog.inner_text()
    dialog.get_by_role("button", name="انصراف").click()
    dialog.wait_for(state="hidden")
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.CIRCULATED
    assert Signature.objects.filter(revision__meeting=held13).count() == 1

    isfahan = as_user(chromium, live_server, "esfahan")
    isfahan.fill("#id_reservation", "با مهلت بند ۱ موافق نیستم")
    isfahan.check("#id_confirm")
    isfahan.click("#sign-button")
    assert "با مهلت بند ۱ موافق نیستم" in isfahan.locator(".own-signature").inner_text()

    staff.reload()
    assert "همه امضا کرده‌اند" in staff.locator("#signature-progress").inner_text()
    staff.click("#finalize-button")
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.CIRCULATED  # not before "yes"
    confirm(staff)
    staff.wait_for_selector("#revisions")
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.SIGNED
    revision = MinutesRevision.objects.get(meeting=held13)
    assert "با مهلت بند ۱ موافق نیستم" in staff.locator("#signatures").inner_text()

    with staff.expect_download() as download_info:
        staff.evaluate(
            "() => { const a = document.querySelector('#pdf-link'); a.setAttribute('download', ''); a.click(); }"
        )
    downloaded = tmp_path / "signed.pdf"
    download_info.value.save_as(downloaded)
    pdf = downloaded.read_bytes()
    revision.refresh_from_db()
    assert pdf == revision.pdf.read()
    assert check_seal(pdf).ok

    verify = as_user(chromium, live_server, "tehran")
    verify.goto(f"{live_server.url}/verify/{revision.verification_code}/")
    assert revision.sha256 in verify.locator("#document-hash").inner_text()
    verify.set_input_files("#id_document", str(downloaded))
    verify.click("#verify-form button[type=submit]")
    verify.wait_for_selector('[data-verdict="file-matches"]')
    assert re.search("دقیقاً همان", verify.locator("#verify-result").inner_text())
    for page in (staff, tehran, isfahan, verify):
        page.context.close()
