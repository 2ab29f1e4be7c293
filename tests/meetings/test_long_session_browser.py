"""The editor of a long session, in real Chromium: 40 resolutions reached through the section
navigation, closed to one line each, a collaborator chosen in the searchable list, a resolution
moved by number and another dragged, a broken field found through the error summary and fixed,
a person who fills in their organization, a deadline that no longer matches its words, and the
autosaved form coming back after the tab was closed."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import Attendance, EditorDraft, Meeting, MeetingDay
from resolutions.models import Resolution
from secretariat.models import Organization, Person
from tests.browser import login
from tests.sample_data import add_sample_resolutions

pytestmark = pytest.mark.browser

EDITOR = "/g/meydan/sessions/14/edit/"


@pytest.fixture
def long_session(demo_group) -> Meeting:
    meeting = Meeting.objects.create(
        working_group=demo_group,
        number=14,
        status=Meeting.Status.HELD,
        city="تبریز",
        host_organization=Organization.objects.get(city="تبریز", kind="market"),
    )
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2013, 1, 20))
    add_sample_resolutions(meeting, 40)
    return meeting


def editor_page(chromium, live_server):
    context = chromium.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, live_server, "dabir", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{EDITOR}")
    return page


def row(page, number: int):
    """The resolution row showing ``number`` (in Persian digits)."""
    shown = str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return page.locator("#section-resolutions [data-collapsible]").filter(
        has=page.locator(f'[data-row-number]:text-is("{shown}")')
    )


def save(page) -> None:
    """Save and wait for the server's answer: the page it answers (the editor with its errors, or
    the editor again after the redirect of a save), however long a loaded machine takes."""
    with page.expect_navigation(wait_until="load", timeout=90_000):
        page.click("#save-minutes-top")


def saved_message(page) -> str:
    """The success message the answer shows; failing with what the page says instead."""
    shown = page.locator(".alert-success")
    if shown.count() == 0:
        problems = page.locator(
            "#error-summary, .alert-danger, .alert-warning, .invalid-feedback"
        ).all_inner_texts()
        pytest.fail(f"the save was not confirmed; the page says: {problems}")
    return shown.inner_text()


def test_a_long_session_is_edited_found_fixed_and_kept(chromium, live_server, long_session):
    page = editor_page(chromium, live_server)

    # The section navigation counts the rows and leads to them; long sessions' rows are closed.
    nav = page.locator("#editor-nav")
    assert nav.locator('[data-section-count="resolutions"]').inner_text() == "۴۰"
    nav.get_by_role("link", name="مصوبات").click()
    assert page.evaluate("location.hash") == "#section-resolutions"
    rows = page.locator("#section-resolutions [data-collapsible]")
    assert (
        rows.count() == 40
        and rows.evaluate_all("rows => rows.filter(r => r.classList.contains('is-open')).length") == 0
    )
    assert "موضوع شماره ۵" in row(page, 5).locator('[data-summary="text"]').inner_text()

    # A collaborator is added by typing part of its name.
    fifth = row(page, 5)
    fifth.locator("[data-row-toggle]").click()
    select_id = fifth.locator('select[data-tom-select][name$="-collaborators"]').get_attribute("id")
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.press_sequentially("زاهدان")
    page.locator(f"#{select_id}-ts-dropdown .option.active", has_text="زاهدان").wait_for()
    control.press("Enter")
    control.press("Escape")

    # Resolution 4 is dragged above resolution 1; resolution 9 goes to number 3 in one step.
    dragged_text = Resolution.objects.get(meeting=long_session, number=4).text
    handle = row(page, 4).locator(".drag-handle")
    handle.scroll_into_view_if_needed()
    start, target = handle.bounding_box(), row(page, 1).locator("[data-row-toggle]").bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, target["y"] + 4, steps=20)  # a drag in twenty moves, as a hand makes it
    page.mouse.up()
    expect(row(page, 1).locator('[data-summary="text"]')).to_contain_text("موضوع شماره ۴ ")
    ninth_text = Resolution.objects.get(meeting=long_session, number=9).text
    move = row(page, 9).locator("[data-move-to]")
    move.fill("۳")
    move.press("Enter")
    expect(row(page, 3).locator('[data-summary="text"]')).to_contain_text("موضوع شماره ۹ ")

    # A field left empty is listed in the error summary; its link opens the row at the field.
    twentieth = row(page, 20)
    twentieth.locator("[data-row-toggle]").click()
    twentieth.locator('textarea[name$="-text"]').fill("")
    save(page)
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "صورتجلسه ذخیره نشد" in summary.inner_text()
    assert page.locator('#editor-nav [data-section-link="resolutions"] .text-bg-danger').is_visible()
    link = summary.get_by_role("link", name="مصوبه ۲۰ — متن")
    link.click()
    focused = page.evaluate("document.activeElement.name")
    assert focused.endswith("-text") and page.locator(f'[name="{focused}"]').is_visible()
    page.locator(f'[name="{focused}"]').fill("متن تازه مصوبه بیستم، نوشته پس از خطا.")
    save(page)
    assert "صورتجلسه ذخیره شد" in saved_message(page)
    numbers = dict(Resolution.objects.filter(meeting=long_session).values_list("text", "number"))
    assert numbers[dragged_text] == 1 and numbers[ninth_text] == 3
    assert numbers["متن تازه مصوبه بیستم، نوشته پس از خطا."] == 20
    assert (
        Resolution.objects.get(meeting=long_session, text__contains="موضوع شماره ۵ ")
        .collaborators.filter(city="زاهدان")
        .exists()
    )

    # Choosing a person fills in their organization and position.
    page.click('[data-add-row="attendance"]')
    tehran = Person.objects.get(user__username="tehran")
    new_row = page.locator("#section-attendance [data-row]").last
    new_row.locator('select[name$="-person"]').select_option(str(tehran.pk))
    assert new_row.locator('select[name$="-organization"]').input_value() == str(tehran.organization_id)
    assert new_row.locator('input[name$="-position"]').input_value() == tehran.position

    # A new deadline date beside the old quoted words: the editor says so and offers to fix it.
    first_dated = row(page, 2)  # sample resolution 1 (now second) has a date and quoted words
    first_dated.locator("[data-row-toggle]").click()
    date = first_dated.locator('input[name$="-deadline_date"]')
    date.click()
    date.press("Control+a")
    date.press_sequentially("۱۳۹۱/۰۷/۱۵")
    page.keyboard.press("Escape")
    date.dispatch_event("change")
    check = first_dated.locator("[data-deadline-check]")
    check.wait_for(state="visible")
    assert "حداکثر تا پایان شهریور ماه سال جاری" in check.inner_text()
    check.get_by_role("button", name="حذف عبارت قدیمی").click()
    assert first_dated.locator('[name$="-deadline_text"]').input_value() == ""

    # The tab is closed without saving; the autosaved form comes back, with a notice.
    page.evaluate("document.querySelector('#minutes-editor').autosaveNow()")
    page.wait_for_function("() => document.querySelector('#autosave-status').textContent.length > 0")
    assert EditorDraft.objects.filter(meeting=long_session).exists()
    page.context.close()
    page = editor_page(chromium, live_server)
    assert page.locator("#restored-draft").is_visible()
    assert (
        page.locator("#section-attendance [data-row]").count()
        == Attendance.objects.filter(meeting=long_session).count() + 1
    )
    save(page)
    assert not EditorDraft.objects.filter(meeting=long_session).exists()
    assert Attendance.objects.filter(meeting=long_session, person=tehran).exists()
    assert Resolution.objects.get(meeting=long_session, number=2).deadline_text == ""
    page.context.close()
