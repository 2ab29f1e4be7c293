import datetime

import pytest
from django.utils import translation

from secretariat import persian


def test_digits_both_ways():
    assert persian.to_persian_digits("1391/03/31") == "۱۳۹۱/۰۳/۳۱"
    assert persian.to_persian_digits("٣١") == "۳۱"
    assert persian.to_ascii_digits("۱۳۹۱/۰۳/٣١") == "1391/03/31"


def test_localized_digits_follow_the_language():
    with translation.override("fa"):
        assert persian.localize_digits(12) == "۱۲"
    with translation.override("en"):
        assert persian.localize_digits("۱۲") == "12"


def test_normalize_text_unifies_yeh_and_kaf_keeps_zwnj_and_drops_bidi_controls():
    typed = "كميته\u200cهاي حقوقي\u202eexe.pdf"
    assert persian.normalize_text(typed) == "کمیته\u200cهای حقوقیexe.pdf"
    assert persian.normalize_text(None) == ""
    assert persian.normalize_text("a\r\nb") == "a\nb"


def test_search_key_ignores_spelling_variants():
    assert persian.search_key("كميته‌هاي  ۱۲") == persian.search_key("کمیته های 12")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1391/03/31", datetime.date(2012, 6, 20)),
        ("۱۳۹۱/۰۳/۳۱", datetime.date(2012, 6, 20)),
        ("1391/3/31", datetime.date(2012, 6, 20)),
        ("1391-04-01", datetime.date(2012, 6, 21)),
        ("91/6/31", datetime.date(2012, 9, 21)),
        ("١٣٩١/٠٦/٣١", datetime.date(2012, 9, 21)),
    ],
)
def test_parse_jalali_date(typed, expected):
    assert persian.parse_jalali_date(typed) == expected


def test_jalali_leap_years():
    assert persian.parse_jalali_date("1391/12/30") == datetime.date(2013, 3, 20)
    with pytest.raises(persian.JalaliDateError):
        persian.parse_jalali_date("1392/12/30")
    assert persian.jalali_month_end(1391, 12) == datetime.date(2013, 3, 20)
    assert persian.jalali_month_end(1392, 12) == datetime.date(2014, 3, 20)


@pytest.mark.parametrize("typed", ["", "31 khordad", "1391/13/01", "1391/07/31", "1391/03"])
def test_parse_jalali_date_refuses_with_a_persian_message(typed):
    with translation.override("fa"):
        with pytest.raises(persian.JalaliDateError) as error:
            persian.parse_jalali_date(typed)
        assert any("\u0600" <= char <= "\u06ff" for char in str(error.value))


def test_format_jalali_in_persian():
    with translation.override("fa"):
        assert persian.format_jalali(datetime.date(2012, 6, 20)) == "۳۱ خرداد ۱۳۹۱"
        assert persian.format_jalali(datetime.date(2012, 6, 20), "short") == "۱۳۹۱/۰۳/۳۱"
        assert persian.format_jalali(datetime.date(2012, 9, 21), "month") == "شهریور ۱۳۹۱"
        assert persian.format_jalali(None) == ""


def test_format_jalali_in_english_keeps_latin_digits():
    with translation.override("en"):
        assert persian.format_jalali(datetime.date(2012, 6, 20)) == "31 Khordad 1391"


def test_format_jalali_days_groups_month_and_year():
    with translation.override("fa"):
        assert (
            persian.format_jalali_days([datetime.date(2012, 6, 21), datetime.date(2012, 6, 20)])
            == "۳۱ خرداد و ۱ تیر ۱۳۹۱"
        )
        assert (
            persian.format_jalali_days([datetime.date(2012, 9, 26), datetime.date(2012, 9, 27)])
            == "۵ و ۶ مهر ۱۳۹۱"
        )
        assert persian.format_jalali_days([]) == ""


def test_format_time():
    with translation.override("fa"):
        assert persian.format_time(datetime.time(8, 40)) == "۸:۴۰"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "نخستین"),
        (2, "دومین"),
        (3, "سومین"),
        (10, "دهمین"),
        (12, "دوازدهمین"),
        (13, "سیزدهمین"),
        (20, "بیستمین"),
        (21, "بیست و یکمین"),
        (23, "بیست و سومین"),
        (30, "سی\u200cامین"),
        (33, "سی و سومین"),
        (66, "شصت و ششمین"),
        (100, "صدمین"),
        (113, "صد و سیزدهمین"),
        (130, "صد و سی\u200cامین"),
        (199, "صد و نود و نهمین"),
    ],
)
def test_ordinal_words(number, words):
    assert persian.ordinal_words(number) == words


def test_every_ordinal_to_199_is_distinct_persian_words():
    ordinals = [persian.ordinal_words(n) for n in range(1, 200)]
    assert len(set(ordinals)) == 199
    assert all(word.endswith("ین") and not any(c.isdigit() for c in word) for word in ordinals)


def test_ordinal_in_english():
    with translation.override("en"):
        assert [persian.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 112)] == [
            "1st",
            "2nd",
            "3rd",
            "11th",
            "12th",
            "13th",
            "21st",
            "112th",
        ]


def test_days_left_text():
    today = datetime.date(2012, 9, 1)
    with translation.override("fa"):
        assert persian.days_left_text(datetime.date(2012, 9, 21), today) == "۲۰ روز مانده"
        assert persian.days_left_text(datetime.date(2012, 8, 29), today) == "۳ روز گذشته"
        assert persian.days_left_text(today, today) == "امروز"


def test_a_long_unbroken_run_gets_a_break_every_few_letters_and_nothing_else_changes():
    from secretariat.persian import BREAK_EVERY, ZERO_WIDTH_SPACE, display_text

    assert display_text("کلمه‌های کوتاه همان می‌مانند") == "کلمه‌های کوتاه همان می‌مانند"
    run = "تالار" * 40  # 200 letters with no space
    shown = display_text(run)
    assert shown.replace(ZERO_WIDTH_SPACE, "") == run
    assert max(len(piece) for piece in shown.split(ZERO_WIDTH_SPACE)) <= BREAK_EVERY + 1
    marked = display_text("بَ" * 60 + "می‌" * 40)  # a letter keeps its diacritic and its ZWNJ
    for index, character in enumerate(marked[:-1]):
        if character == ZERO_WIDTH_SPACE:
            assert marked[index + 1] not in ("\u064e", "\u200c")
