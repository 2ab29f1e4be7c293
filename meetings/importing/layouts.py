"""Reading the session from the layouts minutes come in besides prose: header forms, one-line
headings and councils' decision letters. A mixin of the parser (``parser.Parser``).

- A header form: labelled fields ("شماره جلسه:", "تاریخ جلسه:", "روز:", "ساعت شروع:", "محل تشکیل:",
  "رئیس جلسه:", "اعضای حاضر:", "اعضای غایب:", "مدعوین:", "دستور جلسه:"), then "مصوبات:".
- A one-line heading: "صورتجلسه جلسه شماره ۷ مورخ ۱۴۰۲/۰۳/۱۵", "صورتجلسه نشست هفتم ...".
- A decision letter: a letter head ("شماره:", "تاریخ:", "پیوست:"), an addressee and greeting, the
  enacting clause "... در جلسه مورخ ... تصویب نمود:", numbered items, the signature.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from meetings.importing.dates import WEEKDAY, find_session_dates
from meetings.importing.header import SESSION_FIELDS, Field, read_fields, split_people
from meetings.importing.numbers import find_session_number
from meetings.importing.paragraphs import Item, Paragraph
from meetings.importing.patterns import SPACE0 as _S0
from meetings.importing.state import ParserState
from meetings.importing.structure import Attendee
from secretariat.persian import to_ascii_digits

_DECISION_VERB = re.compile(
    r"(?<!\w)(?:مصوب|مقرر|تصویب|موافقت|قرار)"
    + _S0
    + r"(?:شد|گردید|نمود|نمودند|کرد|کردند|گرفت|است|رسید)(?!\w)"
)
# The enacting clause of a decision letter ends with its verb: "... تصویب نمود:", "... تصویب کرد:".
_ENACTING_VERB = re.compile(
    r"(?<!\w)(?:(?:تصویب|مقرر)"
    + _S0
    + r"(?:نمود|نمودند|کرد|کردند|شد|گردید)|به\s+تصویب\s+(?:رساند|رساندند|رسید)|"
    r"موافقت" + _S0 + r"(?:نمود|نمودند|کرد|کردند)|تصمیم\s+گرفت|(?:ابلاغ|اعلام)\s*می" + _S0 + r"(?:گردد|شود))"
    r"\s*[:：]?\s*$"
)
_IN_SESSION = re.compile(r"(?<!\w)(?:در|طی)\s+(?:[\w\u200c]+\s+){0,4}?(?:جلسه|نشست|اجلاس|اجلاسیه)(?!\w)")
_HEADING_LINE = re.compile(r"^[«\"]?\s*صورت" + _S0 + r"جلسه(?:\s*[:：\-–]\s*|\s+)(?P<rest>\S.*)$")
_HELD = re.compile(r"(?<!\w)(?:برگزار|تشکیل|منعقد|برپا)(?!\w)")
_DATE_LEAD = re.compile(r"\s*(?:[-–،,:]\s*)?(?:مورخ|در\s+تاریخ|به\s+تاریخ|تاریخ|روز|" + WEEKDAY + r")?\s*$")
_SALUTATION = re.compile(
    r"^(?:با\s*سلام|سلام\s+علیکم|احتراماً|احتراما|با\s+احترام|با\s+تقدیم\s+احترام|با\s+تشکر|والسلام)"
)
# "احتراماً به استحضار می‌رساند شورای ...": the courtesy before the council's name.
_COURTESY = re.compile(
    r"^\s*(?:احتراماً|احتراما)?\s*[،,]?\s*(?:به\s+(?:استحضار|اطلاع)\s+می"
    + _S0
    + r"رساند|بدینوسیله|بدین\s*وسیله)?"
    r"\s*[،,:]?\s*"
)
_POSITION = re.compile(
    r"(?<!\w)(?:رئیس|رییس|دبیر|وزیر|معاون|استاندار|فرماندار|شهردار|مدیر" + _S0 + r"کل|مدیرعامل|مدیر\s+عامل|"
    r"سرپرست|قائم" + _S0 + r"مقام|نایب)(?!\w)"
)
_PREDICATE_END = re.compile(r"(?:شود|گردد|نماید|نمایند|کند|کنند|باشد|باشند|است|شد|گردید|دهد|دهند)\W*$")
_WEEKDAY_WORD = re.compile(r"(?<!\w)(?P<weekday>" + WEEKDAY + r")(?!\w)")
_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:\s*[:/.٫]\s*(?P<m>\d{1,2}))?(?!\d)(?:\s*(?P<part>صبح|ظهر|بعد\s*از\s*ظهر|بعدازظهر|عصر|شب))?"
)
_RANGE = re.compile(r"\s*(?:تا|الی|–|-)\s*|\s+/\s+")


def clock(value: str) -> str | None:
    """ "۹:۳۰" → "09:30", "۲ بعدازظهر" → "14:00"; None when there is no time of day."""
    match = _CLOCK.search(to_ascii_digits(value))
    if not match:
        return None
    return clock_value(int(match.group("h")), int(match.group("m") or 0), match.group("part") or "")


def clock_value(hour: int, minute: int, part: str) -> str | None:
    part = re.sub(r"\s+", "", part)
    if part in ("بعدازظهر", "عصر", "شب") and hour < 12:
        hour += 12
    elif part == "ظهر" and hour < 5:
        hour += 12
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"


def is_enacting_clause(text: str) -> bool:
    """ "شورا در جلسه مورخ ۱۴۰۲/۰۳/۲۰ ... موارد زیر را تصویب نمود:" names its session and ends with its verb."""
    if len(text) > 2000 or not _ENACTING_VERB.search(text):
        return False
    in_session = _IN_SESSION.search(text)
    if not in_session:
        return False
    rest = text[in_session.start() :]
    return bool("مورخ" in rest or find_session_dates(rest)[0] or find_session_number(rest))


class LayoutReading(ParserState):
    """The parser's readers for header forms, headings and letters; each returns a line kind or None."""

    # -- labelled fields ---------------------------------------------------------------------------

    def read_labelled(self, paragraph: Paragraph) -> str | None:
        fields = read_fields(paragraph.text)
        if not fields:
            return None
        kinds = [self.apply_field(field, paragraph) for field in fields]
        return kinds[0]

    def apply_field(self, field: Field, paragraph: Paragraph) -> str:
        if field.kind in SESSION_FIELDS or (field.kind == "date" and not self.letter):
            self.session_fields += 1
        reader = getattr(self, f"field_{field.kind}")
        return reader(field, paragraph)

    def field_session_number(self, field: Field, paragraph: Paragraph) -> str:
        found = find_session_number("جلسه شماره " + field.value) or find_session_number("جلسه " + field.value)
        if found and self.result.session_number is None:
            self.result.session_number = found[0]
            self.result.session_number_text = f"{field.label}: {field.value}"
        elif not found and field.value:
            self.result.guesses.append(
                _("The session number “%(text)s” could not be read.") % {"text": field.value}
            )
        return "session"

    def field_session_date(self, field: Field, paragraph: Paragraph) -> str:
        dates, _span = find_session_dates(field.value)
        if dates and not self.result.dates:
            self.result.dates = dates
            self.note_weekday(field.value)
        elif not dates and field.value:
            self.result.guesses.append(
                _("The session's date “%(text)s” could not be read.") % {"text": field.value}
            )
        return "session"

    def field_date(self, field: Field, paragraph: Paragraph) -> str:
        if not self.letter:
            return self.field_session_date(field, paragraph)
        dates, _span = find_session_dates(field.value)
        if dates and self.result.letter_date is None:
            self.result.letter_date = dates[0]
        return "letter"

    def field_number(self, field: Field, paragraph: Paragraph) -> str:
        self.result.letter_number = self.result.letter_number or field.value
        return "letter"

    def field_attachment(self, field: Field, paragraph: Paragraph) -> str:
        return "letter"

    def field_subject(self, field: Field, paragraph: Paragraph) -> str:
        self.result.subject = self.result.subject or field.value
        return "letter" if self.letter else "session"

    def field_weekday(self, field: Field, paragraph: Paragraph) -> str:
        self.result.weekday = self.result.weekday or field.value
        return "session"

    def field_start_end(self, field: Field, paragraph: Paragraph) -> str:
        parts = _RANGE.split(field.value, maxsplit=1)
        self.set_time("start_time", parts[0])
        if len(parts) > 1:
            self.set_time("end_time", parts[1])
        return "session"

    field_time = field_start_end

    def field_start_time(self, field: Field, paragraph: Paragraph) -> str:
        self.set_time("start_time", field.value)
        return "session"

    def field_end_time(self, field: Field, paragraph: Paragraph) -> str:
        self.set_time("end_time", field.value)
        return "session"

    def set_time(self, name: str, value: str) -> None:
        time = clock(value)
        if name == "end_time" and time and self.result.start_time and time < self.result.start_time:
            time = clock_value(int(time[:2]) + 12, int(time[3:]), "") or time  # "۹ تا ۱" is 9 to 13
        if time and getattr(self.result, name) is None:
            setattr(self.result, name, time)

    def field_place(self, field: Field, paragraph: Paragraph) -> str:
        host, end = self.take_organization(field.value, 0)
        if host and host.is_known and not self.result.host and not field.value[end:].strip(" .،"):
            self.result.host = host
            return "session"
        self.result.venue = self.result.venue or field.value
        within = self.index.find_within(field.value)
        if within and not self.result.host:
            self.result.host = within
            self.result.guesses.append(_("The host was read from the place of the session."))
        return "session"

    def field_chair(self, field: Field, paragraph: Paragraph) -> str:
        self.result.chair = self.result.chair or field.value
        return "session"

    def field_secretary(self, field: Field, paragraph: Paragraph) -> str:
        self.result.secretary = self.result.secretary or field.value
        return "session"

    def field_present(self, field: Field, paragraph: Paragraph) -> str:
        self.section = f"attendance:{field.kind}"
        self.add_attendees(field.value, field.kind, paragraph.line)
        return "attendance"

    field_absent = field_guest = field_present

    def field_agenda(self, field: Field, paragraph: Paragraph) -> str:
        """ "دستور جلسه:" opens the agenda; a subject written beside it is its (first) item."""
        self.section = "agenda"
        if not field.value:
            return "heading"
        inline = type(paragraph)(paragraph.line, field.value)
        if self.numbered_item(inline) is not None:
            return self.classify(inline)
        self.items.append(Item(paragraph.line, "", None, None, "number", field.value, "agenda"))
        return "agenda"

    def field_resolutions(self, field: Field, paragraph: Paragraph) -> str:
        self.section = "resolutions"
        self.result.headings.append(paragraph.text)
        if field.value:
            return self.classify(type(paragraph)(paragraph.line, field.value))
        return "heading"

    def field_copies(self, field: Field, paragraph: Paragraph) -> str:
        self.section = "copies"
        return self.not_understood(paragraph, _("The list of copies (رونوشت) is not read."))

    # -- attendance ---------------------------------------------------------------------------------

    def read_attendance_list(self, paragraph: Paragraph) -> str | None:
        """A line under "اعضای حاضر:" (or غایب, مدعوین): one or more people."""
        section = self.section or ""
        if not section.startswith("attendance:"):
            return None
        text = paragraph.text
        after_blank = paragraph.line > self.attendance_line + 1 > 1
        if (
            after_blank
            or len(text) > 300
            or re.search(r"[:：]\s*$", text)
            or self.heading(text) is not None
            or _DECISION_VERB.search(text)
            or _HELD.search(text)
        ):
            self.section = None  # the list ended: a blank line, a sentence or a heading follows it
            return None
        self.add_attendees(text, section.split(":", 1)[1], paragraph.line)
        return "attendance"

    def add_attendees(self, value: str, status: str, line: int) -> None:
        self.attendance_line = line
        for name, bracket in split_people(value):
            attendee = Attendee(line=line, status=status, name=name)
            if status == "absent":
                attendee.reason = bracket
            else:
                attendee.detail = bracket
            found = self.index.find_within(f"{name} {bracket}")
            attendee.organization = found if found and found.is_known else None
            self.result.attendees.append(attendee)

    # -- one-line headings --------------------------------------------------------------------------

    def read_heading_line(self, paragraph: Paragraph) -> str | None:
        """ "صورتجلسه جلسه شماره ۷ مورخ ۱۴۰۲/۰۳/۱۵" (or the same without "صورتجلسه", before anything else)."""
        text = paragraph.text
        if self.items or len(text) > 250 or _DECISION_VERB.search(text):
            return None
        match = _HEADING_LINE.match(text)
        rest = match.group("rest") if match else text
        number = find_session_number(rest)
        if number is None and match and rest.startswith("شماره"):  # "صورتجلسه شماره ۳۳"
            found = find_session_number("جلسه " + rest)
            number = (
                (found[0], "صورتجلسه " + rest[: found[2][1] - 5], (0, found[2][1] - 5)) if found else None
            )
        dates, date_span = find_session_dates(rest)
        if not match and (number is None or number[2][0] > 2 or _HELD.search(text) or not dates):
            return None
        self.result.headings.append(text)
        if number is None and not dates:
            self.result.working_group_text = self.result.working_group_text or rest.strip(' :«»"')
            return "heading"
        self.heading_read = True
        if number and self.result.session_number is None:
            self.result.session_number, self.result.session_number_text, _span = number
        if dates and not self.result.dates:
            self.result.dates = dates
            self.note_weekday(rest)
        if not self.result.working_group_text:
            self.result.working_group_text = _group_in_heading(rest, number, date_span)
        return "session"

    def note_weekday(self, text: str) -> None:
        weekday = _WEEKDAY_WORD.search(text)
        if weekday and not self.result.weekday:
            self.result.weekday = weekday.group("weekday")

    # -- decision letters ---------------------------------------------------------------------------

    def read_enacting_clause(self, paragraph: Paragraph) -> str | None:
        text = paragraph.text
        if self.items or self.enacting or not is_enacting_clause(text):
            return None
        self.enacting = True
        self.section = "resolutions"
        self.result.proceedings = self.result.proceedings or text.rstrip(" :：").strip()
        in_session = _IN_SESSION.search(text)
        assert in_session is not None  # is_enacting_clause(text) found it
        clause = text[in_session.start() :]
        number = find_session_number(clause)
        if number and self.result.session_number is None:
            self.result.session_number, self.result.session_number_text, _span = number
        dates, _dates_span = find_session_dates(clause)
        if dates and not self.result.dates:
            self.result.dates = dates
            self.note_weekday(clause)
        issuer = _COURTESY.sub("", text[: in_session.start()]).strip(" ،,")
        if issuer and len(issuer) < 150 and not self.result.working_group_text:
            self.result.working_group_text = issuer
        return "session"

    def read_letter_matter(self, paragraph: Paragraph) -> str | None:
        """A letter's greeting, addressee and signature."""
        if not self.letter:
            return None
        text = paragraph.text
        if _SALUTATION.match(text):
            return "letter"
        if not self.items and not self.enacting and len(text) < 150 and not _DECISION_VERB.search(text):
            if re.search(r"(?<!\w)محترم(?!\w)", text) or re.match(r"^(?:جناب|سرکار)\s", text):
                self.result.addressee = self.result.addressee or text
                return "letter"
        if self.items and self.is_signature(text):
            self.result.signatories.append(text)
            return "signature"
        return None

    @staticmethod
    def is_signature(text: str) -> bool:
        """ "محمد احمدی" or "رئیس شورای برنامه‌ریزی استان": short, no verb, a name or a position."""
        if (
            len(text) > 90
            or len(text.split()) > 9
            or _DECISION_VERB.search(text)
            or _PREDICATE_END.search(text)
        ):
            return False
        return bool(_POSITION.search(text)) or len(text.split()) <= 4


def _group_in_heading(rest: str, number: tuple | None, date_span: tuple[int, int] | None) -> str:
    """The body named between the session's number and its date: "... شماره ۷ کارگروه X مورخ ..." → "کارگروه X"."""
    start = number[2][1] if number else 0
    end = date_span[0] if date_span and date_span[0] >= start else len(rest)
    group = _DATE_LEAD.sub("", rest[start:end]).strip(' -–،,:«»"')
    return group if len(group) < 200 else ""
