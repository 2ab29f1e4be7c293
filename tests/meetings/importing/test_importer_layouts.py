"""The layouts besides prose (header forms, one-line headings, decision letters), the reference date
that relative deadlines count from, and re-counting them from a date staff choose."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest

from meetings.importing import parse_minutes, with_reference_date
from meetings.importing.structure import REFERENCE_SOURCES, SHAPES, MinutesImport
from secretariat.persian import parse_jalali_date
from tests.growth import assert_linear
from tests.meetings.importing.conftest import demo_index

HEADING = (
    "صورتجلسه جلسه شماره ۷ مورخ ۱۴۰۲/۰۳/۱۵\n"
    "۱- مقرر شد سازمان میادین قم ظرف دو هفته گزارش دهد.\n"
    "۲- مقرر شد دبیرخانه تا تاریخ ۱۴۰۲/۰۵/۰۱ صورتجلسه را ابلاغ کند.\n"
)
LETTER = (
    "شماره: ۱۲۳/ص\n"
    "تاریخ: ۱۴۰۲/۰۴/۱۰\n"
    "پیوست: ندارد\n"
    "با سلام\n"
    "شورای هماهنگی استان در جلسه مورخ ۱۴۰۲/۰۴/۰۱ موارد زیر را تصویب کرد:\n"
    "۱- سازمان میادین کرج موظف است ظرف یک ماه از تاریخ ابلاغ گزارش دهد.\n"
    "۲- سازمان میادین قم موظف است ظرف ده روز پاسخ دهد.\n"
    "رئیس شورا\n"
)


def parse(text: str, **kwargs) -> MinutesImport:
    return parse_minutes(text, organizations=demo_index(), **kwargs)


def test_a_one_line_heading_gives_the_number_and_date_and_so_the_deadlines():
    minutes = parse(HEADING)
    assert (minutes.shape, minutes.session_number) == ("heading", 7)
    assert [d.jalali for d in minutes.dates] == ["1402/03/15"]
    assert minutes.not_understood == []
    assert [r.deadline.jalali for r in minutes.resolutions] == ["1402/03/29", "1402/05/01"]


def test_a_decision_letter_without_a_resolutions_heading():
    minutes = parse(LETTER)
    assert minutes.shape == "decision_letter"
    assert [d.jalali for d in minutes.dates] == ["1402/04/01"]
    assert (minutes.letter_number, minutes.letter_date.jalali) == ("۱۲۳/ص", "1402/04/10")
    assert (minutes.reference_date.jalali, minutes.reference_date_source) == ("1402/04/10", "letter_date")
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert minutes.signatories == ["رئیس شورا"]
    assert [r.deadline.jalali for r in minutes.resolutions] == ["1402/05/10", "1402/04/20"]


def test_the_session_date_day_first_is_the_reference_not_a_later_date_in_the_text():
    minutes = parse(
        "جلسه شماره ۵۲ کمیته در تاریخ 25/11/1400 برگزار شد.\n"
        "1- مقرر شد دبیرخانه ظرف یک ماه گزارش دهد.\n"
        "2- مقرر شد جلسه بعدی در تاریخ 1400/12/20 برگزار شود.\n"
    )
    assert [d.jalali for d in minutes.dates] == ["1400/11/25"]
    assert minutes.reference_date.jalali == "1400/11/25"
    assert minutes.resolutions[0].deadline.jalali == "1400/12/25"


def test_an_unreadable_header_date_is_said_and_not_replaced_by_another_date():
    minutes = parse(
        "شماره جلسه: ۳\nتاریخ جلسه: پانزدهم خرداد\n"
        "۱- مقرر شد جلسه آتی در تاریخ ۱۴۰۲/۰۴/۱۰ به میزبانی سازمان میادین قم برگزار شود.\n"
    )
    assert minutes.dates == [] and minutes.reference_date is None
    assert any("پانزدهم خرداد" in guess for guess in minutes.guesses)


def test_a_weekday_that_does_not_match_the_date_is_marked():
    minutes = parse("شماره جلسه: ۳\nتاریخ جلسه: ۱۴۰۲/۰۳/۱۵\nروز: جمعه\n")  # 1402/03/15 was a Monday
    assert minutes.weekday == "جمعه"
    assert minutes.dates[0].guesses


def test_the_seed_is_prose_counted_from_its_last_day():
    from meetings.demo import SEED_MINUTES

    minutes = parse(SEED_MINUTES.read_text(encoding="utf-8"))
    assert (minutes.shape, minutes.reference_date.jalali, minutes.reference_date_source) == (
        "prose",
        "1391/04/01",
        "session_date",
    )


def test_deadlines_are_recounted_from_a_date_staff_choose_and_the_original_is_unchanged():
    minutes = parse(HEADING)
    later = with_reference_date(minutes, parse_jalali_date("1402/04/01"))
    assert (later.reference_date.jalali, later.reference_date_source) == ("1402/04/01", "given")
    assert later.resolutions[0].deadline.jalali == "1402/04/15"  # two weeks from the new date
    assert later.resolutions[1].deadline.jalali == "1402/05/01"  # a written date does not move
    assert later.resolutions[0].deadline.from_reference and not later.resolutions[1].deadline.from_reference
    assert minutes.reference_date.jalali == "1402/03/15"
    assert minutes.resolutions[0].deadline.jalali == "1402/03/29"


def test_counted_from_notification_stays_with_the_letter_date_when_the_reference_changes():
    minutes = with_reference_date(parse(LETTER), parse_jalali_date("1402/04/01"), source="session_date")
    assert minutes.reference_date_source == "session_date"
    assert [r.deadline.jalali for r in minutes.resolutions] == ["1402/05/10", "1402/04/11"]


def test_a_reference_date_given_to_the_parser_is_the_same_as_recounting():
    chosen = datetime.date(2023, 6, 22)  # 1402/04/01
    given = parse(HEADING, reference_date=chosen)
    assert given.reference_date_source == "given"
    assert [r.deadline for r in given.resolutions] == [
        r.deadline for r in with_reference_date(parse(HEADING), chosen).resolutions
    ]


def test_without_any_date_relative_deadlines_are_flagged_not_guessed():
    minutes = parse("۱- مقرر شد دبیرخانه ظرف دو هفته گزارش دهد.\n")
    deadline = minutes.resolutions[0].deadline
    assert (minutes.reference_date, minutes.reference_date_source, minutes.shape) == (None, "", "unknown")
    assert deadline.jalali is None and "unresolved" in deadline.flags


def test_header_form_fields_and_attendance():
    minutes = parse(
        "شماره جلسه: ۱۸   تاریخ جلسه: ۱۴۰۲/۰۷/۲۴   روز: دوشنبه\n"
        "ساعت شروع/خاتمه: ۹ - ۱۱:۳۰\n"
        "رئیس جلسه: آقای جعفری\n"
        "دبیر جلسه: خانم کاظمی\n"
        "اعضای حاضر: آقای رضایی (سازمان میادین کرج)، خانم احمدی\n"
        "اعضای غایب: آقای کریمی (مأموریت)\n"
        "مدعوین:\n"
        "- آقای موسوی (دانشگاه تهران)\n"
        "مصوبات:\n"
        "۱- دبیرخانه صورتجلسه را ابلاغ کند.\n"
    )
    assert (minutes.shape, minutes.session_number, minutes.weekday) == ("header_form", 18, "دوشنبه")
    assert (minutes.start_time, minutes.end_time) == ("09:00", "11:30")
    assert (minutes.chair, minutes.secretary) == ("آقای جعفری", "خانم کاظمی")
    assert [(a.status, a.name, a.detail, a.reason) for a in minutes.attendees] == [
        ("present", "آقای رضایی", "سازمان میادین کرج", ""),
        ("present", "خانم احمدی", "", ""),
        ("absent", "آقای کریمی", "", "مأموریت"),
        ("guest", "آقای موسوی", "دانشگاه تهران", ""),
    ]
    assert minutes.attendees[0].organization.name == "سازمان میادین و ساماندهی مشاغل شهرداری کرج"
    assert [r.number for r in minutes.resolutions] == [1]
    assert minutes.not_understood == []


@pytest.mark.parametrize("text", [HEADING, LETTER])
def test_the_json_keeps_its_keys_and_adds_the_new_ones(text):
    data = json.loads(json.dumps(parse(text).to_dict(), ensure_ascii=False))
    old_keys = {"session_number", "dates", "resolutions", "next_session", "not_understood", "line_kinds"}
    new_keys = {"shape", "reference_date", "reference_date_source", "letter_date", "attendees", "signatories"}
    assert old_keys | new_keys <= set(data)
    assert data["shape"] in SHAPES and data["reference_date_source"] in REFERENCE_SOURCES
    assert {"text", "jalali", "iso"} <= set(data["reference_date"])
    assert "from_reference" in data["resolutions"][0]["deadline"]


def test_every_field_of_the_structure_has_a_default_so_old_code_can_build_it():
    assert all(
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        for f in dataclasses.fields(MinutesImport)
    )


@pytest.mark.parametrize(
    "unit",
    [
        "شماره جلسه: ۱ تاریخ: ۱۴۰۲/۰۱/۰۱ ",
        "اعضای حاضر: آقای الف (ب، ج)، ",
        "تبصره- ",
        "در جلسه مورخ ۱۴۰۲/۰۱/۰۱ تصویب نمود:\n",
        "صورتجلسه جلسه شماره ۷ مورخ ",
        "ظرف یک‌ماه تا پایان ",
        "حاضرین:\n- آقای الف\n",
    ],
)
def test_pathological_repetitions_of_the_new_layouts_are_read_in_linear_time(unit):
    from meetings.importing.text import MAX_TEXT_CHARS

    def reading(size: int):
        text = unit * (size // len(unit))
        return lambda: parse(text)

    assert_linear(reading, MAX_TEXT_CHARS // 16)


@pytest.mark.parametrize("unit", ["کلمه\n", "تبصره- الف\n", "رئیس شورا\n", "- آقای الف\n", "۱-۱- الف\n"])
def test_many_short_lines_after_an_item_are_read_in_linear_time(unit):
    """Each line carries the item on, or is one more item: neither may cost more as the text grows."""
    from meetings.importing.text import MAX_TEXT_CHARS

    head = "شورا در جلسه مورخ ۱۴۰۲/۰۱/۰۱ تصویب نمود:\n1- مقرر شد دبیرخانه گزارش دهد\n"

    def reading(size: int):
        text = head + unit * (size // len(unit))
        return lambda: parse(text)

    assert_linear(reading, MAX_TEXT_CHARS // 16)
