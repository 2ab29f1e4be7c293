"""Dates and deadlines as minutes word them, resolved to Jalali dates relative to the session.

Every function works on normalized text (``secretariat.persian.normalize_text``) and keeps the
original wording: digits are matched in a copy with ASCII digits, which has the same length, so
positions found there cut the original text.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

import jdatetime
from django.utils.translation import gettext as _

from meetings.importing.structure import Deadline, JalaliDate
from secretariat.persian import (
    MONTH_NUMBERS,
    jalali_month_end,
    jalali_to_gregorian,
    localize_digits,
    number_to_words,
    to_ascii_digits,
    to_jalali,
)

_MONTH = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"
# A month name is a whole word, optionally followed by "ماه" (with or without a space: "مهرماه").
_MONTH_WORD = rf"(?<!\w)(?P<month>{_MONTH})(?:\s*ماه)?(?!\w)"

WORD_NUMBERS: dict[str, int] = {number_to_words(n): n for n in range(1, 100)}
WORD_NUMBERS.update({"یک": 1, "نیم": 0, "سی": 30, "شش": 6, "شیش": 6, "هیجده": 18, "هژده": 18})
WORD_NUMBERS.pop("نیم")
_NUMBER_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}|(?<!\w)(?:{_NUMBER_WORDS})(?!\w))"

_PREFIX = r"(?:(?:حداکثر|حد\s*اکثر|حداقل)\s+)?(?:(?:تا|قبل\s+از|پیش\s+از|در|تا\s+قبل\s+از)\s+)?"
_YEAR_TAIL = r"(?:\s+(?:سال\s+)?(?P<year>جاری|آینده|آتی|بعد|\d{4}|\d{2})(?!\w))?"

_MONTH_POINT = re.compile(
    _PREFIX + r"(?P<point>پایان|آخر|انتهای|اواخر|اوایل|اواسط|نیمه\s+اول|نیمه\s+دوم|نیمه|دهه\s+اول|دهه\s+دوم|"
    r"دهه\s+سوم|دهه\s+آخر|اول|ابتدای)\s+" + _MONTH_WORD + _YEAR_TAIL
)
_PERIOD_END = re.compile(
    _PREFIX + r"(?P<point>پایان|آخر|انتهای)\s+(?P<unit>سال|ماه)(?:\s+(?P<which>جاری|آینده|آتی|بعد))?(?!\w)"
)
_DAY_MONTH = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?P<lead>تا|قبل\s+از|پیش\s+از|در|مورخ|تاریخ|روز)\s+"
    r"(?:(?:مورخ|تاریخ|روز)\s+)?(?:\S+\s+)??(?P<day>\d{1,2})\s*" + _MONTH_WORD + _YEAR_TAIL
)
_NUMERIC = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?P<lead>تا|قبل\s+از|پیش\s+از|در|مورخ|تاریخ)\s+(?:(?:مورخ|تاریخ)\s+)?"
    r"(?P<date>\d{1,4}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{1,4})(?!\d)"
)
_SPAN = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?:ظرف|طی|در\s+طی|در\s+ظرف|در\s+مدت|به\s+مدت)\s+(?:مدت\s+)?"
    r"(?P<n>" + _NUMBER + r"(?:\s+و\s+" + _NUMBER + r")?)\s*(?P<unit>روز|هفته|ماه|سال)(?!\w)"
    r"(?P<working>\s+کاری)?(?:\s+(?:آینده|آتی))?"
    r"(?P<notification>\s+(?:پس\s+)?(?:از|بعد\s+از)\s+(?:تاریخ\s+)?(?:ابلاغ|دریافت|تصویب|برگزاری|تشکیل)"
    r"(?:\s+(?:این\s+)?(?:صورتجلسه|صورت\s+جلسه|مصوبه|جلسه|نشست))?)?"
)
_NEXT = re.compile(
    r"(?:(?:حداکثر\s+)?(?:تا|در|قبل\s+از|پیش\s+از|برای)\s+)(?:جلسه|نشست)\s+(?:آتی|آینده|بعدی|بعد)"
    r"(?:\s+(?:کار\s*گروه|گروه))?(?!\w)"
)
_ASAP = re.compile(r"(?:در\s+)?(?:اسرع\s+وقت|اولین\s+فرصت(?:\s+ممکن)?|سریعا|سریعاً|فوراً|فورا|بلافاصله)")
_RECURRING = re.compile(
    r"(?:به\s*صورت|بصورت|بطور|به\s*طور)\s+(?P<kind>ماهانه|ماهیانه|هفتگی|فصلی|سالانه|سالیانه|روزانه|دوره\s*ای|"
    r"مستمر|سه\s*ماهه|شش\s*ماهه)|(?:(?<!\w)هر|یک\s+بار\s+در)\s+(?P<every>ماه|هفته|فصل|سال|روز|سه\s+ماه|شش\s+ماه)"
    r"(?!\w)"
)
_RECURRENCE = {
    "ماهانه": "monthly",
    "ماهیانه": "monthly",
    "ماه": "monthly",
    "هفتگی": "weekly",
    "هفته": "weekly",
    "فصلی": "quarterly",
    "فصل": "quarterly",
    "سه ماهه": "quarterly",
    "سهماهه": "quarterly",
    "سه ماه": "quarterly",
    "سالانه": "yearly",
    "سالیانه": "yearly",
    "سال": "yearly",
    "روزانه": "daily",
    "روز": "daily",
    "شش ماهه": "half-yearly",
    "ششماهه": "half-yearly",
    "شش ماه": "half-yearly",
}

# "۳۱ خرداد و ۱ تیر ماه ۱۳۹۱", "۵ و ۶ مهر ۱۳۹۱", "25 اردیبهشت 1381"
_JOIN = r"\s*(?:و|،|,|تا|الی|-)\s*"
_DAYS_GROUP = r"\d{1,2}(?:" + _JOIN + r"\d{1,2})*\s*(?<!\w)" + _MONTH + r"(?:\s*ماه)?(?!\w)"
_WORDED_DATES = re.compile(
    r"(?<!\d)(?P<body>" + _DAYS_GROUP + r"(?:" + _JOIN + _DAYS_GROUP + r")*)"
    r"(?:\s*(?:سال\s*)?(?P<year>\d{4}|\d{2})(?!\d))?"
)
_NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/])")


def jalali_date(year: int, month: int, day: int, text: str, guesses: list[str] | None = None) -> JalaliDate:
    gregorian = jalali_to_gregorian(year, month, day)
    return JalaliDate(
        text=text,
        jalali=f"{year:04d}/{month:02d}/{day:02d}",
        iso=gregorian.isoformat(),
        guesses=list(guesses or []),
    )


def month_end_day(year: int, month: int) -> int:
    return to_jalali(jalali_month_end(year, month)).day


def expand_year(year: int, guesses: list[str]) -> int:
    """A two-digit year: 91 → 1391, 05 → 1405."""
    if year >= 100:
        return year
    full = 1300 + year if year >= 50 else 1400 + year
    guesses.append(
        _("The two-digit year %(short)s was read as %(year)s.")
        % {"short": localize_digits(f"{year:02d}"), "year": localize_digits(full)}
    )
    return full


def numeric_date(text: str, guesses: list[str]) -> tuple[int, int, int] | None:
    """Year, month and day of "1381/02/25", "۱۴۰۱-۰۳-25", "30/5/97" (day first) or "97/5/30"."""
    match = _NUMERIC_DATE.search(to_ascii_digits(text))
    if not match:
        return None
    a, _sep, b, c = match.groups()
    first, month, last = int(a), int(b), int(c)
    if len(a) == 4 or first > 31:
        year, day = first, last
    elif len(c) == 4 or last > 31:
        year, day = last, first
    else:
        year, day = first, last
        guesses.append(_("The order of year, month and day is ambiguous; read as year/month/day."))
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


def find_session_dates(text: str) -> tuple[list[JalaliDate], tuple[int, int] | None]:
    """The session's days in a header or opening sentence, and where they were written."""
    ascii_text = to_ascii_digits(text)
    worded = _WORDED_DATES.search(ascii_text)
    numeric = _NUMERIC_DATE.search(ascii_text)
    if worded and (not numeric or worded.start() <= numeric.start()):
        dates = _worded_dates(text, worded)
        if dates:
            return dates, worded.span()
    if numeric:
        guesses: list[str] = []
        parts = numeric_date(text[numeric.start() : numeric.end()], guesses)
        if parts:
            try:
                return [
                    jalali_date(*parts, text=text[numeric.start() : numeric.end()], guesses=guesses)
                ], numeric.span()
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
    for token in re.finditer(r"\d{1,2}|" + _MONTH + r"|تا|الی", body):
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


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    match: re.Match


def find_deadline(
    text: str,
    *,
    session_date: datetime.date | None,
    session_number: int | None = None,
    skip_next_session_subject: bool = False,
) -> Deadline | None:
    """The deadline a resolution sets, resolved relative to ``session_date``, or None.

    ``skip_next_session_subject``: the resolution announces the next session, so "جلسه آتی" in it
    is what is being planned, not a deadline.
    """
    ascii_text = to_ascii_digits(text)
    found: list[_Found] = []
    for kind, pattern in (
        ("month_point", _MONTH_POINT),
        ("period_end", _PERIOD_END),
        ("day_month", _DAY_MONTH),
        ("numeric", _NUMERIC),
        ("span", _SPAN),
    ):
        found += [_Found(m.start(), m.end(), kind, m) for m in pattern.finditer(ascii_text)]
    dated = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    next_matches = [] if skip_next_session_subject else list(_NEXT.finditer(ascii_text))
    next_matches += _ordinal_next_session(ascii_text, session_number)
    asap = _ASAP.search(ascii_text)
    recurring = _RECURRING.search(ascii_text)

    if dated:
        chosen = dated[0]
        deadline = _resolve(text, chosen, session_date)
        end = chosen.end
        # "... سال جاری ( زمان تشکیل سیزدهمین نشست )": the parenthesis belongs to the wording.
        paren = re.compile(r"\s*\(([^()]{1,120})\)").match(ascii_text, end)
        if paren:
            inner = paren.group(1)
            if _NEXT_WORDS.search(inner) or _ordinal_next_session(inner, session_number):
                deadline.next_meeting = True
            deadline.text = text[chosen.start : paren.end()].strip()
        if any(chosen.start <= m.start() <= end + 3 for m in next_matches):
            deadline.next_meeting = True
    elif next_matches:
        first = min(next_matches, key=lambda m: m.start())
        deadline = Deadline(text=text[first.start() : first.end()].strip(), next_meeting=True)
    elif asap:
        deadline = Deadline(text=text[asap.start() : asap.end()].strip())
    elif recurring:
        deadline = Deadline(text=text[recurring.start() : recurring.end()].strip())
    else:
        return None
    if next_matches and not deadline.next_meeting and not dated:
        deadline.next_meeting = True
    if asap:
        deadline.flags.append("asap")
        if deadline.text != text[asap.start() : asap.end()].strip():
            deadline.text = f"{deadline.text}؛ {text[asap.start() : asap.end()].strip()}"
        if not deadline.iso:
            deadline.guesses.append(_("“As soon as possible” gives no date; follow it up by hand."))
    if recurring:
        deadline.flags.append("recurring")
        word = re.sub(r"\s+", " ", recurring.group("kind") or recurring.group("every"))
        deadline.recurrence = _RECURRENCE.get(word, _RECURRENCE.get(word.replace(" ", ""), "periodic"))
        recurring_text = text[recurring.start() : recurring.end()].strip()
        if recurring_text not in deadline.text:
            deadline.text = f"{deadline.text}؛ {recurring_text}" if deadline.text else recurring_text
        deadline.guesses.append(_("A recurring task: the date is the first occurrence at most."))
    return deadline


_NEXT_WORDS = re.compile(r"(?:جلسه|نشست)\s+(?:آتی|آینده|بعدی|بعد)(?!\w)")


def _ordinal_next_session(text: str, session_number: int | None) -> list[re.Match]:
    """Mentions of the next session by its number: "سیزدهمین نشست", "جلسه ۱۳"."""
    if not session_number:
        return []
    from meetings.importing.numbers import ordinal_pattern

    pattern = re.compile(
        r"(?:(?:حداکثر\s+)?(?:تا|در|قبل\s+از|پیش\s+از|برای)\s+)?(?:"
        + ordinal_pattern(session_number + 1).pattern
        + ")"
    )
    return list(pattern.finditer(text))


def _session_year(session_date: datetime.date | None) -> int | None:
    return to_jalali(session_date).year if session_date else None


def _year(raw: str | None, session_date: datetime.date | None, guesses: list[str]) -> tuple[int | None, bool]:
    """The year a deadline names; the bool says it was assumed and may roll over to next year."""
    session_year = _session_year(session_date)
    if raw in (None, ""):
        return session_year, True
    if raw == "جاری":
        return session_year, False
    if raw in ("آینده", "آتی", "بعد"):
        return (session_year + 1 if session_year else None), False
    return expand_year(int(raw), guesses), False


def _resolve(text: str, found: _Found, session_date: datetime.date | None) -> Deadline:
    match = found.match
    wording = text[found.start : found.end].strip()
    deadline = Deadline(text=wording)
    guesses = deadline.guesses
    point_day: int | None = None
    year = month = day = None
    if found.kind in ("month_point", "day_month"):
        year, assumed = _year(match.group("year"), session_date, guesses)
        month = MONTH_NUMBERS[match.group("month")]
        if found.kind == "day_month":
            day = int(match.group("day"))
        else:
            point = re.sub(r"\s+", " ", match.group("point"))
            point_day = {
                "اوایل": 10,
                "اول": 1,
                "ابتدای": 1,
                "دهه اول": 10,
                "اواسط": 15,
                "نیمه": 15,
                "نیمه اول": 15,
                "دهه دوم": 20,
            }.get(point)
            if point in (
                "اواخر",
                "اوایل",
                "اواسط",
                "نیمه",
                "نیمه اول",
                "نیمه دوم",
                "دهه اول",
                "دهه دوم",
                "دهه سوم",
                "دهه آخر",
            ):
                deadline.flags.append("approximate")
                guesses.append(
                    _("An approximate time (“%(point)s”): the date shown is the latest it can mean.")
                    % {"point": point}
                    if point_day is None
                    else _("An approximate time (“%(point)s”): read as day %(day)s of the month.")
                    % {"point": point, "day": localize_digits(point_day)}
                )
        if year is None:
            guesses.append(_("The session's date is not known, so the year of this deadline is not either."))
            return deadline
        if day is None:
            day = point_day or month_end_day(year, month)
        if (
            assumed
            and session_date
            and _safe_date(year, month, day)
            and _safe_date(year, month, day) < session_date
        ):
            year += 1
            guesses.append(
                _("No year is written; the next %(month)s after the session was taken.")
                % {"month": match.group("month")}
            )
            if point_day is None and found.kind == "month_point":
                day = month_end_day(year, month)
        elif assumed:
            deadline.flags.append("year_assumed")
    elif found.kind == "period_end":
        session_year = _session_year(session_date)
        if session_year is None:
            guesses.append(_("The session's date is not known, so this deadline cannot be dated."))
            return deadline
        session_jalali = to_jalali(session_date)
        which = match.group("which")
        if match.group("unit") == "سال":
            year, month = session_year + (1 if which in ("آینده", "آتی", "بعد") else 0), 12
        else:
            year, month = session_jalali.year, session_jalali.month
            if which in ("آینده", "آتی", "بعد"):
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = month_end_day(year, month)
    elif found.kind == "numeric":
        parts = numeric_date(match.group("date"), guesses)
        if parts:
            year, month, day = parts
    elif found.kind == "span":
        if session_date is None:
            guesses.append(_("The session's date is not known, so this deadline cannot be dated."))
            return deadline
        number = _number(match.group("n"))
        unit = match.group("unit")
        base = to_jalali(session_date)
        if unit == "روز":
            days = number
            if match.group("working"):
                days = math.ceil(number * 7 / 6)
                guesses.append(_("Working days were counted as calendar days with Fridays off."))
            target = base + datetime.timedelta(days=days)
        elif unit == "هفته":
            target = base + datetime.timedelta(days=7 * number)
        elif unit == "ماه":
            target = _add_months(base, number)
        else:
            target = _add_months(base, 12 * number)
        year, month, day = target.year, target.month, target.day
        if match.group("notification"):
            deadline.flags.append("from_notification")
            guesses.append(
                _("Counted from the session's date; the date the minutes were notified is not known.")
            )
    if year is None or month is None or day is None:
        return deadline
    try:
        resolved = jalali_date(year, month, day, text=wording)
    except ValueError:
        guesses.append(
            _("The date %(date)s does not exist.") % {"date": localize_digits(f"{year}/{month}/{day}")}
        )
        return deadline
    deadline.jalali, deadline.iso = resolved.jalali, resolved.iso
    if session_date and resolved.date < session_date:
        deadline.flags.append("before_session")
        guesses.append(_("This deadline is before the session itself."))
    return deadline


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return jalali_to_gregorian(year, month, day)
    except ValueError:
        return None


def _number(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"\s+و\s+", text):
        part = part.strip()
        total += int(part) if part.isdigit() else WORD_NUMBERS.get(part, 0)
    return total


def _add_months(value: jdatetime.date, months: int) -> jdatetime.date:
    index = value.year * 12 + (value.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(value.day, month_end_day(year, month))
    return jdatetime.date(year, month, day)


def find_date(text: str, *, reference: datetime.date | None) -> JalaliDate | None:
    """A single date in free text ("اواخر شهریور ۹۱", "۲۵ مهر ۱۳۹۱", "1391/06/25"), e.g. of the next session."""
    ascii_text = to_ascii_digits(text)
    candidates: list[_Found] = []
    plain_point = re.compile(
        r"(?P<point>پایان|آخر|انتهای|اواخر|اوایل|اواسط|نیمه\s+اول|نیمه\s+دوم|نیمه|دهه\s+اول|دهه\s+دوم|دهه\s+سوم|"
        r"دهه\s+آخر|اول|ابتدای)\s+" + _MONTH_WORD + _YEAR_TAIL
    )
    plain_day = re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*" + _MONTH_WORD + _YEAR_TAIL)
    for kind, pattern in (("month_point", plain_point), ("day_month", plain_day)):
        candidates += [_Found(m.start(), m.end(), kind, m) for m in pattern.finditer(ascii_text)]
    numeric = _NUMERIC_DATE.search(ascii_text)
    if numeric:
        guesses: list[str] = []
        parts = numeric_date(text[numeric.start() : numeric.end()], guesses)
        if parts and (not candidates or numeric.start() < min(c.start for c in candidates)):
            try:
                return jalali_date(
                    *parts, text=text[numeric.start() : numeric.end()].strip(), guesses=guesses
                )
            except ValueError:
                return None
    if not candidates:
        return None
    chosen = min(candidates, key=lambda f: (f.start, -(f.end - f.start)))
    deadline = _resolve(text, chosen, reference)
    if not deadline.iso:
        return None
    return JalaliDate(text=deadline.text, jalali=deadline.jalali, iso=deadline.iso, guesses=deadline.guesses)
