"""The tracker's current selection as an Excel workbook: a right-to-left sheet with Jalali dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from resolutions.models import Resolution
from secretariat.models import WorkingGroup
from secretariat.persian import format_jalali, join_list, localize_digits

HEADER_ROW = 4
# Excel keeps at most 32,767 characters in a cell. A longer text is cut there with a marker
# that says so, and written in full on the sheet of full texts, split over as many cells as needed.
CELL_LIMIT = 32_767


DATE_FORMAT = "yyyy-mm-dd"


def _columns() -> list[tuple[str, int]]:
    """(heading, width) of each column, in reading order (right to left on the sheet).

    Numbers are numbers and the deadline a real date cell (Gregorian, so that Excel sorts and
    filters by it), with the Jalali date in words beside it.
    """
    return [
        (_("Session"), 9),
        (_("Number"), 8),
        (_("Resolution"), 70),
        (_("Responsible"), 32),
        (_("Collaborators"), 36),
        (_("Deadline"), 13),
        (_("Deadline (Jalali)"), 18),
        (_("By the next session"), 12),
        (_("Deadline as worded"), 30),
        (_("Days left"), 10),
        (_("Overdue"), 10),
        (_("Status"), 14),
        (_("Done on"), 13),
        (_("Latest report"), 13),
        (_("Progress (%)"), 10),
    ]


DEADLINE_COLUMN, DAYS_LEFT_COLUMN, OVERDUE_COLUMN, DONE_COLUMN = 6, 10, 11, 13
LATEST_REPORT_COLUMN, PROGRESS_COLUMN = 14, 15


def _row(resolution: Resolution, today: datetime.date) -> list[object]:
    due = resolution.effective_deadline
    overdue = resolution.overdue_on(today)
    return [
        resolution.meeting.number,
        resolution.shown_number,
        resolution.text,
        resolution.responsible_label,
        join_list(organization.display_name for organization in resolution.ordered_collaborators),
        due,
        format_jalali(due),
        _("yes") if resolution.deadline_next_meeting else "",
        resolution.deadline_text,
        (due - today).days if due and resolution.is_open else None,
        _("yes") if overdue else "",
        resolution.get_status_display(),
        resolution.completed_on,
        getattr(resolution, "latest_report_on", None),  # ``with_latest_report``
        getattr(resolution, "latest_progress", None),  # ``with_latest_progress``: a number
    ]


def _full_text_sheet(workbook: Workbook):
    sheet = workbook.create_sheet(_("Full texts")[:31])
    sheet.sheet_view.rightToLeft = True
    sheet.append([_("Resolution"), _("Text, in parts of at most 32,767 characters")])
    return sheet


def _cut_with_marker(text: str, full_texts, resolution: Resolution) -> str:
    """The start of ``text`` with a marker, its whole on the sheet of full texts."""
    parts = [text[start : start + CELL_LIMIT] for start in range(0, len(text), CELL_LIMIT)]
    full_texts.append([resolution.label, *parts])
    marker = " … " + _("[cut here: the full text is on the sheet “%(sheet)s”, row %(row)s]") % {
        "sheet": full_texts.title,
        "row": full_texts.max_row,
    }
    return text[: CELL_LIMIT - len(marker)] + marker


def _print_setup(sheet, group: WorkingGroup, today: datetime.date) -> None:
    """Printed as people read it: landscape A4, every column on the page's width, the header row on
    every page, the group and the day at the top, "page x of y" at the bottom."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = group.name
    sheet.oddHeader.right.text = format_jalali(today)
    sheet.oddFooter.center.text = _("Page %(page)s of %(pages)s") % {"page": "&P", "pages": "&N"}


def resolutions_workbook(
    group: WorkingGroup,
    resolutions: Iterable[Resolution],
    *,
    filters: list[str],
    today: datetime.date | None = None,
) -> bytes:
    """An .xlsx file of the given resolutions (read with ``with_listing_data``), as bytes."""
    today = today or timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Resolutions")[:31]
    sheet.sheet_view.rightToLeft = True
    columns = _columns()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)

    sheet.cell(row=1, column=1, value=group.name).font = Font(bold=True, size=14)
    sheet.cell(row=2, column=1, value=_("Exported on %(date)s") % {"date": format_jalali(today)})
    sheet.cell(row=3, column=1, value=" — ".join(filters) if filters else _("All resolutions"))
    for index, (heading, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=heading)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE6F5")
        cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(index)].width = width

    row_number = HEADER_ROW
    full_texts = None
    for row_number, resolution in enumerate(resolutions, start=HEADER_ROW + 1):
        for column, value in enumerate(_row(resolution, today), start=1):
            if isinstance(value, str) and len(value) > CELL_LIMIT:
                full_texts = full_texts or _full_text_sheet(workbook)
                value = _cut_with_marker(value, full_texts, resolution)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed text, never a formula Excel would run
            if isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            cell.alignment = wrap
        if resolution.overdue_on(today):
            for column in (DAYS_LEFT_COLUMN, OVERDUE_COLUMN):
                sheet.cell(row=row_number, column=column).font = Font(bold=True, color="B02A37")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    last_column = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(row_number, HEADER_ROW)}"
    count = localize_digits(row_number - HEADER_ROW)
    sheet.cell(row=2, column=3, value=_("Resolutions: %(count)s") % {"count": count})
    _print_setup(sheet, group, today)

    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
