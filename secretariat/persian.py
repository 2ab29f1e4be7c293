"""Persian text, digits and Jalali dates: the one place where they are converted.

Dates are stored as plain Gregorian ``datetime.date`` values and timestamps as aware UTC
datetimes; they become Jalali with Persian digits only here, for display, and Jalali input is
parsed only here, for forms and the importer.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable

import jdatetime
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)

ZWNJ = "\u200c"
# Embedding, override and isolate controls can reorder what a reader sees (a file name that
# looks like "report.pdf" but is "fdp.exe"); typed text never needs them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Arabic letters Persian text is typed with by mistake: made Persian when text is stored.
ARABIC_LETTERS = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # Arabic alef maksura
    "ك": "ک",  # Arabic kaf
}
# Further spellings of one word that searching treats as the same (the stored text keeps them).
SPELLING_VARIANTS = {**ARABIC_LETTERS, "أ": "ا", "إ": "ا", "ؤ": "و", "ۀ": "ه", "ة": "ه"}
# Vowel marks and the superscript alef, which searching ignores.
ARABIC_DIACRITICS = "".join(chr(code) for code in (*range(0x064B, 0x0660), 0x0670))
_TEXT_NORMALIZATION = str.maketrans({**ARABIC_LETTERS, **{control: None for control in BIDI_CONTROLS}})
_SEARCH_SPELLING = str.maketrans({**SPELLING_VARIANTS, **{mark: None for mark in ARABIC_DIACRITICS}})

JALALI_MONTHS = (
    _("Farvardin"),
    _("Ordibehesht"),
    _("Khordad"),
    _("Tir"),
    _("Mordad"),
    _("Shahrivar"),
    _("Mehr"),
    _("Aban"),
    _("Azar"),
    _("Dey"),
    _("Bahman"),
    _("Esfand"),
)

# Month names as people write them, for parsing; the keys are normalized text.
MONTH_NUMBERS = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "آبان": 8,
    "آذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}


def in_site_language(function):
    """Run ``function`` in the site's language (Persian): for text that is stored or sent to others
    (an agenda item's title, a message), whatever language the person acting reads the site in."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def uses_persian_digits() -> bool:
    return (get_language() or "fa").startswith("fa")


def to_persian_digits(value: object) -> str:
    """Return ``value`` as text with every digit in Persian form."""
    return str(value).translate(_TO_PERSIAN)


def to_ascii_digits(value: object) -> str:
    """Return ``value`` as text with Persian and Arabic digits made ASCII."""
    return str(value).translate(_TO_ASCII)


def localize_digits(value: object) -> str:
    """Persian digits when the active language is Persian, ASCII otherwise."""
    text = "" if value is None else str(value)
    return to_persian_digits(text) if uses_persian_digits() else to_ascii_digits(text)


def list_separator() -> str:
    """The comma between the items of a list: "،" in Persian, "," in English."""
    return "، " if uses_persian_digits() else ", "


def join_list(items: Iterable[object]) -> str:
    """Items joined as a list is written in the active language: "تهران، کرج، مشهد"."""
    return list_separator().join(str(item) for item in items if item not in (None, ""))


def normalize_text(text: str | None) -> str:
    """Normalize typed Persian: Arabic yeh/kaf become Persian, bidi controls go, ZWNJ stays."""
    if not text:
        return ""
    text = text.translate(_TEXT_NORMALIZATION)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_number(text: str | None) -> str:
    """Normalize a typed number or date: ASCII digits, Persian separators made ASCII."""
    text = normalize_text(text).strip()
    return to_ascii_digits(text).replace("٫", ".").replace("٬", "").replace("،", ",")


def search_key(text: str | None) -> str:
    """Spelling-insensitive form for searching: ی/ک unified, ASCII digits, no ZWNJ, one space."""
    text = to_ascii_digits(normalize_text(text)).replace(ZWNJ, " ").lower().translate(_SEARCH_SPELLING)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------
# Jalali dates


def to_jalali(value: datetime.date) -> jdatetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return jdatetime.date.fromgregorian(date=value)


def month_name(month: int) -> str:
    return str(JALALI_MONTHS[month - 1])


def format_jalali(value: datetime.date | None, style: str = "long") -> str:
    """A date in Jalali: ``long`` "۳۱ خرداد ۱۳۹۱", ``short`` "۱۳۹۱/۰۳/۳۱", ``month`` "خرداد ۱۳۹۱"."""
    if not isinstance(value, datetime.date):
        return ""
    jalali = to_jalali(value)
    if style == "short":
        text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    elif style == "month":
        text = f"{month_name(jalali.month)} {jalali.year}"
    else:
        text = f"{jalali.day} {month_name(jalali.month)} {jalali.year}"
    return localize_digits(text)


def format_jalali_days(dates: Iterable[datetime.date]) -> str:
    """Several days of one event: "۳۱ خرداد و ۱ تیر ۱۳۹۱", "۵ و ۶ مهر ۱۳۹۱"."""
    jalali_days = sorted(to_jalali(d) for d in dates)
    if not jalali_days:
        return ""
    parts: list[str] = []
    for index, day in enumerate(jalali_days):
        following = jalali_days[index + 1] if index + 1 < len(jalali_days) else None
        text = str(day.day)
        if following is None or (following.month, following.year) != (day.month, day.year):
            text += f" {month_name(day.month)}"
        if following is None or following.year != day.year:
            text += f" {day.year}"
        parts.append(text)
    conjunction = " %s " % _("and")
    return localize_digits(conjunction.join(parts))


def format_jalali_datetime(value: datetime.datetime | None) -> str:
    """An aware timestamp in Tehran time: "۳۱ خرداد ۱۳۹۱، ساعت ۱۴:۰۵"."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return localize_digits(
        _("%(date)s, %(time)s") % {"date": format_jalali(local.date()), "time": local.strftime("%H:%M")}
    )


def format_time(value: datetime.time | None) -> str:
    if value is None:
        return ""
    return localize_digits(f"{value.hour}:{value.minute:02d}")


def jalali_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    """Raise ``ValueError`` for a day that does not exist (1392/12/30, 1391/07/31)."""
    return jdatetime.date(year, month, day).togregorian()


def jalali_month_end(year: int, month: int) -> datetime.date:
    for day in (31, 30, 29):
        try:
            return jalali_to_gregorian(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"no end for month {month} of {year}")


def add_jalali_months(value: datetime.date, months: int) -> datetime.date:
    """``value`` moved by whole Jalali months, kept within the month's length (31 Shahrivar + 1 → 30 Mehr)."""
    jalali = to_jalali(value)
    year, month = divmod(jalali.year * 12 + (jalali.month - 1) + months, 12)
    month += 1
    return jalali_to_gregorian(year, month, min(jalali.day, to_jalali(jalali_month_end(year, month)).day))


_DATE_PATTERN = re.compile(r"^\s*(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")


class JalaliDateError(ValueError):
    """Typed text that is not a Jalali date; the message is for the user."""


def parse_jalali_date(text: str, *, century: int = 1300) -> datetime.date:
    """Parse "1391/3/31", "۱۳۹۱/۰۳/۳۱", "1391-03-31" or "91/3/31" into a Gregorian date."""
    match = _DATE_PATTERN.match(normalize_number(text))
    if not match:
        raise JalaliDateError(_("Enter a Jalali date such as 1391/03/31."))
    year, month, day = (int(part) for part in match.groups())
    if year < 100:
        year += century
    if not 1 <= month <= 12:
        raise JalaliDateError(_("The month must be between 1 and 12."))
    try:
        return jalali_to_gregorian(year, month, day)
    except ValueError:
        raise JalaliDateError(
            _("%(year)s/%(month)s has no day %(day)s.")
            % {"year": localize_digits(year), "month": localize_digits(month), "day": localize_digits(day)}
        ) from None


def jalali_input_value(value: datetime.date | None) -> str:
    """How a stored date is shown back in a form field: "1391/03/31" with Persian digits."""
    return format_jalali(value, "short") if value else ""


# ---------------------------------------------------------------------------
# Numbers in words and ordinals

_ONES = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
_HUNDREDS = ("", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")


def number_to_words(number: int) -> str:
    """Persian words for 0 to 999 999: 12 → "دوازده", 121 → "صد و بیست و یک"."""
    if number == 0:
        return "صفر"
    if not 0 < number < 1_000_000:
        raise ValueError("number out of range")
    parts: list[str] = []
    thousands, rest = divmod(number, 1000)
    if thousands:
        parts.append("هزار" if thousands == 1 else f"{number_to_words(thousands)} هزار")
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            parts.append(_TENS[tens])
        if ones:
            parts.append(_ONES[ones])
    return " و ".join(parts)


def ordinal_words(number: int) -> str:
    """The attributive ordinal used for sessions: 1 → "نخستین", 12 → "دوازدهمین", 23 → "بیست و سومین"."""
    if number == 1:
        return "نخستین"
    words = number_to_words(number)
    if words.endswith("سه"):
        return words[: -len("سه")] + "سومین"
    if words.endswith("سی"):
        return words + ZWNJ + "امین"
    return words + "مین"


def ordinal(number: int) -> str:
    """The session ordinal in the active language: "دوازدهمین" or "12th"."""
    if uses_persian_digits():
        return ordinal_words(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def days_left_text(deadline: datetime.date, today: datetime.date | None = None) -> str:
    """ "۱۲ روز مانده", "امروز", "۳ روز گذشته"."""
    today = today or timezone.localdate()
    delta = (deadline - today).days
    if delta == 0:
        return str(_("due today"))
    if delta > 0:
        return localize_digits(_("%(days)s days left") % {"days": delta})
    return localize_digits(_("%(days)s days overdue") % {"days": -delta})


_BIDI_CONTROL_TABLE = {ord(control): None for control in BIDI_CONTROLS}
# Typed minutes often put a space before punctuation ("کرج ، مشهد", "گردد .") or inside brackets
# ("( ISO 14001 )"); in right-to-left text that space lets the mark wrap to the start of a line.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[،؛.:!؟)\]»])")
_SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[«])[ \t]+")
LONGEST_UNBROKEN_RUN = 80
# In a run longer than that, a break opportunity every so many characters: a piece must fit the
# narrowest column it is printed in, or WeasyPrint lays the rest of the run out again on every
# line (time grows with the square of its length). 8 of the widest glyphs fit a 30 mm column.
BREAK_EVERY = 8
ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(r"\S{%d,}" % (LONGEST_UNBROKEN_RUN + 1))
_NEVER_BREAK_BEFORE = {"\u200b", "\u200c", "\u200d"}  # nor split a letter from its ZWNJ or ZWJ


def _can_break_before(run: str, index: int) -> bool:
    character = run[index]
    if character in _NEVER_BREAK_BEFORE or run[index - 1] == "\u200d":
        return False
    if unicodedata.category(character).startswith("M"):  # a diacritic stays with its letter
        return False
    return not ("\ufe00" <= character <= "\ufe0f")  # nor a variation selector with its character


def _breakable_run(match: re.Match) -> str:
    run, pieces, since = match.group(0), [], 0
    for index, character in enumerate(run):
        if since >= BREAK_EVERY and _can_break_before(run, index):
            pieces.append(ZERO_WIDTH_SPACE)
            since = 0
        pieces.append(character)
        since = 0 if character == ZERO_WIDTH_SPACE else since + 1
    return "".join(pieces)


def display_text(text: object) -> str:
    """Stored text made safe and tidy to show: no bidi controls, no space before punctuation,
    and no unbreakable run over 80 characters.

    Without the controls, a stored U+202E cannot reorder what follows it; the zero-width spaces
    (every ``BREAK_EVERY`` characters of a longer run, never inside a letter with its marks) let a
    browser or the PDF renderer wrap a pathological run (a pasted hash, 20,000 letters without a
    space) in time proportional to its length instead of spending minutes looking for a break.
    """
    text = "" if text is None else str(text).translate(_BIDI_CONTROL_TABLE)
    text = _SPACE_AFTER_OPENING.sub("", _SPACE_BEFORE_PUNCTUATION.sub("", text))
    return _LONG_RUN.sub(_breakable_run, text)
