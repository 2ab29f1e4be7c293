"""The minutes editor in real Chromium: write a session, form a committee, reorder, conflict."""

import re

import pytest

from committees.models import Committee
from meetings.demo_facts import DEMO_PASSWORD
from meetings.models import Meeting
from resolutions.models import Resolution
from secretariat.models import Organization, Person
from tests.browser import login

pytestmark = pytest.mark.browser


def org(city: str) -> Organization:
    return Organization.objects.get(city=city, kind="market")


def person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def add_row(page, prefix: str) -> str:
    """Click "add" for a formset and return the new row's field-name prefix, once the row is there
    (a lost click fails here, not three steps later on a row that does not exist)."""
    page.wait_for_load_state("load")  # the editor's script is there to hear the click
    before = int(page.input_value(f"#id_{prefix}-TOTAL_FORMS"))
    page.click(f'[data-add-row="{prefix}"]')
    row = f"{prefix}-{before}-"
    page.locator(f'[data-rows="{prefix}"] > [data-row] [name^="{row}"]').first.wait_for(state="attached")
    return row


def add_resolution(page, text: str, kind: str, **fields) -> str:
    row = add_row(page, "resolutions")
    page.fill(f'[name="{row}text"]', text)
    page.select_option(f'[name="{row}responsible_kind"]', kind)
    for name, value in fields.items():
        if name == "collaborators":
            for organization in value:
                choose_in_list(page, f"id_{row}collaborators", organization.city)
        elif name.endswith("_lead") or name.startswith("responsible_"):
            page.select_option(f'[name="{row}{name}"]', str(value))
        else:
            page.fill(f'[name="{row}{name}"]', value)
            page.keyboard.press("Escape")  # close the date picker if the field has one
            page.wait_for_function(
                "() => [...document.querySelectorAll('jdp-container')].every(c => c.style.visibility !== 'visible')"
            )
    return row


def choose_in_list(page, select_id: str, name: str) -> None:
    """Choose an option of a searchable multi-select as a person does: type, then Enter."""
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.press_sequentially(name)
    page.locator(f"#{select_id}-ts-dropdown .option.active", has_text=name).wait_for()
    control.press("Enter")
    control.press("Escape")


def write_minutes(page) -> None:
    """Two attendees, a speech and three resolutions, one forming a committee; then reorder."""
    row = add_row(page, "attendance")
    page.select_option(f'[name="{row}person"]', str(person("tehran").pk))
    row = add_row(page, "attendance")
    page.select_option(f'[name="{row}person"]', str(person("esfahan").pk))
    page.select_option(f'[name="{row}kind"]', "absent")
    page.fill(f'[name="{row}absence_reason"]', "مأموریت اداری")
    row = add_row(page, "speeches")
    page.select_option(f'[name="{row}speaker"]', str(person("dabir").pk))
    page.fill(f'[name="{row}summary"]', "گزارش پیگیری مصوبات نشست دوازدهم ارائه شد.")
    add_resolution(
        page, "دبیرخانه گزارش پیگیری را برای اعضا ارسال کند.", "secretariat", deadline_date="۱۳۹۱/۰۷/۳۰"
    )
    add_resolution(
        page,
        "سازمان میادین رشت طرح بازارچه‌های محلی را ارائه کند.",
        "organization",
        responsible_organization=org("رشت").pk,
    )
    add_resolution(
        page,
        "کمیته گردشگری بازار با مسوولیت سازمان میادین قم و همکاری سازمان‌های کرج و همدان تشکیل شود.",
        "new_committee",
        new_committee_name="کمیته گردشگری بازار",
        new_committee_lead=org("قم").pk,
        collaborators=[org("کرج"), org("همدان")],
    )
    # The committee resolution goes first: move it up twice (→ committee, secretariat, Rasht).
    rows = page.locator('[data-rows="resolutions"] > [data-row]')
    last = rows.nth(2)
    last.locator('[data-move="up"]').click()
    rows.nth(1).locator('[data-move="up"]').click()
    assert rows.nth(0).locator("[data-row-number]").inner_text() == "۱"
    assert "گردشگری" in rows.nth(0).locator("textarea").first.input_value()


def assert_minutes_show_the_new_order(page, number: int) -> None:
    text = page.locator("#resolutions").inner_text()
    first, second, third = (text.index(marker) for marker in ("۱)", "۲)", "۳)"))
    assert first < text.index("کمیته گردشگری بازار") < second
    assert second < text.index("دبیرخانه گزارش پیگیری") < third
    assert text.index("سازمان میادین رشت طرح") > third
    assert "۳۰ مهر ۱۳۹۱" in text
    assert page.locator("#resolutions strong", has_text="کمیته گردشگری بازار").count() >= 1
    attendance = page.locator("#attendance").inner_text()
    assert "نماینده سازمان میادین تهران" in attendance and "مأموریت اداری" in attendance
    committee = Committee.objects.with_current_assignments().get(name="کمیته گردشگری بازار")
    assert committee.lead.city == "قم"
    assert {o.city for o in committee.collaborators} == {"کرج", "همدان"}
    assert list(
        Resolution.objects.filter(meeting__number=number)
        .order_by("number")
        .values_list("responsible_kind", flat=True)
    ) == ["committee", "secretariat", "organization"]


def test_staff_write_the_planned_session_13(page, live_server, session13):
    login(page, live_server, "dabir", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/g/meydan/")
    page.click('a[href="/g/meydan/sessions/13/"]')  # the planned session's page leads to its minutes
    page.click('a[href="/g/meydan/sessions/13/edit/"]')
    page.select_option("#id_status", "held")
    write_minutes(page)
    page.click("#save-and-preview")
    page.wait_for_url(re.compile(r"/g/meydan/sessions/13/$"))  # marked held: its minutes
    assert "صورتجلسه ذخیره شد" in page.content()
    assert_minutes_show_the_new_order(page, 13)


def test_staff_create_session_14_from_the_group_page(page, live_server, session13):
    login(page, live_server, "dabir", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/g/meydan/")
    page.click("#new-session")
    assert page.input_value("#id_number") == "۱۴"
    page.select_option("#id_host_organization", str(org("تبریز").pk))
    page.fill("#id_start_time", "۹:۰۰")
    page.check('input[name="sittings"][value="morning"]')
    page.click('[data-add-row="days"]')
    page.fill('[name="days-0-date"]', "۱۳۹۱/۰۹/۲۰")
    page.keyboard.press("Escape")
    page.click("#session-form button[type=submit]")
    page.wait_for_url(re.compile(r"/g/meydan/sessions/14/edit/$"))
    write_minutes(page)
    page.click("#save-and-preview")
    page.wait_for_url(re.compile(r"/g/meydan/sessions/14/\?minutes=1$"))
    assert "۲۰ آذر ۱۳۹۱" in page.locator("#minutes").inner_text()
    assert_minutes_show_the_new_order(page, 14)


def test_a_conflicting_save_is_refused_and_both_versions_shown(chromium, live_server, session13):
    pages = []
    for username in ("dabir", "dabir"):
        context = chromium.new_context(locale="fa-IR")
        page = context.new_page()
        login(page, live_server, username, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/g/meydan/sessions/13/edit/")
        pages.append(page)
    first, second = pages
    first.fill("#id_venue", "تالار اول")
    first.click("#save-minutes")
    first.wait_for_load_state("networkidle")
    assert "صورتجلسه ذخیره شد" in first.content()
    second.fill("#id_venue", "تالار دوم")
    second.click("#save-minutes")
    second.wait_for_selector("#edit-conflict")
    assert second.input_value("#id_venue") == "تالار دوم"
    assert "تالار اول" in second.locator("#saved-version").inner_text()
    assert Meeting.objects.get(pk=session13.pk).venue == "تالار اول"
    second.click("#save-minutes")
    second.wait_for_load_state("networkidle")
    assert "صورتجلسه ذخیره شد" in second.content()
    assert Meeting.objects.get(pk=session13.pk).venue == "تالار دوم"
    for page in pages:
        page.context.close()


def test_a_person_added_from_the_editor_becomes_a_choice_and_errors_show(page, live_server, session13):
    login(page, live_server, "dabir", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/g/meydan/sessions/13/edit/")
    page.click('[data-bs-target="#new-person-modal"]')
    page.click("#new-person-form button[type=submit]")
    page.wait_for_selector("#new-person-form .invalid-feedback")
    assert "این فیلد لازم است" in page.locator("#new-person-form").inner_text()
    page.fill("#id_new-person-last_name", "کریمی")
    page.fill("#id_new-person-position", "مشاور")
    qom = Organization.objects.get(city="قم", kind="market")
    page.select_option("#id_new-person-organization", str(qom.pk))
    page.click("#new-person-form button[type=submit]")
    page.wait_for_selector("#new-person-body [data-created-kind=person]")
    page.click("#new-person-modal .btn-close")
    page.wait_for_selector("#new-person-modal", state="hidden")
    page.wait_for_selector(".modal-backdrop", state="detached")
    row = add_row(page, "attendance")
    person = Person.objects.get(last_name="کریمی")
    page.select_option(f'[name="{row}person"]', str(person.pk))
    assert page.input_value(f'[name="{row}person"]') == str(person.pk)
    # Shown and filled in as everyone else, without a reload: with the organization and position.
    chosen = page.locator(f'[name="{row}person"] option:checked').inner_text()
    assert "کریمی" in chosen and qom.display_name in chosen
    assert page.input_value(f'[name="{row}organization"]') == str(qom.pk)
    assert page.input_value(f'[name="{row}position"]') == "مشاور"
