"""``/g/<wg>/resolutions/export.xlsx``: the tracker's current filter as a right-to-left Excel sheet."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from meetings.models import Meeting
from resolutions.export import HEADER_ROW
from tests.queries import queries_of
from tests.resolutions.factories import grow, make_resolution, make_session, tehran

URL = "/g/meydan/resolutions/export.xlsx"


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="resolutions-meydan-14')  # the Jalali year
    assert "filename*=UTF-8''%D9%85%D8%B5%D9%88%D8%A8%D8%A7%D8%AA-%DB%B1%DB%B4" in disposition  # مصوبات-۱۴
    return load_workbook(BytesIO(response.content)).active


def data_rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if any(row)]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 200),
        ("staff", 200),
        ("tehran", 200),
        ("isfahan", 200),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_export(clients, role, status):
    assert clients[role].get(URL).status_code == status


def test_the_sheet_is_right_to_left_with_persian_headings_and_jalali_dates(clients):
    sheet = sheet_of(clients["tehran"].get(URL))
    assert sheet.sheet_view.rightToLeft is True
    headings = [cell.value for cell in sheet[HEADER_ROW]]
    assert headings[:4] == ["نشست", "شماره", "مصوبه", "مسئول اجرا"]
    rows = data_rows(sheet)
    assert len(rows) == 8
    first = rows[0]
    assert first[0] == 12 and first[1] == 1  # numbers, not text
    assert first[2].startswith("کمیته حقوقی با مسوولیت سازمان میادین تهران")
    assert first[3] == "کمیته حقوقی"
    assert "سازمان میادین کرج" in first[4]
    assert first[5] == datetime.datetime(2012, 9, 21)  # a date cell Excel sorts and filters by
    assert first[6] == "۳۱ شهریور ۱۳۹۱"
    assert isinstance(first[9], int) and first[9] < -5000  # days left, negative once passed
    assert first[10] == "بله" and first[11] == "باز"
    assert rows[3][5] is None and rows[3][7] == "بله"  # resolution 4: due at the next session, no date
    assert sheet.cell(row=HEADER_ROW + 1, column=6).number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.cell(row=1, column=1).value.startswith("کارگروه تخصصی")
    assert sheet.cell(row=3, column=1).value == "همه مصوبات"


def test_the_latest_accepted_report_and_its_progress_are_columns_and_the_sheet_prints_landscape(
    clients, session12
):
    from resolutions.models import FollowUp, Resolution

    resolution = Resolution.objects.get(meeting=session12, number=1)
    for day, progress, review in (
        (datetime.date(2012, 8, 1), 30, FollowUp.Review.ACCEPTED),
        (datetime.date(2012, 9, 1), 60, FollowUp.Review.ACCEPTED),
        (datetime.date(2012, 9, 10), 90, FollowUp.Review.SUBMITTED),  # not accepted yet
    ):
        FollowUp.objects.create(
            resolution=resolution, text="گزارش", reported_on=day, progress=progress, review=review
        )
    sheet = sheet_of(clients["staff"].get(URL))
    headings = [cell.value for cell in sheet[HEADER_ROW]]
    assert headings[-2:] == ["آخرین گزارش", "درصد پیشرفت"]
    first = data_rows(sheet)[0]
    assert first[-2] == datetime.datetime(2012, 9, 1) and first[-1] == 60  # a date and a number
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"  # the header row on every page
    assert sheet.oddHeader.center.text.startswith("کارگروه تخصصی")
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text


def test_the_export_follows_the_trackers_filter(clients, demo_group):
    response = clients["staff"].get(URL, {"overdue": "on", "q": "اصفهان", "deadline_from": "1391/06/01"})
    sheet = sheet_of(response)
    assert [row[1] for row in data_rows(sheet)] == [1, 8]
    described = sheet.cell(row=3, column=1).value
    assert "فقط مصوبات با مهلت گذشته" in described
    assert "اصفهان" in described
    assert "۱۳۹۱/۰۶/۰۱" in described


def test_members_export_only_what_they_may_see(clients, demo_group):
    session = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    make_resolution(session, 1, organization=tehran(), text="پیش‌نویس محرمانه")
    assert len(data_rows(sheet_of(clients["tehran"].get(URL)))) == 8
    assert len(data_rows(sheet_of(clients["staff"].get(URL)))) == 9


def test_text_that_looks_like_a_formula_stays_text(clients, demo_group):
    formula = '=HYPERLINK("http://example.org/x","گزارش")'
    make_resolution(make_session(demo_group, 14, Meeting.Status.HELD), 1, text=formula)
    cells = [
        cell
        for row in sheet_of(clients["staff"].get(URL)).iter_rows()
        for cell in row
        if cell.value == formula
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("role", ["staff", "tehran"])
def test_export_queries_do_not_grow_with_the_data(clients, demo_group, role):
    client = clients[role]
    client.get(URL)  # warm up the session
    baseline, response = queries_of(client, URL)
    rows_before = sheet_of(response).max_row
    grow(demo_group, sessions=4)
    queries, response = queries_of(client, URL)
    assert sheet_of(response).max_row >= rows_before + 12
    assert queries == baseline
