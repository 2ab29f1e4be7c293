"""Session numbers as minutes write them: "دوازدهمین نشست", "نشست دوازدهم", "جلسه شماره 66"."""

from __future__ import annotations

import functools
import re

from meetings.importing.patterns import SESSION_WORD as _SESSION_WORD
from meetings.importing.patterns import SPACE0 as _SEP
from meetings.importing.patterns import squeeze
from secretariat.persian import ZWNJ, number_to_words, ordinal_words, to_ascii_digits


def compact(text: str) -> str:
    return squeeze(text)


def _forms(number: int) -> list[str]:
    """The ways to write the ordinal of ``number``: attributive ("دوازدهمین") and short ("دوازدهم")."""
    long_form = ordinal_words(number)
    forms = [long_form]
    if number == 1:
        forms += ["اولین", "یکمین", "اول", "یکم", "نخست"]
    else:
        forms.append(long_form[: -len("ین")])  # دوازدهمین → دوازدهم
        words = number_to_words(number)
        if words.endswith("سه"):
            forms.append(words + "مین")  # سه‌مین is rare but written
    if 100 <= number < 200:  # "یکصد و بیستمین" beside "صد و بیستمین"
        forms += ["یک" + form for form in forms]
    return forms


@functools.cache
def ordinals() -> dict[str, int]:
    """Compact ordinal form → number, for 1 to 999."""
    table: dict[str, int] = {}
    for number in range(1, 1000):
        for form in _forms(number):
            table.setdefault(compact(form), number)
    return table


_BEFORE = re.compile(r"((?:[\w\u200c]+[\s\u200c]+){0,5}[\w\u200c]+)[\s\u200c]+" + _SESSION_WORD + r"(?!\w)")
_AFTER = re.compile(r"(?<!\w)" + _SESSION_WORD + r"[\s\u200c]+((?:[\w\u200c]+[\s\u200c]*){1,6})")
_DIGITS = re.compile(
    r"(?<!\w)"
    + _SESSION_WORD
    + r"\s*(?:شماره|شمار|ی\s+شماره)?\s*[:：\-]?\s*\(?\s*(\d{1,4})(?!\s*[/.\-]\s*\d)(?!\d)"
)


@functools.cache
def cardinals() -> dict[str, int]:
    """Compact cardinal words → number, for 1 to 999: "بیستوسه" → 23."""
    return {compact(number_to_words(number)): number for number in range(1, 1000)}


# "جلسه شماره هفت", "نشست شماره بیست و سه": a cardinal in words after "شماره".
_WORDED_NUMBER = re.compile(
    r"(?<!\w)" + _SESSION_WORD + r"[\s\u200c]+شماره\s*[:\-]?\s*((?:[\w\u200c]+\s*){1,7})"
)


def _worded_number(text: str) -> tuple[int, int, int, str] | None:
    match = _WORDED_NUMBER.search(text)
    if not match:
        return None
    words = list(re.finditer(r"[\w\u200c]+", match.group(1)))
    table = cardinals()
    for size in range(len(words), 0, -1):
        candidate = compact("".join(word.group() for word in words[:size]))
        if candidate in table:
            end = match.start(1) + words[size - 1].end()
            return match.start(), end, table[candidate], text[match.start() : end]
    return None


def find_session_number(text: str) -> tuple[int, str, tuple[int, int]] | None:
    """The session number the text states first, as (number, wording, span), or None."""
    ascii_text = to_ascii_digits(text)
    found: list[tuple[int, int, int, str]] = []
    digits = _DIGITS.search(ascii_text)
    if digits:
        found.append(
            (digits.start(), digits.end(), int(digits.group(1)), text[digits.start() : digits.end()])
        )
    worded = _worded_number(text)
    if worded:
        found.append(worded)
    table = ordinals()
    for match in _BEFORE.finditer(text):
        words = list(re.finditer(r"[\w\u200c]+", match.group(1)))
        for size in range(len(words), 0, -1):
            candidate = compact("".join(word.group() for word in words[-size:]))
            if candidate in table:
                start = match.start(1) + words[-size].start()
                found.append((start, match.end(), table[candidate], text[start : match.end()]))
                break
    for match in _AFTER.finditer(text):
        words = list(re.finditer(r"[\w\u200c]+", match.group(1)))
        for size in range(len(words), 0, -1):
            candidate = compact("".join(word.group() for word in words[:size]))
            if candidate in table:
                end = match.start(1) + words[size - 1].end()
                found.append((match.start(), end, table[candidate], text[match.start() : end]))
                break
    if not found:
        return None
    start, end, number, wording = min(found, key=lambda f: f[0])
    return number, wording.strip(), (start, end)


@functools.cache
def ordinal_pattern(number: int) -> re.Pattern:
    """Mentions of session ``number``: "سیزدهمین نشست", "نشست سیزدهم", "جلسه شماره ۱۳"."""
    alternatives = []
    for form in _forms(number):
        words = form.replace(ZWNJ, " ").split()
        alternatives.append(_SEP.join(re.escape(word) for word in words))
    ordinal = "(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")"
    return re.compile(
        rf"(?<!\w){ordinal}{_SEP}{_SESSION_WORD}(?!\w)"
        rf"|(?<!\w){_SESSION_WORD}{_SEP}{ordinal}(?!\w)"
        rf"|(?<!\w){_SESSION_WORD}\s*(?:شماره\s*)?[:\-]?\s*{number}(?!\d)"
    )
