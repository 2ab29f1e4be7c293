"""Jalali dates as minutes write them: "۳۱ خرداد و ۱ تیر ماه ۱۳۹۱", "1381/02/25", "25/11/1400".

Every function works on normalized text (``secretariat.persian.normalize_text``) and keeps the
original wording: digits are matched in a copy with ASCII digits, which has the same length, so
positions found there cut the original text.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from meetings.importing.patterns import SPACE0, squeeze
from meetings.importing.structure import JalaliDate
from secretariat.persian import (
    MONTH_NUMBERS,
    jalali_month_end,
    jalali_to_gregorian,
    localize_digits,
    ordinal_words,
    to_ascii_digits,
    to_jalali,
)

MONTH = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"
# A month name is a whole word, optionally followed by "ماه" ("مهرماه", "مهر‌ماه", "مهر ماه").
MONTH_WORD = rf"(?<!\w)(?P<month>{MONTH})(?:{SPACE0}ماه)?(?!\w)"
# Weekdays, as a date's prefix ("دوشنبه ۱۵ خرداد") or a header field ("روز: دوشنبه").
WEEKDAYS = {  # jdatetime's weekday(): Saturday is 0
    "شنبه": 0,
    "یکشنبه": 1,
    "دوشنبه": 2,
    "سهشنبه": 3,
    "سشنبه": 3,
    "چهارشنبه": 4,
    "پنجشنبه": 5,
    "جمعه": 6,
}


def compact_word(text: str) -> str:
    return squeeze(text)


WEEKDAY = r"(?:(?:یک|دو|سه|چهار|پنج)[\s\u200c]*)?شنبه|جمعه"


def _day_ordinals() -> dict[str, int]:
    """Days written as ordinals, as spaced words: "پانزدهم" → 15, "سی و یکم" → 31."""
    table = {"اول": 1, "یکم": 1}
    for day in range(2, 32):
        table[ordinal_words(day)[: -len("ین")]] = day
    return table


DAY_ORDINALS = {compact_word(word): day for word, day in _day_ordinals().items()}
# Longest first, so that "بیست و یکم" is not read as "بیست..." cut short.
DAY_ORDINAL = (
    r"(?<!\w)(?:"
    + "|".join(
        SPACE0.join(re.escape(part) for part in re.split(r"[\s\u200c]+", word))
        for word in sorted(_day_ordinals(), key=len, reverse=True)
    )
    + r")(?!\w)"
)

# "۳۱ خرداد و ۱ تیر ماه ۱۳۹۱", "۵ و ۶ مهر ۱۳۹۱", "25 اردیبهشت 1381"
_JOIN = r"\s*(?:و|،|,|تا|الی|-)\s*"
_DAYS_GROUP = r"\d{1,2}(?:" + _JOIN + r"\d{1,2})*\s*(?<!\w)" + MONTH + rf"(?:{SPACE0}ماه)?(?!\w)"
_WORDED_DATES = re.compile(
    r"(?<!\d)(?P<body>" + _DAYS_GROUP + r"(?:" + _JOIN + _DAYS_GROUP + r")*)"
    r"(?:\s*(?:سال\s*)?(?P<year>\d{4}|\d{2})(?!\d))?"
)
NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/])")


def jalali_date(year: int, month: int, day: int, text: str, guesses: list[str] | None = None) -> JalaliDate:
    gregorian = jalali_to_gregorian(year, month, day)
    return JalaliDate(
        text=text,
        jalali=f"{year:04d}/{month:02d}/{day:02d}",
        iso=gregorian.isoformat(),
        guesses=list(guesses or []),
    )


def from_gregorian(value: datetime.date, text: str = "", guesses: list[str] | None = None) -> JalaliDate:
    jalali = to_jalali(value)
    return jalali_date(jalali.year, jalali.month, jalali.day, text=text, guesses=guesses)


def month_end_day(year: int, month: int) -> int:
    return to_jalali(jalali_month_end(year, month)).day


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return jalali_to_gregorian(year, month, day)
    except ValueError:
        return None


def _full_year(year: int) -> int:
    if year >= 100:
        return year
    return 1300 + year if year >= 50 else 1400 + year


def expand_year(year: int, guesses: list[str]) -> int:
    """A two-digit year: 91 → 1391, 05 → 1405."""
    if year >= 100:
        return year
    full = _full_year(year)
    guesses.append(
        _("The two-digit year %(short)s was read as %(year)s.")
        % {"short": localize_digits(f"{year:02d}"), "year": localize_digits(full)}
    )
    return full


def numeric_date(
    text: str, guesses: list[str], *, reference_year: int | None = None
) -> tuple[int, int, int] | None:
    """Year, month and day of "1381/02/25", "۱۴۰۱-۰۳-25", "30/5/97" or "25/11/1400" (day first).

    When both orders are possible ("03/05/02"), the one that is a real date wins; if both are,
    the one whose year is nearer ``reference_year`` (year/month/day without one), marked as a guess.
    """
    match = NUMERIC_DATE.search(to_ascii_digits(text))
    if not match:
        return None
    a, _sep, b, c = match.groups()
    first, month, last = int(a), int(b), int(c)
    if len(a) == 4 or first > 31:
        year, day = first, last
    elif len(c) == 4 or last > 31:
        year, day = last, first
    else:
        year, day = _ambiguous_order(first, month, last, reference_year, guesses)
    if year >= 1900:  # a Gregorian date
        try:
            gregorian = datetime.date(year, month, day)
        except ValueError:
            return None
        jalali = to_jalali(gregorian)
        guesses.append(_("A Gregorian date, converted to Jalali."))
        return jalali.year, jalali.month, jalali.day
    year = expand_year(year, guesses)
    return year, month, day


def _ambiguous_order(
    first: int, month: int, last: int, reference_year: int | None, guesses: list[str]
) -> tuple[int, int]:
    """Year and day of "aa/mm/cc" with two-digit parts on both sides."""
    year_first = safe_date(_full_year(first), month, last) is not None
    day_first = safe_date(_full_year(last), month, first) is not None
    if year_first and not day_first:
        return first, last
    if day_first and not year_first:
        return last, first
    if reference_year and abs(_full_year(last) - reference_year) < abs(_full_year(first) - reference_year):
        guesses.append(_("The order of year, month and day is ambiguous; read as day/month/year."))
        return last, first
    guesses.append(_("The order of year, month and day is ambiguous; read as year/month/day."))
    return first, last


def find_session_dates(
    text: str, *, reference_year: int | None = None
) -> tuple[list[JalaliDate], tuple[int, int] | None]:
    """The session's days in a header or opening sentence, and where they were written."""
    ascii_text = to_ascii_digits(text)
    worded = _WORDED_DATES.search(ascii_text)
    numeric = NUMERIC_DATE.search(ascii_text)
    if worded and (not numeric or worded.start() <= numeric.start()):
        dates = _worded_dates(text, worded)
        if dates:
            return dates, worded.span()
    if numeric:
        guesses: list[str] = []
        written = text[numeric.start() : numeric.end()]
        parts = numeric_date(written, guesses, reference_year=reference_year)
        if parts:
            try:
                return [jalali_date(*parts, text=written, guesses=guesses)], numeric.span()
            except ValueError:
                return [], None
    return [], None


def _worded_dates(text: str, match: re.Match) -> list[JalaliDate]:
    body = match.group("body")
    written = text[match.start() : match.end()].strip()
    guesses: list[str] = []
    if match.group("year"):
        year = expand_year(int(match.group("year")), guesses)
    else:
        return []  # a day and month with no year: the caller decides what year it is
    days: list[tuple[int, int]] = []
    pending: list[int] = []
    ranged = False
    for token in re.finditer(r"\d{1,2}|" + MONTH + r"|تا|الی", body):
        value = token.group()
        if value in ("تا", "الی"):
            ranged = True
        elif value.isdigit():
            number = int(value)
            if ranged and pending and 0 < number - pending[-1] <= 7:
                pending.extend(range(pending[-1] + 1, number + 1))
            else:
                pending.append(number)
            ranged = False
        else:
            month = MONTH_NUMBERS[value]
            days.extend((month, day) for day in pending)
            pending = []
    result = []
    for month, day in days:
        try:
            result.append(jalali_date(year, month, day, text=written, guesses=guesses))
        except ValueError:
            continue
    return result


def weekday_number(text: str) -> int | None:
    """The weekday a word names ("دوشنبه", "سه‌شنبه"), Saturday being 0."""
    return WEEKDAYS.get(compact_word(text))


def check_weekday(date: JalaliDate, weekday_text: str) -> None:
    """A weekday written beside a date that does not fall on it is noted on the date."""
    weekday = weekday_number(weekday_text)
    if weekday is None:
        return
    if to_jalali(date.date).weekday() != weekday:
        date.guesses.append(
            _("The minutes say this day was a %(weekday)s, but %(date)s was not.")
            % {"weekday": weekday_text, "date": localize_digits(date.jalali)}
        )
