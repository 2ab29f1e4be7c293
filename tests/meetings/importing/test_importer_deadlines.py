"""Deadline phrases resolved to Jalali dates relative to the session, with the wording kept."""

import datetime

import pytest

from meetings.importing.deadlines import find_deadline

SESSION_DAY = datetime.date(2012, 6, 20)  # 1391/03/31, a session in the last days of Khordad


def deadline(text: str, **kwargs):
    return find_deadline(text, session_date=SESSION_DAY, session_number=12, **kwargs)


@pytest.mark.parametrize(
    "sentence, wording, jalali, iso",
    [
        (
            "گزارش را حداکثر تا پایان شهریور ماه سال جاری ارسال کند.",
            "حداکثر تا پایان شهریور ماه سال جاری",
            "1391/06/31",
            "2012-09-21",
        ),
        ("طرح را اواخر شهریور ۹۱ ارائه کند.", "اواخر شهریور ۹۱", "1391/06/31", "2012-09-21"),
        ("تا پایان خرداد ماه سال جاری اقدام شود.", "تا پایان خرداد ماه سال جاری", "1391/03/31", "2012-06-20"),
        ("حداکثر ظرف دو هفته گزارش دهد.", "حداکثر ظرف دو هفته", "1391/04/14", "2012-07-04"),
        (
            "ظرف مدت دو ماه از تاریخ ابلاغ اقدام شود.",
            "ظرف مدت دو ماه از تاریخ ابلاغ",
            "1391/05/31",
            "2012-08-21",
        ),
        ("تا مورخ 21 مهرماه پاسخ دهد.", "تا مورخ 21 مهرماه", "1391/07/21", "2012-10-12"),
        ("طی مدت ۲ ماه بررسی شود.", "طی مدت ۲ ماه", "1391/05/31", "2012-08-21"),
        ("ظرف ۱۵ روز پاسخ دهد.", "ظرف ۱۵ روز", "1391/04/15", "2012-07-05"),
        ("تا پایان سال جاری انجام شود.", "تا پایان سال جاری", "1391/12/30", "2013-03-20"),
        ("تا تاریخ 1391/08/15 ارسال شود.", "تا تاریخ 1391/08/15", "1391/08/15", "2012-11-05"),
    ],
)
def test_dated_phrases_keep_their_wording(sentence, wording, jalali, iso):
    found = deadline(sentence)
    assert (found.text, found.jalali, found.iso) == (wording, jalali, iso)
    assert found.next_meeting is False


def test_a_month_already_past_without_a_year_is_next_year():
    found = deadline("تا پایان اردیبهشت تکمیل شود.")
    assert found.jalali == "1392/02/31"
    assert found.guesses


def test_late_month_is_approximate_and_a_guess():
    found = deadline("اواخر شهریور ۹۱")
    assert "approximate" in found.flags
    assert len(found.guesses) == 2  # two-digit year, and "late" taken as the month's end


def test_counted_from_notification_is_flagged():
    assert "from_notification" in deadline("ظرف مدت دو ماه از تاریخ ابلاغ").flags


@pytest.mark.parametrize("phrase", ["در جلسه آینده", "تا جلسه آتی", "قبل از نشست بعدی", "تا سیزدهمین نشست"])
def test_the_next_session_as_deadline(phrase):
    found = deadline(f"گزارش را {phrase} ارائه کنند.")
    assert found.next_meeting is True
    assert found.text == phrase
    assert found.jalali is None


def test_a_date_with_the_next_session_in_brackets_is_both():
    found = deadline("حداکثر تا پایان شهریور ماه سال جاری ( زمان تشکیل سیزدهمین نشست ) ارسال شود.")
    assert found.text == "حداکثر تا پایان شهریور ماه سال جاری ( زمان تشکیل سیزدهمین نشست )"
    assert (found.jalali, found.next_meeting) == ("1391/06/31", True)


def test_the_next_session_being_planned_is_not_a_deadline():
    found = deadline("جلسه آتی کارگروه اواخر شهریور ۹۱ برگزار گردد.", skip_next_session_subject=True)
    assert (found.text, found.next_meeting) == ("اواخر شهریور ۹۱", False)


def test_as_soon_as_possible_has_no_date_and_is_flagged():
    found = deadline("دبیرخانه در اسرع وقت اقدام نماید.")
    assert (found.text, found.jalali, found.flags) == ("در اسرع وقت", None, ["asap"])
    assert found.guesses


@pytest.mark.parametrize(
    "phrase, recurrence",
    [
        ("به صورت ماهانه", "monthly"),
        ("بصورت هفتگی", "weekly"),
        ("به صورت فصلی", "quarterly"),
        ("هر ماه", "monthly"),
    ],
)
def test_recurring_tasks_are_flagged(phrase, recurrence):
    found = deadline(f"گزارش عملکرد {phrase} ارسال شود.")
    assert found.text == phrase
    assert found.flags == ["recurring"]
    assert found.recurrence == recurrence


def test_a_recurring_task_with_a_first_date_keeps_both():
    found = deadline("گزارش به صورت ماهانه و تا پایان تیر ماه سال جاری ارسال شود.")
    assert found.jalali == "1391/04/31"
    assert "recurring" in found.flags and "به صورت ماهانه" in found.text


def test_no_deadline():
    assert deadline("دبیرخانه پیگیری نماید.") is None


def test_without_a_session_date_relative_deadlines_stay_undated_with_a_reason():
    found = find_deadline("ظرف دو هفته گزارش دهد.", session_date=None)
    assert (found.text, found.jalali) == ("ظرف دو هفته", None)
    assert found.guesses
    explicit = find_deadline("تا تاریخ 1391/08/15", session_date=None)
    assert explicit.jalali == "1391/08/15"
