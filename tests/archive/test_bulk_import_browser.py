"""The bulk import in a real browser: send the demo's zip of three earlier sessions, watch the
worker read it, review the scanned session beside its page image, correct what OCR misread,
accept it, and find one of its resolutions by a word of its text."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections
from django.urls import reverse

from archive import bulk, demo_archive
from archive.models import ImportBatch, ImportFile
from meetings import demo_facts
from meetings.models import Meeting
from tests.browser import login, require_ocr, snapshot
from tests.secretariat.test_persian_pages_browser import accessibility_faults, english_words, latin_digits
from tests.tasks import DATABASE_TASKS

pytestmark = pytest.mark.browser


def _faults(page, source_text: str = "") -> list[str]:
    """Latin digits and English words the page shows, leaving out what was read from the file."""
    found = latin_digits(page) + english_words(page) + accessibility_faults(page)
    return [fault for fault in found if not (source_text and fault.split(": ", 1)[-1][:40] in source_text)]


def test_staff_import_a_zip_watch_it_read_review_the_scan_and_find_it(
    page, live_server, demo_group, settings, tmp_path
):
    require_ocr()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = DATABASE_TASKS  # sending queues the reading; the worker below is started by the test
    login(page, live_server, "dabir", demo_facts.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("meetings:group", args=["meydan"]))
    page.click("#import-archive")
    page.wait_for_selector("#send-files")
    assert _faults(page) == []
    snapshot(page, "archive-import")
    page.set_input_files("input[name=files]", str(demo_archive.ZIP))
    page.click("#send-files button[type=submit]")
    page.wait_for_selector("#batch-count")
    assert "۰ از ۳ فایل خوانده شد" in page.inner_text("#batch-count")
    assert page.locator("#import-progress[hx-trigger]").count() == 1  # it asks again while reading

    batch = ImportBatch.objects.get(working_group=demo_group)

    def worker() -> None:
        try:
            bulk.read_batch(batch.pk, token="browser-test-worker")
        finally:
            close_old_connections()

    reader = threading.Thread(target=worker)
    reader.start()
    page.wait_for_selector("text=۳ از ۳ فایل خوانده شد", timeout=120_000)  # the page polls itself
    reader.join()
    assert page.locator("#import-progress[hx-trigger]").count() == 0  # done: it stops asking
    assert page.locator("text=صف بررسی").count() == 1
    assert _faults(page) == []
    snapshot(page, "archive-batch")

    scan = batch.files.get(kind=ImportFile.Kind.SCAN)
    page.click(f"a[href='{reverse('archive:file', args=['meydan', scan.pk])}']")
    page.wait_for_selector(".scan-page img")
    width = page.locator(".scan-page img").first.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width > 1000  # the page's image came, whole
    marks = page.locator(".scan-unsure")
    assert marks.count() == len(scan.unsure_lines) > 0
    assert page.locator(".import-line-unsure").count() >= 1
    faults = _faults(page, scan.text)
    assert faults == [], "\n".join(faults)
    snapshot(page, "archive-review-scan")
    # On a phone the page is checked before the confirmation; on a wide screen they stand side by side.
    image, accept = page.locator(".scan-page img").first, page.locator("#accept-file")
    page.set_viewport_size({"width": 390, "height": 900})
    assert image.bounding_box()["y"] < accept.bounding_box()["y"]
    page.set_viewport_size({"width": 1280, "height": 900})
    image_box, accept_box = image.bounding_box(), accept.bounding_box()
    assert accept_box["x"] > image_box["x"] + image_box["width"]  # right to left: what was read, the page

    # Staff correct the text against the page, read it again, and accept it.
    printed = (demo_archive.FOLDER / "11-isfahan-1391.txt").read_text(encoding="utf-8")
    page.fill("#corrected-text", printed)
    page.click("#read-again")
    page.wait_for_selector("#accept-file")
    assert page.locator("#resolution-3").count() == 1
    page.fill("input[name=number]", "۱۱")
    page.click("#accept-file")
    page.wait_for_selector("text=جلسه ۱۱ به بایگانی افزوده شد")
    meeting = Meeting.objects.get(working_group=demo_group, number=11)
    assert meeting.status == Meeting.Status.PUBLISHED
    assert ImportFile.objects.get(pk=scan.pk).status == ImportFile.Status.ACCEPTED
    faults = _faults(page)
    assert faults == [], "\n".join(faults)

    page.fill("#nav-search input[name=q]", "تفکیک پسماند")
    page.press("#nav-search input[name=q]", "Enter")
    page.wait_for_selector("text=یازدهمین نشست")
    resolution = meeting.resolutions.get(number=1)
    assert page.locator(f"a[href='/g/meydan/resolutions/{resolution.pk}/']").count() >= 1
    snapshot(page, "archive-found")
