"""Deadlines as minutes word them, resolved to Jalali dates from a reference date.

The reference date is normally the session's last day; a council's decision letter counts from
the letter's date (see ``MinutesImport.reference_date``). A deadline is found by a table of
patterns, one per kind of wording, and dated by one small function per kind (``_RESOLVERS``).
Wordings that are plainly deadlines but give no date ("تا زمان تصویب بودجه") are kept and
flagged ``unresolved``, never guessed.

Every function works on normalized text (``secretariat.persian.normalize_text``) and keeps the
original wording: digits are matched in a copy with ASCII digits, which has the same length, so
positions found there cut the original text.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import jdatetime
from django.utils.translation import gettext as _

from meetings.importing.dates import (  # noqa: F401  (re-exported: the parser's and tests' names)
    DAY_ORDINAL,
    DAY_ORDINALS,
    MONTH_WORD,
    NUMERIC_DATE,
    compact_word,
    expand_year,
    find_session_dates,
    jalali_date,
    month_end_day,
    numeric_date,
    safe_date,
)
from meetings.importing.numbers import ordinal_pattern
from meetings.importing.patterns import SPACE0 as _S0
from meetings.importing.structure import Deadline, JalaliDate
from secretariat.persian import (
    MONTH_NUMBERS,
    add_jalali_months,
    localize_digits,
    number_to_words,
    to_ascii_digits,
    to_jalali,
)

WORD_NUMBERS: dict[str, int] = {number_to_words(n): n for n in range(1, 100)}
WORD_NUMBERS.update({"یک": 1, "سی": 30, "شش": 6, "شیش": 6, "هیجده": 18, "هژده": 18})
_NUMBER_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_UNIT = r"(?:روز|هفته|ماه|سال|ساعت)"
# A number in digits or words; a word may be glued to its unit ("یکماه") or joined by a ZWNJ ("یک‌ماه").
_NUMBER = rf"(?:\d{{1,3}}|چند|(?<!\w)(?:{_NUMBER_WORDS})(?=\W|{_UNIT}))"
_LATER = r"(?:آینده|آتی|بعد)"
_YEAR_TAIL = r"(?:\s+(?:سال\s+)?(?P<year>جاری|آینده|آتی|بعد|\d{4}|\d{2})(?!\w))?"
_MOST = r"(?:(?:حداکثر|حد\s*اکثر|حداقل)\s+)?"
_BEFORE = r"(?:(?:تا|قبل\s+از|پیش\s+از|در|تا\s+قبل\s+از|تا\s+پیش\s+از)\s+)?"
_END = r"(?:پایان|آخر|انتهای|اتمام|خاتمه)"

# "اواخر شهریور ۹۱", "تا پایان خرداد ماه سال جاری", "نیمه مهر"
_MONTH_POINT = re.compile(
    _MOST + _BEFORE + r"(?P<point>" + _END + r"|اواخر|اوایل|اواسط|نیمه\s+اول|نیمه\s+دوم|نیمه|دهه\s+اول|"
    r"دهه\s+دوم|دهه\s+سوم|دهه\s+آخر|اول|ابتدای)\s+" + MONTH_WORD + _YEAR_TAIL
)
# "تا پایان سال جاری", "پایان ماه آینده", "تا پایان سال ۱۴۰۲", "تا پایان هفته جاری"
_PERIOD_END = re.compile(
    _MOST
    + _BEFORE
    + _END
    + r"\s+(?P<unit>سال|ماه|هفته)(?:\s+(?P<which>جاری|"
    + _LATER
    + r"|\d{4}|\d{2}))?(?!\w)"
)
# "تا پایان نیمه اول سال", "پایان شش ماهه اول سال جاری"
_HALF_YEAR_END = re.compile(
    _MOST + _BEFORE + _END + r"\s+(?:نیمه|شش" + _S0 + r"ماهه)\s+(?P<half>اول|نخست|دوم)\s+سال"
    r"(?:\s+(?P<which>جاری|" + _LATER + r"|\d{4}))?(?!\w)"
)
# "تا پایان فصل جاری", "پایان تابستان ۱۴۰۲", "تا پایان سه ماهه سوم سال"
_SEASON_END = re.compile(
    _MOST + _BEFORE + _END + r"\s+(?:(?P<current>فصل\s+(?:جاری|" + _LATER + r"))|(?:فصل\s+)?(?P<season>بهار|"
    r"تابستان|پاییز|پائیز|زمستان)|سه" + _S0 + r"ماهه\s+(?P<quarter>اول|نخست|دوم|سوم|چهارم))"
    r"(?:\s+(?:سال\s+)?(?P<year>جاری|" + _LATER + r"|\d{4}|\d{2}))?(?!\w)"
)
# "تا ۱۵ مهر", "حداکثر تا روز شنبه ۲۰ آبان ۱۴۰۲", "تا پانزدهم مهرماه"
_DAY_MONTH = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?P<lead>تا|قبل\s+از|پیش\s+از|در|مورخ|تاریخ|روز)\s+"
    r"(?:(?:مورخ|تاریخ|روز)\s+)?(?:\S+\s+)??(?:(?P<day>\d{1,2})|(?P<dayword>"
    + DAY_ORDINAL
    + r"))\s*"
    + MONTH_WORD
    + _YEAR_TAIL
)
# "تا تاریخ 1391/08/15", "حداکثر 31/5/1402"
_NUMERIC = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?P<lead>تا|قبل\s+از|پیش\s+از|در|مورخ|تاریخ|حداکثر)\s+(?:(?:مورخ|تاریخ)\s+)?"
    r"(?P<date>\d{1,4}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{1,4})(?!\d)"
)
# "ظرف دو هفته", "حداکثر یک‌ماه پس از ابلاغ", "ظرف ۴۸ ساعت", "طی ۱۰ روز کاری آینده"
_NOTIFICATION = (
    r"(?P<notification>\s+(?:پس\s+|بعد\s+)?(?:از|بعد\s+از)\s+(?:تاریخ\s+)?(?P<event>ابلاغ|دریافت|تصویب|برگزاری|"
    r"تشکیل)(?:\s+(?:این\s+)?(?:صورتجلسه|صورت\s+جلسه|مصوبه|جلسه|نشست|نامه))?)?"
)
_SPAN = re.compile(
    r"(?P<most>(?:حداکثر|حد\s*اکثر)\s+)?(?P<lead>(?:ظرف|طی|در\s+طی|در\s+ظرف|در\s+مدت|به\s+مدت|تا)\s+(?:مدت\s+)?)?"
    r"(?P<n>" + _NUMBER + r"(?:\s+و\s+" + _NUMBER + r")?)" + _S0 + r"(?P<unit>" + _UNIT + r")(?!\w)"
    r"(?P<working>\s+کاری)?(?P<later>\s+(?:آینده|آتی))?" + _NOTIFICATION
)
_NEXT = re.compile(
    r"(?:(?:حداکثر\s+)?(?:تا|در|قبل\s+از|پیش\s+از|برای|تا\s+قبل\s+از)\s+)(?:(?:زمان|هنگام)\s+)?"
    r"(?:(?:تشکیل|برگزاری)\s+)?(?:جلسه|نشست)\s+(?:آتی|آینده|بعدی|بعد)"
    r"(?:\s+(?:کار" + _S0 + r"گروه|گروه|شورا))?(?!\w)"
)
_NEXT_WORDS = re.compile(r"(?:جلسه|نشست)\s+(?:آتی|آینده|بعدی|بعد)(?!\w)")
_ASAP = re.compile(r"(?:در\s+)?(?:اسرع\s+وقت|اولین\s+فرصت(?:\s+ممکن)?|سریعا|سریعاً|فوراً|فورا|بلافاصله)")
# Plainly a deadline, but tied to an event whose date the minutes do not give.
_UNRESOLVED = re.compile(
    r"(?:(?:حداکثر|حد\s*اکثر)\s+)?(?:تا\s+(?:زمان|هنگام)\s+[\w\u200c]+(?:\s+[\w\u200c]+)?|تا\s+اطلاع\s+ثانوی|"
    r"(?:تا|قبل\s+از|پیش\s+از)\s+(?:شروع|آغاز|پایان|اتمام|تکمیل|تصویب|ابلاغ)\s+(?!سال|ماه|هفته|فصل|نیمه|شش|سه)"
    r"[\w\u200c]+(?:\s+[\w\u200c]+)?|(?:پس|بعد)\s+از\s+(?:تصویب|تامین|تأمین|تخصیص|انعقاد)\s+[\w\u200c]+)"
)
# "این مصوبه پس از تصویب ... لازم‌الاجراست": when a decision takes effect, not a deadline.
_IN_FORCE = re.compile(r"لازم" + _S0 + r"الاجرا|قابل" + _S0 + r"اجرا\s+است|نافذ\s+است")
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
# Approximate points of a month: the day they are read as (None: the month's last day).
_APPROXIMATE_POINTS: dict[str, int | None] = {
    "اوایل": 10,
    "دهه اول": 10,
    "اواسط": 15,
    "نیمه": 15,
    "نیمه اول": 15,
    "دهه دوم": 20,
    "اواخر": None,
    "نیمه دوم": None,
    "دهه سوم": None,
    "دهه آخر": None,
}
_EXACT_POINTS: dict[str, int | None] = {"اول": 1, "ابتدای": 1}  # any other point is the month's end
_SEASON_LAST_MONTH = {"بهار": 3, "تابستان": 6, "پاییز": 9, "پائیز": 9, "زمستان": 12}
_ORDINAL_QUARTER = {"اول": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4}
_LATER_WORDS = ("آینده", "آتی", "بعد")


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    match: re.Match


@dataclass
class _Context:
    """What a resolver needs besides the wording: the dates it counts from."""

    reference: datetime.date | None
    notification: datetime.date | None = None  # the letter's date, when deadlines count from it

    @property
    def reference_jalali(self) -> jdatetime.date | None:
        return to_jalali(self.reference) if self.reference else None


_Ymd = tuple[int, int, int]
_Resolver = Callable[[re.Match, _Context, Deadline], "_Ymd | None"]


# -- the resolvers: one per kind of wording --------------------------------------------------------


def _explicit_year(raw: str | None, context: _Context, guesses: list[str]) -> int | None:
    """The year a wording names ("جاری", "آینده", "1402", "02"), or None when it names none."""
    if not raw:
        return None
    reference = context.reference_jalali
    if raw == "جاری":
        return reference.year if reference else None
    if raw in _LATER_WORDS:
        return reference.year + 1 if reference else None
    return expand_year(int(raw), guesses)


def _month_date(match: re.Match, context: _Context, deadline: Deadline, *, day: int | None) -> _Ymd | None:
    """A day of a named month; with no year written, the first such day on or after the reference."""
    month = MONTH_NUMBERS[match.group("month")]
    year = _explicit_year(match.group("year"), context, deadline.guesses)
    if year is not None:
        return year, month, day or month_end_day(year, month)
    reference = context.reference_jalali
    if reference is None:
        deadline.flags.append("unresolved")
        deadline.guesses.append(
            _("The session's date is not known, so the year of this deadline is not either.")
        )
        return None
    deadline.from_reference = True
    year = reference.year
    if (month, day or month_end_day(year, month)) < (reference.month, reference.day):
        year += 1
        deadline.guesses.append(
            _("No year is written; the next %(month)s after the session was taken.")
            % {"month": match.group("month")}
        )
    else:
        deadline.flags.append("year_assumed")
    return year, month, day or month_end_day(year, month)


def _resolve_month_point(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    point = re.sub(r"\s+", " ", match.group("point"))
    if point in _APPROXIMATE_POINTS:
        day = _APPROXIMATE_POINTS[point]
        deadline.flags.append("approximate")
        deadline.guesses.append(
            _("An approximate time (“%(point)s”): the date shown is the latest it can mean.")
            % {"point": point}
            if day is None
            else _("An approximate time (“%(point)s”): read as day %(day)s of the month.")
            % {"point": point, "day": localize_digits(day)}
        )
    else:
        day = _EXACT_POINTS.get(point)
    return _month_date(match, context, deadline, day=day)


def _resolve_day_month(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    day_text = match.group("day")
    day = int(day_text) if day_text else DAY_ORDINALS[compact_word(match.group("dayword"))]
    return _month_date(match, context, deadline, day=day)


def _resolve_numeric(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    reference = context.reference_jalali
    return numeric_date(
        match.group("date"), deadline.guesses, reference_year=reference.year if reference else None
    )


def _needs_reference(context: _Context, deadline: Deadline) -> jdatetime.date | None:
    reference = context.reference_jalali
    if reference is None:
        deadline.flags.append("unresolved")
        deadline.guesses.append(_("The session's date is not known, so this deadline cannot be dated."))
        return None
    deadline.from_reference = True
    return reference


def _resolve_period_end(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    reference = _needs_reference(context, deadline)
    if reference is None:
        return None
    which, unit = match.group("which") or "", match.group("unit")
    later = which in _LATER_WORDS
    if unit == "هفته":  # a Jalali week ends on Friday (weekday 6)
        friday = reference + datetime.timedelta(days=6 - reference.weekday() + (7 if later else 0))
        return friday.year, friday.month, friday.day
    if unit == "سال":
        year = expand_year(int(which), deadline.guesses) if which.isdigit() else reference.year + later
        return year, 12, month_end_day(year, 12)
    year, month = reference.year, reference.month
    if later:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return year, month, month_end_day(year, month)


def _resolve_half_year_end(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    month = 6 if match.group("half") in ("اول", "نخست") else 12
    which = match.group("which") or ""
    if which.isdigit():
        year = int(which)
    else:
        reference = _needs_reference(context, deadline)
        if reference is None:
            return None
        year = reference.year + (1 if which in _LATER_WORDS else 0)
        if not which and (reference.month, reference.day) > (month, month_end_day(year, month)):
            year += 1
            deadline.guesses.append(
                _("No year is written; the next such period after the session was taken.")
            )
    return year, month, month_end_day(year, month)


def _resolve_season_end(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    if match.group("current"):
        reference = _needs_reference(context, deadline)
        if reference is None:
            return None
        month = 3 * math.ceil(reference.month / 3)
        year = reference.year
        if compact_word(match.group("current")).endswith(_LATER_WORDS):
            year, month = (year + 1, 3) if month == 12 else (year, month + 3)
        return year, month, month_end_day(year, month)
    season = match.group("season")
    month = _SEASON_LAST_MONTH[season] if season else 3 * _ORDINAL_QUARTER[match.group("quarter")]
    year = _explicit_year(match.group("year"), context, deadline.guesses)
    if year is not None:
        return year, month, month_end_day(year, month)
    reference = _needs_reference(context, deadline)
    if reference is None:
        return None
    year = reference.year
    if (reference.month, reference.day) > (month, month_end_day(year, month)):
        year += 1
        deadline.guesses.append(_("No year is written; the next such period after the session was taken."))
    return year, month, month_end_day(year, month)


def _resolve_span(match: re.Match, context: _Context, deadline: Deadline) -> _Ymd | None:
    if match.group("notification") and match.group("event") == "ابلاغ":
        deadline.flags.append("from_notification")
    if compact_word(match.group("n")) == "چند":
        deadline.flags.append("unresolved")
        deadline.guesses.append(_("“A few” gives no number; enter the date by hand."))
        return None
    start = _span_start(match, context, deadline)
    if start is None:
        return None
    number, unit = _number(match.group("n")), match.group("unit")
    if unit == "ساعت":
        target = start + datetime.timedelta(days=math.ceil(number / 24))
    elif unit == "روز" and match.group("working"):
        target = _add_working_days(start, number)
        deadline.guesses.append(_("Working days were counted as calendar days with Fridays off."))
    elif unit == "روز":
        target = start + datetime.timedelta(days=number)
    elif unit == "هفته":
        target = start + datetime.timedelta(days=7 * number)
    else:
        target = to_jalali(add_jalali_months(start.togregorian(), number * (12 if unit == "سال" else 1)))
    return target.year, target.month, target.day


def _span_start(match: re.Match, context: _Context, deadline: Deadline) -> jdatetime.date | None:
    """What a span counts from: the letter's date for "from notification" when known, else the reference."""
    if "from_notification" in deadline.flags and context.notification is not None:
        deadline.from_reference = context.notification == context.reference
        return to_jalali(context.notification)
    reference = _needs_reference(context, deadline)
    if reference is not None and "from_notification" in deadline.flags:
        deadline.guesses.append(
            _("Counted from the session's date; the date the minutes were notified is not known.")
        )
    return reference


_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("half_year_end", _HALF_YEAR_END),
    ("season_end", _SEASON_END),
    ("month_point", _MONTH_POINT),
    ("period_end", _PERIOD_END),
    ("day_month", _DAY_MONTH),
    ("numeric", _NUMERIC),
    ("span", _SPAN),
)
_RESOLVERS: dict[str, _Resolver] = {
    "half_year_end": _resolve_half_year_end,
    "season_end": _resolve_season_end,
    "month_point": _resolve_month_point,
    "period_end": _resolve_period_end,
    "day_month": _resolve_day_month,
    "numeric": _resolve_numeric,
    "span": _resolve_span,
}


def _is_deadline(found: _Found) -> bool:
    """A bare "دو ماه" is a duration, not a deadline: a span needs "ظرف", "حداکثر", "آینده" or "از ابلاغ"."""
    if found.kind != "span":
        return True
    match = found.match
    return bool(
        match.group("most") or match.group("lead") or match.group("later") or match.group("notification")
    )


def _dated_candidates(ascii_text: str) -> list[_Found]:
    found = [
        _Found(m.start(), m.end(), kind, m)
        for kind, pattern in _PATTERNS
        for m in pattern.finditer(ascii_text)
    ]
    # The earliest wording wins; at one position the longest, then the most specific kind.
    return sorted((f for f in found if _is_deadline(f)), key=lambda f: (f.start, -(f.end - f.start)))


def _resolve(text: str, found: _Found, context: _Context) -> Deadline:
    deadline = Deadline(text=text[found.start : found.end].strip())
    parts = _RESOLVERS[found.kind](found.match, context, deadline)
    if parts is None:
        return deadline
    year, month, day = parts
    try:
        resolved = jalali_date(year, month, day, text=deadline.text)
    except ValueError:
        deadline.flags.append("unresolved")
        deadline.guesses.append(
            _("The date %(date)s does not exist.") % {"date": localize_digits(f"{year}/{month}/{day}")}
        )
        return deadline
    deadline.jalali, deadline.iso = resolved.jalali, resolved.iso
    if context.reference and resolved.date < context.reference:
        deadline.flags.append("before_session")
        deadline.guesses.append(_("This deadline is before the session itself."))
    return deadline


# -- finding the deadline of a resolution -----------------------------------------------------------


def find_deadline(
    text: str,
    *,
    session_date: datetime.date | None,
    session_number: int | None = None,
    skip_next_session_subject: bool = False,
    notification_date: datetime.date | None = None,
) -> Deadline | None:
    """The deadline a resolution sets, resolved from ``session_date`` (the reference date), or None.

    ``notification_date``: the date the decisions were notified (a letter's date); spans counted
    "از تاریخ ابلاغ" start there. ``skip_next_session_subject``: the resolution announces the next
    session, so "جلسه آتی" in it is what is being planned, not a deadline.
    """
    ascii_text = to_ascii_digits(text)
    context = _Context(session_date, notification_date)
    dated = _dated_candidates(ascii_text)
    next_matches = [] if skip_next_session_subject else list(_NEXT.finditer(ascii_text))
    next_matches += _ordinal_next_session(ascii_text, session_number)
    if dated:
        deadline = _dated_deadline(text, ascii_text, dated[0], context, next_matches, session_number)
    elif next_matches:
        first = min(next_matches, key=lambda m: m.start())
        deadline = Deadline(text=text[first.start() : first.end()].strip(), next_meeting=True)
    else:
        undated = _undated_deadline(text, ascii_text)
        if undated is None:
            return None
        deadline = undated
    _add_asap(deadline, text, ascii_text)
    _add_recurrence(deadline, text, ascii_text)
    return deadline


def _dated_deadline(
    text: str,
    ascii_text: str,
    chosen: _Found,
    context: _Context,
    next_matches: list[re.Match],
    session_number: int | None,
) -> Deadline:
    deadline = _resolve(text, chosen, context)
    # "... سال جاری ( زمان تشکیل سیزدهمین نشست )": the parenthesis belongs to the wording.
    paren = re.compile(r"\s*\(([^()]{1,120})\)").match(ascii_text, chosen.end)
    if paren:
        inner = paren.group(1)
        if _NEXT_WORDS.search(inner) or _ordinal_next_session(inner, session_number):
            deadline.next_meeting = True
        deadline.text = text[chosen.start : paren.end()].strip()
    if any(chosen.start <= m.start() <= chosen.end + 3 for m in next_matches):
        deadline.next_meeting = True
    return deadline


def _undated_deadline(text: str, ascii_text: str) -> Deadline | None:
    """No date and no next session: "as soon as possible", a recurring task, or an event's date."""
    for pattern in (_ASAP, _RECURRING):
        match = pattern.search(ascii_text)
        if match:
            return Deadline(text=text[match.start() : match.end()].strip())
    unresolved = _UNRESOLVED.search(ascii_text)
    if unresolved and not _IN_FORCE.search(ascii_text):
        return Deadline(
            text=text[unresolved.start() : unresolved.end()].strip(),
            flags=["unresolved"],
            guesses=[_("This deadline depends on an event whose date is not written; enter it by hand.")],
        )
    return None


def _add_asap(deadline: Deadline, text: str, ascii_text: str) -> None:
    asap = _ASAP.search(ascii_text)
    if not asap:
        return
    deadline.flags.append("asap")
    wording = text[asap.start() : asap.end()].strip()
    if deadline.text != wording:
        deadline.text = f"{deadline.text}؛ {wording}"
    if not deadline.iso:
        deadline.guesses.append(_("“As soon as possible” gives no date; follow it up by hand."))


def _add_recurrence(deadline: Deadline, text: str, ascii_text: str) -> None:
    recurring = _RECURRING.search(ascii_text)
    if not recurring:
        return
    deadline.flags.append("recurring")
    word = re.sub(r"\s+", " ", recurring.group("kind") or recurring.group("every"))
    deadline.recurrence = _RECURRENCE.get(word, _RECURRENCE.get(word.replace(" ", ""), "periodic"))
    wording = text[recurring.start() : recurring.end()].strip()
    if wording not in deadline.text:
        deadline.text = f"{deadline.text}؛ {wording}" if deadline.text else wording
    deadline.guesses.append(_("A recurring task: the date is the first occurrence at most."))


def _ordinal_next_session(text: str, session_number: int | None) -> list[re.Match]:
    """Mentions of the next session by its number: "سیزدهمین نشست", "جلسه ۱۳"."""
    if not session_number:
        return []
    pattern = re.compile(
        r"(?:(?:حداکثر\s+)?(?:تا|در|قبل\s+از|پیش\s+از|برای)\s+)?(?:"
        + ordinal_pattern(session_number + 1).pattern
        + ")"
    )
    return list(pattern.finditer(text))


def _number(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"\s+و\s+", text):
        part = part.strip()
        total += int(part) if part.isdigit() else WORD_NUMBERS.get(part, 0)
    return total


def _add_working_days(value: jdatetime.date, days: int) -> jdatetime.date:
    """``days`` days after ``value`` that are not Fridays (weekday 6); public holidays are not known here."""
    weeks, rest = divmod(days, 6)
    value += datetime.timedelta(days=7 * weeks)
    while rest:
        value += datetime.timedelta(days=1)
        rest -= value.weekday() != 6
    return value


# -- a single date in free text ----------------------------------------------------------------------

_PLAIN_POINT = re.compile(
    r"(?P<point>پایان|آخر|انتهای|اواخر|اوایل|اواسط|نیمه\s+اول|نیمه\s+دوم|نیمه|دهه\s+اول|دهه\s+دوم|دهه\s+سوم|"
    r"دهه\s+آخر|اول|ابتدای)\s+" + MONTH_WORD + _YEAR_TAIL
)
_PLAIN_DAY = re.compile(
    r"(?:(?<!\d)(?P<day>\d{1,2})|(?P<dayword>" + DAY_ORDINAL + r"))\s*" + MONTH_WORD + _YEAR_TAIL
)


def find_date(text: str, *, reference: datetime.date | None) -> JalaliDate | None:
    """A single date in free text ("اواخر شهریور ۹۱", "۲۵ مهر ۱۳۹۱", "1391/06/25"), e.g. of the next session."""
    ascii_text = to_ascii_digits(text)
    candidates = [_Found(m.start(), m.end(), "month_point", m) for m in _PLAIN_POINT.finditer(ascii_text)]
    candidates += [_Found(m.start(), m.end(), "day_month", m) for m in _PLAIN_DAY.finditer(ascii_text)]
    numeric = NUMERIC_DATE.search(ascii_text)
    if numeric and (not candidates or numeric.start() < min(c.start for c in candidates)):
        guesses: list[str] = []
        reference_year = to_jalali(reference).year if reference else None
        parts = numeric_date(text[numeric.start() : numeric.end()], guesses, reference_year=reference_year)
        if parts:
            try:
                return jalali_date(
                    *parts, text=text[numeric.start() : numeric.end()].strip(), guesses=guesses
                )
            except ValueError:
                return None
    if not candidates:
        return None
    chosen = min(candidates, key=lambda f: (f.start, -(f.end - f.start)))
    deadline = _resolve(text, chosen, _Context(reference))
    if not (deadline.iso and deadline.jalali):  # resolved together, or neither
        return None
    return JalaliDate(text=deadline.text, jalali=deadline.jalali, iso=deadline.iso, guesses=deadline.guesses)
