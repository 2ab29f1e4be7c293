"""Labelled fields of header forms and letter heads: "شماره جلسه: ۷   تاریخ جلسه: ۱۴۰۲/۰۳/۱۵   روز: دوشنبه".

A line may hold one field or several; a line is read as fields only when it starts with a label,
and a label is only one when a colon follows it, so "ساعت ۱۰:۳۰" in a sentence is not taken for one. Plain "شماره:" and "تاریخ:" are a letter's number and date when the document is a
letter (it has "پیوست:" or an enacting clause); in other minutes "تاریخ:" is the session's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meetings.importing.patterns import SPACE as _S
from meetings.importing.patterns import SPACE0 as _S0

_SESSION = r"(?:جلسه|نشست)"

# Field kind → label pattern; the longest labels are tried first (see ``_LABEL``).
LABELS: dict[str, str] = {
    "session_number": rf"شماره{_S}{_SESSION}|{_SESSION}{_S}شماره|شماره{_S}صورت{_S0}جلسه",
    "session_date": rf"تاریخ{_S}(?:{_SESSION}|برگزاری|تشکیل)(?:{_S}{_SESSION})?",
    "start_end": rf"(?:ساعت|زمان){_S}(?:شروع|تشکیل){_S0}(?:/|و){_S0}(?:خاتمه|پایان)",
    "start_time": rf"(?:ساعت|زمان){_S}(?:شروع|تشکیل)(?:{_S}{_SESSION})?",
    "end_time": rf"(?:ساعت|زمان){_S}(?:خاتمه|پایان|اتمام)(?:{_S}{_SESSION})?",
    "time": rf"(?:ساعت|زمان)(?:{_S}{_SESSION})?",
    "weekday": rf"روز(?:{_S}(?:{_SESSION}|برگزاری))?",
    "place": rf"محل{_S}(?:تشکیل|برگزاری)(?:{_S}{_SESSION})?|محل{_S}{_SESSION}|محل|مکان(?:{_S}{_SESSION})?|میزبان",
    "chair": rf"(?:رئیس|رییس|ریاست|مدیر){_S}{_SESSION}",
    "secretary": rf"دبیر{_S}{_SESSION}",
    "present": rf"(?:اعضای{_S})?(?:حاضر|حاضرین|حاضران)(?:{_S}(?:در{_S})?{_SESSION})?|شرکت{_S0}کنندگان",
    "absent": rf"(?:اعضای{_S})?(?:غایب|غائب|غایبین|غائبین|غایبان)(?:{_S}(?:در{_S})?{_SESSION})?",
    "guest": r"مدعوین|مدعوان|میهمانان|مهمانان",
    "agenda": rf"دستور{_S0}(?:{_SESSION}|کار)(?:{_S}{_SESSION})?|موضوع{_S}{_SESSION}",
    "resolutions": rf"مصوبات(?:{_S}{_SESSION})?|تصمیمات(?:{_S}(?:متخذه|{_SESSION}))?",
    "subject": r"موضوع",
    "attachment": r"پیوست",
    "copies": r"رونوشت",
    "number": r"شماره",
    "date": r"تاریخ",
}
_LABEL = re.compile(
    r"(?:^|(?<=[\s|│،,؛]))\s*(?P<label>"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in LABELS.items())
    + r")\s*[:：]"
)
# Fields that make a header form; a letter head ("شماره:", "تاریخ:") alone does not.
SESSION_FIELDS = {
    "session_number",
    "session_date",
    "start_end",
    "start_time",
    "end_time",
    "time",
    "weekday",
    "place",
    "chair",
    "secretary",
    "present",
    "absent",
    "guest",
}
LETTER_FIELDS = {"number", "date", "attachment"}


@dataclass
class Field:
    kind: str
    label: str
    value: str
    start: int


def read_fields(line: str) -> list[Field]:
    """The labelled fields of ``line``, or [] when it does not start with one."""
    matches = list(_LABEL.finditer(line))
    if not matches or line[: matches[0].start()].strip():
        return []
    fields = []
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
        kind = next(kind for kind in LABELS if match.group(kind))
        value = line[match.end() : end].strip(" \t|│،,؛")
        fields.append(Field(kind, re.sub(r"\s+", " ", match.group("label")), value, match.start("label")))
    return fields


def is_letter_head(text: str) -> bool:
    """Whether the first lines are a letter head: "پیوست:" with "شماره:" or "تاریخ:"."""
    kinds = {field.kind for line in text.split("\n")[:15] for field in read_fields(line.strip())}
    return "attachment" in kinds and bool(kinds & {"number", "date"})


# -- lists of people -----------------------------------------------------------------------------

_PERSON_START = r"(?:جناب|سرکار|آقای|خانم|دکتر|مهندس)"
_SPLIT_PEOPLE = re.compile(
    r"\s*[،,؛;]\s*|\s+و\s+(?=" + _PERSON_START + r"(?!\w))|\s+-\s+(?=" + _PERSON_START + ")"
)
_BRACKET = re.compile(r"\s*[(（](?P<inside>[^()（）]{0,200})[)）]\s*")
_LIST_MARK = re.compile(r"^\s*(?:\(?\d{1,3}\s*[-–ـ.)]|[•●○◦▪■□►▸*·\-–—])\s*")


def split_people(value: str) -> list[tuple[str, str]]:
    """ "آقای رضایی (سازمان قم)، خانم احمدی و آقای کریمی (مأموریت)" → [(name, bracket), ...].

    Separators inside brackets do not split: "(سازمان میادین قم، معاون)" stays one bracket.
    """
    value = _LIST_MARK.sub("", value.strip())
    people: list[tuple[str, str]] = []
    for part in _split_outside_brackets(value):
        part = part.strip(" .")
        if not part:
            continue
        bracket = _BRACKET.search(part)
        inside = bracket.group("inside").strip() if bracket else ""
        name = (part[: bracket.start()] + " " + part[bracket.end() :]).strip() if bracket else part
        people.append((re.sub(r"\s+", " ", name).strip(" -،,"), inside))
    return [(name, inside) for name, inside in people if name or inside]


def _split_outside_brackets(value: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for match in re.finditer(r"[(（)）]|" + _SPLIT_PEOPLE.pattern, value):
        token = match.group()
        if token in "(（":
            depth += 1
        elif token in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return parts
