"""Reading the structure of Persian minutes as people actually write them.

``parse_minutes(text, organizations=...)`` returns a ``MinutesImport``. The text is read paragraph
by paragraph: headings, the session's opening sentence or header fields, the opening programme,
speeches, the proceedings line, numbered resolutions (or agenda items under an agenda heading),
the next session, the closing time. A paragraph that fits none of these is listed in
``not_understood`` with the reason; nothing is dropped silently.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.importing.dates import check_weekday, from_gregorian
from meetings.importing.deadlines import find_date, find_deadline, find_session_dates
from meetings.importing.header import is_letter_head, read_fields
from meetings.importing.layouts import LayoutReading, clock_value, is_enacting_clause
from meetings.importing.numbers import find_session_number, ordinal_pattern
from meetings.importing.organizations import BODY_WORDS, OrganizationIndex, words
from meetings.importing.paragraphs import Item, Paragraph
from meetings.importing.patterns import SESSION_WORD as _SESSION_WORD
from meetings.importing.patterns import SPACE as _S
from meetings.importing.patterns import SPACE0 as _S0
from meetings.importing.reference import choose_reference_date, resolve_deadlines
from meetings.importing.structure import (
    AgendaItem,
    Committee,
    MinutesImport,
    NextSession,
    NotUnderstood,
    OrganizationRef,
    ProposedOrganization,
    Resolution,
    Responsible,
    Speech,
)
from meetings.importing.text import clean_text
from resolutions.models import DECISION_VERBS as COMMON_DECISION_VERBS
from secretariat.persian import to_ascii_digits


def _phrase(text: str) -> str:
    """A pattern for a phrase whose words may be written apart, with ZWNJ, or together."""
    return _S0.join(re.escape(part) for part in text.split())


# The verbs of ``resolutions.models.DECISION_VERBS`` and their other forms.
DECISION_VERBS = [
    *COMMON_DECISION_VERBS,
    "مصوب می گردد",
    "مصوب گردیده",
    "مقرر می گردد",
    "مقرر می شود",
    "مقرر است",
    "قرار شد",
    "تصویب شد",
    "تصویب گردید",
    "تصویب نمودند",
    "تصویب کرد",
    "تصویب کردند",
    "به تصویب رسید",
    "مورد تصویب قرار گرفت",
    "موافقت گردید",
    "موافقت نمودند",
    "موافقت کرد",
    "موافقت کردند",
    "مورد موافقت قرار گرفت",
    "تاکید شد",
    "تأکید شد",
    "تاکید گردید",
    "تأکید گردید",
    "تصمیم گرفته شد",
]
_VERB = "(?:" + "|".join(_phrase(v) for v in sorted(DECISION_VERBS, key=len, reverse=True)) + r")(?!\w)"
_VERB_AT_START = re.compile(
    r"^(?:(?:در\s+این\s+(?:جلسه|نشست)|همچنین|ضمنا|ضمناً|نیز)\s*[،,]?\s*)?(?P<verb>" + _VERB + r")\s*[،,:]?\s*"
)
_VERB_ANYWHERE = re.compile(r"(?<!\w)(?P<verb>" + _VERB + ")")

_NUMBERED = re.compile(
    r"^\s*(?:(?:ماده|بند)\s+)?\(?\s*(?P<num>\d{1,3})(?:\s*[-ـ.]\s*(?P<sub>\d{1,3}))?\s*(?:[-–—ـ.)\]]|(?<=\d)\s(?=\D))\s*(?=\S)"
)
_LETTERED = re.compile(r"^\s*\(?\s*(?P<letter>الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\s*[-–—ـ).]\s*(?=\S)")
_BULLET = re.compile(r"^\s*[•●○◦▪■□►▸*·\-–—]\s+(?=\S)")

_HEADINGS = {
    "بسمهتعالی": None,
    "باسمهتعالی": None,
    "بسمهتعالیشانه": None,
    "بهنامخدا": None,
    "بنامخدا": None,
    "بسماللهالرحمنالرحیم": None,
    "صورتجلسه": None,
    "صورتجلسات": None,
    "صورتجلسهنشست": None,
    "مصوبات": "resolutions",
    "مصوباتجلسه": "resolutions",
    "مصوباتنشست": "resolutions",
    "تصمیمات": "resolutions",
    "تصمیماتمتخذه": "resolutions",
    "تصمیماتجلسه": "resolutions",
    "دستورجلسه": "agenda",
    "دستورکار": "agenda",
    "دستورکارجلسه": "agenda",
    "دستورکارنشست": "agenda",
    "دستوراتجلسه": "agenda",
    "موضوعجلسه": "agenda",
    "حاضرین": "attendance:present",
    "حاضران": "attendance:present",
    "حاضرینجلسه": "attendance:present",
    "اعضایحاضر": "attendance:present",
    "غایبین": "attendance:absent",
    "غائبین": "attendance:absent",
    "مدعوین": "attendance:guest",
    "امضاها": "signatures",
    "امضاء": "signatures",
    "امضا": "signatures",
    "امضایحاضرین": "signatures",
    "امضاءحاضرین": "signatures",
    "محلامضا": "signatures",
    "خلاصهمذاکرات": "discussion",
    "شرحمذاکرات": "discussion",
}

_HONORIFIC = r"(?P<honorific>جناب" + _S0 + r"آقای|سرکار" + _S0 + r"خانم|جناب|آقای|خانم)(?!\w)"
_HONORIFIC_RE = re.compile(_HONORIFIC)
_TITLE_RE = re.compile(
    r"^\s*(?P<title>مهندس|دکتر|حجت"
    + _S0
    + r"الاسلام(?:"
    + _S
    + r"و"
    + _S0
    + r"المسلمین)?|حاج|استاد|سردار|سرهنگ)(?!\w)\s*"
)
_CONNECTOR = re.compile(
    r"(?:^|[\s.:؛،,])(?:ابتدا|در\s+ابتدا|سپس|در\s+ادامه|آنگاه|پس\s+از\s+آن|بعد\s+از\s+آن|همچنین|در\s+پایان|"
    r"پس\s+از\s+ایشان|در\s+ادامه\s+جلسه|بعد|و)\s*[،,]?\s*$"
)
_POSITION_HEADS = (
    "مدیر عامل|مدیرعامل|مدیر کل|مدیرکل|مدیر|عضو|دبیر|رئیس|رییس|نایب رئیس|معاون|نماینده|کارشناس|مشاور|"
    "سرپرست|مسئول|مسوول|مسؤول|شهردار|استاندار|فرماندار|بخشدار|فرمانده|قائم مقام|قائم‌مقام|دادستان|"
    "امام جمعه|مدیر روابط عمومی|هماهنگ کننده"
)
_POSITION_HEAD_RE = re.compile(r"(?<!\w)(?:" + _POSITION_HEADS + r")(?!\w)")
_SAID = (
    r"(?:عنوان|بیان|اظهار|اشاره|تاکید|تأکید|خاطرنشان|خاطر\s+نشان)\s+(?:کرد|کردند|نمود|نمودند|داشت|داشتند)"
    r"|گفت|گفتند|افزود|افزودند|یادآور\s+شد|یادآور\s+شدند|توضیح\s+داد|توضیح\s+دادند|گزارش\s+داد|گزارش\s+دادند"
)
_SPEECH_MARKER = re.compile(
    r"(?<!\w)(?:ضمن|با\s+بیان|با\s+اشاره|با\s+تشکر|با\s+ارائه|با\s+قرائت|طی\s+سخنانی|در\s+سخنانی|"
    + _SAID
    + r")(?!\w)|:"
)
_LEADING_SAID = re.compile(r"^(?:" + _SAID + r")(?!\w)(?:\s+که)?\s*:?\s*")

_HELD = re.compile(r"(?<!\w)(?:برگزار|تشکیل|منعقد|برپا)(?!\w)")
_HOST = re.compile(r"به\s+میزبانی\s+")
_CITY = re.compile(
    r"(?<!\w)در\s+(?:شهر\s+)?(?P<city>[\w\u200c]+(?:\s+[\w\u200c]+)?)\s+(?:برگزار|تشکیل|منعقد)"
)
_TIME = re.compile(
    r"(?:ساعت|ساعت\s+شروع|زمان\s+شروع|ساعت\s+پایان|زمان\s+پایان)\s*[:：]?\s*(?P<h>\d{1,2})"
    r"(?:\s*[:/.٫]\s*(?P<m>\d{1,2})|\s+و\s+(?P<m2>\d{1,2})\s+دقیقه)?(?!\d)"
    r"(?:\s*(?P<part>صبح|ظهر|بعد\s*از\s*ظهر|بعدازظهر|بعد\s*ازظهر|عصر|شب))?"
)
_START_WORDS = re.compile(r"(?<!\w)(?:آغاز|شروع|افتتاح)")
_END_WORDS = re.compile(r"(?<!\w)(?:پایان|خاتمه|ختم|اتمام)\s*(?:یافت|پذیرفت|رسید|یافته|می\s*یابد|شد)?")
_OPENING = re.compile(r"(?<!\w)با\s+(?P<programme>(?:تلاوت|قرائت|پخش|اجرای|ذکر)\s.+?)\s+(?:آغاز|شروع)")
_PROCEEDINGS = re.compile(r"دستور\s*(?:کار|جلسه)")
_APPROVED = re.compile(r"(?:تصویب|تأیید|تایید|به\s+شرح\s+(?:ذیل|زیر)|مصوبات|تصمیمات\s+(?:زیر|ذیل)|اتخاذ)")
_SITTINGS = {
    "صبح": "morning",
    "عصر": "afternoon",
    "بعدازظهر": "afternoon",
    "بعد از ظهر": "afternoon",
    "شب": "evening",
}
_NEXT_SESSION = re.compile(r"(?<!\w)" + _SESSION_WORD + r"\s+(?:آتی|آینده|بعدی|بعد)(?!\w)")

_RESPONSIBLE_PHRASE = re.compile(r"(?:با|به)\s+(?:مسوولیت|مسئولیت|مسؤولیت|محوریت|راهبری)\s+")
_BY = re.compile(r"(?<!\w)توسط\s+")
_OBLIGED = re.compile(
    r"(?<!\w)(?:موظف|مکلف)\s*(?:است|اند|ند|هستند|شد|شدند|گردید|گردیدند|می\s*باشد|می\s*باشند|گردد|شود)?(?!\w)"
)
_COLLABORATION = re.compile(r"(?:(?<!\w)و\s+|(?<!\w)با\s+|،\s*)(?:با\s+)?همکاری\s+")
_COMMITTEE = re.compile(
    r"(?<!\w)(?P<name>(?:کمیته|کارگروه|گروه\s+کاری|کمیسیون)\s+[^،,:()؛.]{2,80}?)\s+(?=(?:با|به)\s+(?:مسوولیت|مسئولیت|مسؤولیت|محوریت|ریاست)\s)"
)
_PLURAL_ORGANIZATIONS = re.compile(r"\s*سازمان" + _S0 + r"(?:های|ها)(?!\w)\s*")
_SECRETARIAT = re.compile(r"(?<!\w)دبیر" + _S0 + r"خانه(?!\w)")
_SECRETARY = re.compile(r"(?<!\w)دبیر\s+(?:محترم\s+)?(?:کار" + _S0 + r"گروه|گروه|جلسه|نشست)(?!\w)")
_ANAPHORA = re.compile(r"^(?:آن|این)\s+سازمان(?!\w)|^سازمان\s+(?:مذکور|یاد\s*شده|مزبور)")
_TERMINATORS = {
    "در", "جهت", "نسبت", "تشکیل", "برای", "به", "تا", "اقدام", "موظف", "مکلف", "را", "ظرف", "طی", "حداکثر",
    "که", "از", "با", "پس", "نیز", "هم", "همچنین", "و",
}  # fmt: skip
_DELIVERY = re.compile(
    r"(?:ارسال|ارائه|تحویل|اطلاع"
    + _S0
    + r"رسانی|اعلام|منعکس|مطرح|ابلاغ)(?:"
    + _S
    + r"(?:شود|گردد|نمایند|نماید|کنند|کند|"
    r"شوند|گردند|شده|گردیده|دهند|دهد))?$"
)
# "تبصره ۱- ..." of a decision: part of the item before it.
_NOTE = re.compile(r"^تبصره(?:\s*(?:\d{1,2}|[\w\u200c]+))?\s*[-–ـ:.)]")
_PRODUCTION = re.compile(r"(?:تهیه|تنظیم|تدوین)(?:" + _S + r"(?:شده|گردیده|شود|گردد))?$")


@dataclass
class NameParts:
    """A person's name as the minutes write it, in the parts a ``Person`` keeps."""

    honorific: str = ""  # "mr", "ms" or ""
    title: str = ""  # "eng", "dr" or ""
    first_name: str = ""
    last_name: str = ""


def name_parts(text: str) -> NameParts:
    """ "آقای مهندس علی جعفری" → mr, eng, "علی", "جعفری"; a single word is the last name."""
    parts = NameParts()
    rest = text.strip()
    honorific = _HONORIFIC_RE.match(rest)
    if honorific:
        parts.honorific = "ms" if "خانم" in honorific.group("honorific") else "mr"
        rest = rest[honorific.end() :].strip()
    while title := _TITLE_RE.match(rest):
        word = re.sub(r"\s+", " ", title.group("title"))
        parts.title = {"مهندس": "eng", "دکتر": "dr"}.get(word, parts.title)
        rest = rest[title.end() :].strip()
    words = rest.split()
    if len(words) > 1:
        parts.first_name, parts.last_name = words[0], " ".join(words[1:])
    else:
        parts.last_name = rest
    return parts


def parse_minutes(
    text: str,
    *,
    organizations: OrganizationIndex | None = None,
    reference_date: datetime.date | None = None,
) -> MinutesImport:
    """Read one session's minutes; raise ``ImportTextError`` if the text is empty or far too long.

    ``reference_date``: count relative deadlines from this date instead of the session's (or the
    letter's) date, as staff chose on the review page.
    """
    parser = _Parser(clean_text(text), organizations or OrganizationIndex([]), reference_date)
    return parser.parse()


class _Parser(LayoutReading):
    def __init__(
        self, text: str, index: OrganizationIndex, reference_date: datetime.date | None = None
    ) -> None:
        self.text = text
        self.index = index
        self.given_reference = reference_date
        self.result = MinutesImport()
        self.items: list[Item] = []
        self.section: str | None = None
        self.proposals: dict[str, ProposedOrganization] = {}
        self.letter = False
        self.enacting = False
        self.heading_read = False
        self.intro_read = False
        self.session_fields = 0
        self.attendance_line = 0
        self.decision_seen = False
        self.items_checked = 0
        self.highest_number = 0

    # -- paragraphs ------------------------------------------------------------------------------

    def paragraphs(self) -> list[Paragraph]:
        result: list[Paragraph] = []
        joinable = False
        for number, raw in enumerate(self.text.split("\n"), start=1):
            line = re.sub(r"(\*\*|__)", "", raw)
            line = re.sub(r"^\s*#+\s*", "", line).strip()
            if not line:
                joinable = False
                continue
            labelled = bool(read_fields(line))  # a header line never wraps into the next one
            starts_new = bool(
                _NUMBERED.match(line)
                or _LETTERED.match(line)
                or _BULLET.match(line)
                or _HONORIFIC_RE.match(line)
                or _NOTE.match(line)
                or labelled
            )
            if joinable and result and not starts_new:
                result[-1].text += " " + line  # a hard-wrapped line of the same paragraph
                result[-1].more_lines.append(number)
            else:
                result.append(Paragraph(number, line))
            joinable = len(line) >= 60 and not labelled and not re.search(r"[.:؛!؟?»)]\s*$", line)
        return result

    def parse(self) -> MinutesImport:
        paragraphs = self.paragraphs()
        self.letter = is_letter_head(self.text) or any(is_enacting_clause(p.text) for p in paragraphs)
        for paragraph in paragraphs:
            kind = self.classify(paragraph)
            for line in [paragraph.line, *paragraph.more_lines]:
                self.result.line_kinds[line] = kind
        self.read_items()
        self.finish()
        return self.result

    def not_understood(self, paragraph: Paragraph, reason: str) -> str:
        self.result.not_understood.append(NotUnderstood(paragraph.line, paragraph.text, reason))
        return "not_understood"

    def classify(self, paragraph: Paragraph) -> str:
        """What the paragraph is (a line kind), after reading it into the result."""
        for read in self.readers():
            kind = read(paragraph)
            if kind:
                return kind
        return self.not_understood(paragraph, _("Not recognized as part of the minutes."))

    def readers(self) -> tuple[Callable[[Paragraph], str | None], ...]:
        """The readers a paragraph is offered to, in order: the first that takes it says what it is."""
        return (
            self.read_labelled,
            self.read_attendance_list,
            self.read_numbered,
            self.read_heading,
            self.read_unread_section,
            self.read_note,
            self.read_heading_line,
            self.read_enacting_clause,
            self.read_letter_matter,
            self.read_session,
            self.read_next_session,
            self.read_verb_paragraph,
            self.read_continuation,
        )

    def read_numbered(self, paragraph: Paragraph) -> str | None:
        item = self.numbered_item(paragraph)
        if item is None:
            return None
        if item.sub is None and self.section in (None, "discussion") and not _VERB_ANYWHERE.search(item.body):
            if not self.decisions_seen():
                return self.not_understood(
                    paragraph,
                    _("A numbered item with no decision verb, outside a resolutions or agenda section."),
                )
        self.items.append(item)
        return "agenda" if item.section == "agenda" else "resolution"

    def decisions_seen(self) -> bool:
        """Whether an item so far is a decision; each item is looked at once, so that this stays linear."""
        while not self.decision_seen and self.items_checked < len(self.items):
            item = self.items[self.items_checked]
            self.items_checked += 1
            self.decision_seen = bool(
                item.section == "resolutions" or item.style == "verb" or _VERB_ANYWHERE.search(item.text())
            )
        return self.decision_seen

    def read_heading(self, paragraph: Paragraph) -> str | None:
        heading = self.heading(paragraph.text)
        if heading is None:
            return None
        section, rest = heading
        self.result.headings.append(paragraph.text)
        if section:
            self.section = section
        if rest:
            return self.classify(Paragraph(paragraph.line, rest))
        return "heading"

    def read_unread_section(self, paragraph: Paragraph) -> str | None:
        if self.section == "signatures":
            return self.not_understood(
                paragraph,
                _(
                    "Lists of attendees and signatures are not read; add the attendance in the minutes editor."
                ),
            )
        if self.section == "copies":
            return self.not_understood(paragraph, _("The list of copies (رونوشت) is not read."))
        return None

    def read_note(self, paragraph: Paragraph) -> str | None:
        """A "تبصره" belongs to the item before it."""
        if not (_NOTE.match(paragraph.text) and self.items and self.items[-1].style != "next"):
            return None
        self.items[-1].more.append("\n" + paragraph.text)
        return "resolution"

    def read_session(self, paragraph: Paragraph) -> str | None:
        text = paragraph.text
        if self.speeches(paragraph):
            return "speech"
        if self.session_intro(text) or self.times(text):
            return "session"
        if self.proceedings(text):
            return "proceedings"
        return None

    def read_next_session(self, paragraph: Paragraph) -> str | None:
        text = paragraph.text
        if _NEXT_SESSION.search(text) and _HELD.search(text) and not _VERB_AT_START.match(text):
            self.items.append(Item(paragraph.line, "", None, None, "next", text, "next"))
            return "next_session"
        return None

    def read_verb_paragraph(self, paragraph: Paragraph) -> str | None:
        if _VERB_AT_START.match(paragraph.text):
            self.items.append(Item(paragraph.line, "", None, None, "verb", paragraph.text, self.section))
            return "resolution"
        return None

    def read_continuation(self, paragraph: Paragraph) -> str | None:
        """A paragraph after an item whose sentence has not ended yet carries it on."""
        if self.items and self.items[-1].style != "next" and not self.items[-1].ended():
            self.items[-1].more.append(" " + paragraph.text)
            return "resolution"
        return None

    def numbered_item(self, paragraph: Paragraph) -> Item | None:
        text = paragraph.text
        for pattern, style in ((_NUMBERED, "number"), (_LETTERED, "letter"), (_BULLET, "bullet")):
            match = pattern.match(text)
            if match:
                label = text[: match.end()].strip()
                body = text[match.end() :].strip()
                number = sub = None
                if style == "number":
                    number = int(to_ascii_digits(match.group("num")))
                    sub = int(to_ascii_digits(match.group("sub"))) if match.group("sub") else None
                section = self.section if self.section in ("agenda", "resolutions") else None
                return Item(paragraph.line, label, number, sub, style, body, section)
        return None

    def heading(self, text: str) -> tuple[str | None, str] | None:
        head, _sep, rest = text.partition(":")
        for candidate, remainder in ((text, ""), (head, rest.strip())):
            key = re.sub(r"[\s\u200c«»\"'()\-*#:.]+", "", candidate)
            if key in _HEADINGS and len(candidate) < 60:
                return _HEADINGS[key], remainder
        return None

    # -- the session -----------------------------------------------------------------------------

    def session_intro(self, text: str) -> bool:
        """ "دوازدهمین نشست ... در تاریخ ... برگزار شد": only before the items, never the next session's."""
        if self.result.session_number is not None and self.result.dates:
            return False
        if self.items or _NEXT_SESSION.search(text):
            return False
        if not (re.search(_SESSION_WORD, text) and _HELD.search(text)):
            return False
        number = find_session_number(text)
        dates, _span = find_session_dates(text)
        if number is None and not dates:
            return False
        if number and self.result.session_number is None:
            self.result.session_number, self.result.session_number_text, span = number
            rest = text[span[1] :]
            group = re.match(
                r"\s*(.+?)\s+(?:به\s+میزبانی|در\s+تاریخ|(?:در\s+)?روز|مورخ|در\s+محل|در\s+شهر|با\s+حضور)", rest
            )
            if group and len(group.group(1)) < 200:
                self.result.working_group_text = group.group(1).strip(" ،,")
        if dates and not self.result.dates:
            self.result.dates = dates
            self.note_weekday(text)
        self.intro_read = True
        host = _HOST.search(text)
        if host and not self.result.host:
            self.result.host, _end = self.take_organization(text, host.end())
            if self.result.host is None:
                self.result.guesses.append(_("The host named after “به میزبانی” was not recognized."))
        city = _CITY.search(text)
        if city and not self.result.city:
            name = city.group("city")
            if re.match(r"(?:این|همین|آن)\s+شهر", name) or name in ("این", "همین", "آن"):
                self.result.city = self.city_of(self.result.host)
                if self.result.city:
                    self.result.guesses.append(_("“In this city” was read as the host's city."))
            elif self.index.is_city(name.split()[0]):
                self.result.city = name.split()[0]
            elif self.index.is_city(name):
                self.result.city = name
        self.times(text)
        return True

    def city_of(self, ref: OrganizationRef | None) -> str:
        if ref is None or not ref.is_known:
            return ""
        for organization in self.index.organizations:
            if organization.id == ref.organization_id:
                return organization.city
        return ""

    def times(self, text: str) -> bool:
        if not re.search(r"ساعت", text) or not re.search(_SESSION_WORD, text):
            return False
        found = self.read_times(text)
        opening = _OPENING.search(text)
        if opening and not self.result.opening_programme:
            self.result.opening_programme = opening.group("programme").strip()
            found = True
        return found

    def read_times(self, text: str, default: str = "") -> bool:
        ascii_text = to_ascii_digits(text)
        matches = list(_TIME.finditer(ascii_text))
        if not matches:
            return False
        range_match = re.search(
            r"(?:از\s+)?ساعت\s*[:：]?\s*[\d:/.٫]+\s*(?:صبح|عصر)?\s*(?:تا|الی|-)\s*(?:ساعت\s*)?(\d{1,2})(?:\s*[:/.]\s*(\d{1,2}))?",
            ascii_text,
        )
        found = False
        for position, match in enumerate(matches):
            minute = int(match.group("m") or match.group("m2") or 0)
            value = clock_value(int(match.group("h")), minute, match.group("part") or "")
            if value is None:
                continue
            after = ascii_text[match.end() : match.end() + 80]
            key = ascii_text[match.start() : match.start() + 20]
            if (
                "پایان" in key
                or "خاتمه" in key
                or (_END_WORDS.search(after) and not _START_WORDS.search(after))
            ):
                kind = "end"
            elif "شروع" in key or _START_WORDS.search(after) or default == "start" or position == 0:
                kind = "start"
            else:
                kind = default or "end"
            if kind == "start" and self.result.start_time is None:
                self.result.start_time = value
                found = True
            elif kind == "end" and self.result.end_time is None:
                self.result.end_time = value
                found = True
        if range_match and self.result.end_time is None:
            hour, minute = int(range_match.group(1)), int(range_match.group(2) or 0)
            if self.result.start_time and hour < int(self.result.start_time[:2]) and hour < 12:
                hour += 12
            if 0 <= hour < 24 and minute < 60:
                self.result.end_time = f"{hour:02d}:{minute:02d}"
                found = True
        return found

    def proceedings(self, text: str) -> bool:
        """ "دستور کار جلسه ... به شرح ذیل تصویب شد:", or a sentence of the session ending "... مقرر شد:"."""
        introduces = _PROCEEDINGS.search(text) or (
            re.search(r"[:：]\s*$", text) and re.search(_SESSION_WORD, text) and not self.items
        )
        approves = _APPROVED.search(text) or _VERB_ANYWHERE.search(text)
        if not (introduces and approves) or self.result.proceedings:
            return False
        self.result.proceedings = text.rstrip(" :：").strip()
        parts = [code for word, code in _SITTINGS.items() if re.search(rf"(?<!\w){word}(?!\w)", text)]
        if parts and "نوبت" in text:
            self.result.sittings = list(dict.fromkeys(parts))
        if text.rstrip().endswith((":", "：")) or re.search(r"به\s+شرح\s+(?:ذیل|زیر)", text):
            self.section = "resolutions"
        return True

    # -- speeches --------------------------------------------------------------------------------

    def speeches(self, paragraph: Paragraph) -> bool:
        text = paragraph.text
        first_word = len(text) - len(text.lstrip())
        markers = [m.start() for m in _SPEECH_MARKER.finditer(text)]
        starts: list[tuple[int, int, re.Match]] = []  # (cut before, speaker start, honorific match)
        for match in _HONORIFIC_RE.finditer(text):
            if not markers or markers[-1] < match.end():
                break  # nobody after this point says anything
            window_start = max(0, match.start() - 40)  # a connector is a word or two before
            before = text[window_start : match.start()]
            connector = _CONNECTOR.search(before)
            if match.start() == first_word:
                starts.append((match.start(), match.start(), match))
            elif connector:
                cut = window_start + connector.start()
                cut += 1 if connector.group().startswith((" ", ".", ":", "،")) else 0
                starts.append((cut, match.start(), match))
            elif (
                not starts
                and match.start() < 80
                and re.match(r"^\s*در\s+[^:]{2,60}:\s*$", text[: match.start()])
            ):
                starts.append((match.start(), match.start(), match))
        if not starts:
            return False
        occasion = ""
        prefix = text[: starts[0][0]].strip()
        occasion_match = re.match(r"^در\s+(?P<occasion>[^:]{2,60}?)\s*:", prefix)
        if occasion_match:
            occasion = occasion_match.group("occasion").strip()
        elif prefix and not _CONNECTOR.fullmatch(" " + prefix):
            return False
        for position, (_cut, start, match) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else len(text)
            speech = self.speech(paragraph.line, text[start:end].strip(), match.group("honorific"))
            speech.occasion = occasion
            self.result.speeches.append(speech)
        return True

    def speech(self, line: int, text: str, honorific: str) -> Speech:
        speech = Speech(line=line, order=len(self.result.speeches) + 1)
        speech.honorific = "ms" if "خانم" in honorific else "mr"
        rest = self.titles(speech, text[len(honorific) :].strip())
        marker = _SPEECH_MARKER.search(rest)
        head, summary = (rest[: marker.start()], rest[marker.start() :]) if marker else (rest, "")
        comma = re.search(r"\s*[،,]\s*", head)
        position_head = _POSITION_HEAD_RE.search(head)
        if comma and (not position_head or comma.start() < position_head.start()):
            name, position = head[: comma.start()], head[comma.end() :]
        elif position_head:
            name, position = head[: position_head.start()], head[position_head.start() :]
        else:
            name, position = head, ""
            speech.guesses.append(_("No position was recognized after the name."))
        name_words = name.split()
        if len(name_words) > 3:
            speech.guesses.append(_("The name may include part of the position; check it."))
            position = " ".join([*name_words[1:], position]).strip()
            name_words = name_words[:1]
        if not name_words:
            speech.guesses.append(_("No name was recognized after the honorific."))
        speech.last_name = name_words[-1] if name_words else ""
        speech.first_name = " ".join(name_words[:-1])
        speech.position = self.tidy(position.strip(" ،,"), speech.guesses)
        summary = _LEADING_SAID.sub("", summary.strip(), count=1)
        speech.summary = summary.lstrip(": ").strip()
        if not speech.summary:
            speech.guesses.append(_("Nothing of what was said was recognized."))
        if speech.position:
            if self.index.names_group(speech.position):
                speech.is_group_secretary = bool(re.match(r"دبیر(?!" + _S0 + "خانه)", speech.position))
            else:
                speech.organization = self.index.find_within(speech.position)
                if speech.organization is None:
                    body = self.body_in(speech.position)
                    if body:
                        speech.organization = self.unknown(body, member=False, line=line)
        return speech

    @staticmethod
    def titles(speech: Speech, rest: str) -> str:
        """Read the titles before a name ("مهندس", "دکتر", "حجت‌الاسلام"...); return what follows them."""
        while title := _TITLE_RE.match(rest):
            word = re.sub(r"\s+", " ", title.group("title"))
            if word == "مهندس":
                speech.title = "eng"
            elif word == "دکتر":
                speech.title = "dr"
            else:
                speech.guesses.append(
                    _("The title “%(title)s” is not stored; add it to the name if needed.") % {"title": word}
                )
            rest = rest[title.end() :]
        return rest

    def body_in(self, position: str) -> str:
        """The organization part of a position: from the first body word ("سازمان", "شورای") on."""
        for match in re.finditer(r"[\w\u200c]+", position):
            if words(match.group()) and words(match.group())[0] in BODY_WORDS:
                return re.split(r"\s+و\s+(?:میزبان|دبیر|عضو|نماینده)", position[match.start() :])[0].strip()
        return ""

    def tidy(self, text: str, guesses: list[str]) -> str:
        """Undo typos in a position or name: "میداین" → "میادین", "شیرازو میزبان" → "شیراز و میزبان"."""
        corrected = []
        for word in text.split(" "):
            fixed = {"میداین": "میادین", "میادبن": "میادین"}.get(word, word)
            if word.endswith("و") and len(word) > 3 and self.index.is_city(word[:-1]):
                fixed = word[:-1] + " و"
            if fixed != word:
                guesses.append(
                    _("Spelling corrected: “%(before)s” → “%(after)s”.") % {"before": word, "after": fixed}
                )
            corrected.append(fixed)
        return " ".join(corrected)

    # -- organizations in running text -----------------------------------------------------------

    def take_organization(
        self,
        text: str,
        start: int,
        *,
        member: bool = False,
        line: int = 0,
        last: OrganizationRef | None = None,
    ) -> tuple[OrganizationRef | None, int]:
        """The organization named at ``text[start:]``, and where its name ends."""
        rest = text[start:]
        leading = len(rest) - len(rest.lstrip(" ،,"))
        anaphora = _ANAPHORA.match(rest[leading:])
        if anaphora and last is not None:
            ref = OrganizationRef(
                text=anaphora.group(),
                organization_id=last.organization_id,
                name=last.name,
                how="variant" if last.is_known else "unknown",
                key=last.key,
            )
            return ref, start + leading + anaphora.end()
        tokens = list(re.finditer(r"[\w\u200c]+", rest))[:10]
        for size in range(len(tokens), 0, -1):
            last_word = tokens[size - 1].group()
            if last_word in _TERMINATORS:
                continue
            phrase = rest[tokens[0].start() : tokens[size - 1].end()]
            if re.search(r"[،,؛.:()]", phrase):
                continue
            ref = self.index.match(phrase)
            if ref:
                return ref, start + tokens[size - 1].end()
        return self.propose_at(rest, tokens, start, member=member, line=line)

    def propose_at(
        self, rest: str, tokens: list[re.Match], start: int, *, member: bool, line: int
    ) -> tuple[OrganizationRef | None, int]:
        """Not a known organization: a body word or a city starts a name worth proposing."""
        if not tokens:
            return None, start
        first = words(tokens[0].group())
        if not ((first and first[0] in BODY_WORDS) or self.index.is_city(tokens[0].group())):
            return None, start
        taken: list[re.Match] = []
        for token in tokens[:6]:
            between = rest[taken[-1].end() : token.start()] if taken else ""
            if re.search(r"[،,؛.:()]", between) or (taken and token.group() in _TERMINATORS):
                break
            taken.append(token)
            if self.index.is_city(token.group()) and len(taken) > 1:
                break
            if len(taken) == 1 and self.index.is_city(token.group()):
                break
        phrase = rest[taken[0].start() : taken[-1].end()]
        return self.unknown(phrase, member=member, line=line), start + taken[-1].end()

    def take_list(self, text: str, start: int, *, line: int) -> tuple[list[OrganizationRef], int]:
        """A list of organizations: "سازمانهای کرج ، مشهد ، تبریز و رشت"."""
        plural = _PLURAL_ORGANIZATIONS.match(text, start)
        if plural:
            start = plural.end()
        refs: list[OrganizationRef] = []
        position = start
        while True:
            ref, end = self.take_organization(text, position, member=True, line=line)
            if ref is None:
                break
            refs.append(ref)
            position = end
            separator = re.match(r"\s*(?:[،,]\s*(?:و\s+)?|و\s+)", text[position:])
            if not separator:
                break
            following, _end = self.take_organization(text, position + separator.end(), member=True, line=0)
            if following is None:
                break
            position += separator.end()
        return refs, position

    def unknown(self, text: str, *, member: bool, line: int) -> OrganizationRef:
        proposal = self.index.propose(text, member=member)
        existing = self.proposals.get(proposal.key)
        if existing is None:
            self.proposals[proposal.key] = existing = proposal
        if line and line not in existing.lines:
            existing.lines.append(line)
        return OrganizationRef(text=proposal.text, name=existing.name, how="unknown", key=existing.key)

    # -- resolutions -----------------------------------------------------------------------------

    def read_items(self) -> None:
        """The items, in order, as agenda items, resolutions, their sub-items, or the next session."""
        numbers_used: set[int] = set()
        agenda_numbers: set[int] = set()
        sub_items: dict[int, list[str]] = {}  # resolution index → its sub-items, joined once at the end
        for item in self.items:
            body = item.text()
            if item.style == "next":
                self.next_session_from(body, item.line, None)
            elif item.section == "agenda" and item.sub is None:
                number = (
                    item.number
                    if item.number and item.number not in agenda_numbers
                    else len(agenda_numbers) + 1
                )
                agenda_numbers.add(number)
                self.result.agenda.append(AgendaItem(item.line, number, body))
            elif (
                item.sub is not None
                and self.result.resolutions
                and self.result.resolutions[-1].number == item.number
            ):
                sub_items.setdefault(len(self.result.resolutions) - 1, []).append(f"{item.label} {body}")
                self.result.line_kinds[item.line] = "resolution"
            else:
                number = self.resolution_number(item, numbers_used)
                self.result.resolutions.append(self.resolution(item, number[0], body))
                self.result.resolutions[-1].guesses[:0] = number[1]
        for index, lines in sub_items.items():
            parent = self.result.resolutions[index]
            parent.items = lines
            parent.text = "\n".join([parent.text, *lines])

    def resolution_number(self, item: Item, numbers_used: set[int]) -> tuple[int, list[str]]:
        """The number as written, or the next free one (marked as a guess) when it is missing or repeated."""
        number = item.number
        guesses = []
        if number is None or item.sub is not None or number in numbers_used:
            number = self.highest_number + 1
            if item.style == "number" and item.sub is None:
                guesses.append(
                    _("The number was written again; this resolution was numbered %(number)s.")
                    % {"number": number}
                )
            else:
                guesses.append(
                    _("The resolution is not numbered with a digit; it was numbered %(number)s.")
                    % {"number": number}
                )
        numbers_used.add(number)
        self.highest_number = max(self.highest_number, number)
        return number, guesses

    def resolution(self, item: Item, number: int, body: str) -> Resolution:
        body = body.strip()
        resolution = Resolution(line=item.line, number=number, label=item.label)
        verb = _VERB_AT_START.match(body)
        if verb:
            resolution.verb = re.sub(r"[\s\u200c]+", " ", verb.group("verb"))
            text = body[verb.end() :].strip()
        else:
            anywhere = list(_VERB_ANYWHERE.finditer(body))
            text = body
            if anywhere:
                resolution.verb = re.sub(r"[\s\u200c]+", " ", anywhere[0].group("verb"))
            else:
                resolution.guesses.append(_("No decision verb (مصوب شد، مقرر گردید…) was found."))
        resolution.text = text
        self.responsibility(resolution, text, item.line)
        if self.announces_next_session(text):
            resolution.schedules_next_session = True
            self.next_session_from(text, item.line, resolution)
        resolution.deadline = find_deadline(
            text,
            session_date=None,  # resolved in finish(), once the session's date is known
            session_number=None,
        )
        resolution.deliverable = self.deliverable(text, resolution)
        return resolution

    def responsibility(self, resolution: Resolution, text: str, line: int) -> None:
        """Who must act: a committee formed here, "با مسوولیت X", "توسط X", "X موظف است", or the subject."""
        committee = _COMMITTEE.search(text)
        phrase = _RESPONSIBLE_PHRASE.search(text, committee.end() if committee else 0)
        if committee and phrase and phrase.start() - committee.end() <= 2:
            self.formed_committee(resolution, text, line, committee, phrase)
            return
        if phrase:
            self.named_responsible(resolution, text, line, phrase)
            return
        if not (
            self.done_by(resolution.responsible, text, line)
            or self.obliged(resolution.responsible, text, line)
        ):
            self.subject_of_sentence(resolution.responsible, text, line)
        self.collaborators_anywhere(resolution, text, line)

    def formed_committee(
        self, resolution: Resolution, text: str, line: int, committee: re.Match, phrase: re.Match
    ) -> None:
        """ "کمیته حقوقی با مسوولیت X و همکاری Y، Z تشکیل و ...": the committee, its lead and mandate."""
        name = re.sub(r"\s+", " ", committee.group("name")).strip()
        lead, end = self.take_organization(text, phrase.end(), member=True, line=line)
        collaborators: list[OrganizationRef] = []
        collaboration = _COLLABORATION.search(text, end)
        if collaboration and collaboration.start() - end <= 3:
            collaborators, end = self.take_list(text, collaboration.end(), line=line)
        mandate = re.sub(r"^\s*(?:[،,]\s*)?(?:تشکیل\s+(?:و\s+)?|تشکیل\s*[،,]\s*)?", "", text[end:])
        entry = Committee(
            line=line,
            resolution_number=resolution.number,
            name=name,
            lead=lead,
            collaborators=collaborators,
            mandate=mandate.strip().rstrip(" .").strip(),
        )
        if lead is None:
            entry.guesses.append(_("The lead organization was not recognized."))
        self.result.committees.append(entry)
        resolution.committee = entry.name
        resolution.collaborators = list(collaborators)
        responsible = resolution.responsible
        responsible.kind, responsible.committee, responsible.text = "committee", entry.name, name

    def named_responsible(self, resolution: Resolution, text: str, line: int, phrase: re.Match) -> None:
        """ "با مسوولیت X و همکاری Y": X is responsible, Y and the rest of the list collaborate."""
        ref, end = self.take_organization(text, phrase.end(), line=line)
        self.set_actor(resolution.responsible, text[phrase.end() :], ref)
        collaboration = _COLLABORATION.search(text, end)
        if collaboration and collaboration.start() - end <= 3:
            resolution.collaborators, _end = self.take_list(text, collaboration.end(), line=line)

    def done_by(self, responsible: Responsible, text: str, line: int) -> bool:
        """ "توسط X": X, when it is an actor."""
        by = _BY.search(text)
        if not by:
            return False
        ref, _end = self.take_organization(text, by.end(), line=line)
        self.set_actor(responsible, text[by.end() :], ref)
        return responsible.kind != "none"

    def obliged(self, responsible: Responsible, text: str, line: int) -> bool:
        """ "X موظف است": the longest actor that ends right before "موظف", a known organization first."""
        obliged = _OBLIGED.search(text)
        if not obliged:
            return False
        before = text[: obliged.start()].rstrip()
        tokens = list(re.finditer(r"[\w\u200c]+", before))
        unknown: OrganizationRef | None = None
        for size in range(min(8, len(tokens)), 0, -1):
            start = tokens[-size].start()
            if self.set_actor(responsible, text[start:], None):
                return True
            ref, end = self.take_organization(before, start, line=line)
            if ref is not None and end == len(before):
                if ref.is_known:
                    responsible.kind, responsible.organization, responsible.text = (
                        "organization",
                        ref,
                        ref.text,
                    )
                    return True
                unknown = unknown or ref
        subject = before[tokens[0].start() :] if tokens else ""
        if unknown is None and len(tokens) <= 5 and subject and not re.search(r"[،,؛.:()]", subject):
            # "سازمان برنامه و بودجه کشور موظف است", "دانشکده‌ها موظفند": the whole subject, unknown.
            unknown = self.unknown(subject, member=False, line=line)
        if unknown is not None:
            responsible.kind, responsible.organization, responsible.text = (
                "organization",
                unknown,
                unknown.text,
            )
            return True
        return False

    def subject_of_sentence(self, responsible: Responsible, text: str, line: int) -> None:
        """Nobody named with a responsibility phrase: the subject of the sentence, if it is an actor."""
        ref, _end = self.take_organization(text, 0, line=line)
        secretary = _SECRETARY.search(text)
        secretariat = _SECRETARIAT.search(text)
        if ref is not None and ref.is_known:
            responsible.kind, responsible.organization, responsible.text = "organization", ref, ref.text
        elif secretary:
            responsible.kind, responsible.text = "secretary", secretary.group()
        elif secretariat and not self.announces_next_session(text):
            responsible.kind, responsible.text = "secretariat", secretariat.group()
        else:
            return
        responsible.guesses.append(_("Read from the subject of the sentence."))

    def collaborators_anywhere(self, resolution: Resolution, text: str, line: int) -> None:
        collaboration = _COLLABORATION.search(text)
        if collaboration and not resolution.collaborators:
            resolution.collaborators, _end = self.take_list(text, collaboration.end(), line=line)

    def set_actor(
        self, responsible: Responsible, text: str, ref: OrganizationRef | None, *, whole: bool = False
    ) -> bool:
        """The secretariat, the secretary, a committee or an organization named at the start of ``text``."""
        stripped = text.strip()
        pattern = (
            (lambda p: re.fullmatch(p + r"(?:\s+[\w\u200c]+){0,4}", stripped))
            if whole
            else (lambda p: re.match(p, stripped))
        )
        if pattern(_SECRETARIAT.pattern):
            responsible.kind, responsible.text = "secretariat", _SECRETARIAT.match(stripped).group()
            return True
        if pattern(_SECRETARY.pattern):
            responsible.kind, responsible.text = "secretary", _SECRETARY.match(stripped).group()
            return True
        committee = re.match(
            r"(?P<name>(?:کمیته|کمیسیون)\s+[^،,:()؛.]{2,60}?)(?=\s+(?:موظف|مکلف|نسبت|در|اقدام|با|که|ظرف|تا|حداکثر))",
            stripped,
        )
        if committee and not (ref and ref.is_known):
            name = committee.group("name").strip()
            known = next((c.name for c in self.result.committees if words(c.name) == words(name)), name)
            responsible.kind, responsible.committee, responsible.text = "committee", known, name
            return True
        if ref is not None and not whole:
            responsible.kind, responsible.organization, responsible.text = "organization", ref, ref.text
            return True
        return False

    def announces_next_session(self, text: str) -> bool:
        mentions_next = _NEXT_SESSION.search(text) or (
            self.result.session_number and ordinal_pattern(self.result.session_number + 1).search(text)
        )
        return bool(
            mentions_next
            and _HELD.search(text)
            and (
                _HOST.search(text)
                or find_date(text, reference=None)
                or re.search(r"در\s+(?:شهر|محل)\s", text)
            )
        )

    def next_session_from(self, text: str, line: int, resolution: Resolution | None) -> None:
        if self.result.next_session is not None:
            return
        next_session = NextSession(line=line, resolution_number=resolution.number if resolution else None)
        host = _HOST.search(text)
        if host:
            earlier = None
            for match in re.finditer(r"(?<!\w)سازمان\s", text[: host.start()]):
                ref, _end = self.take_organization(text[: host.start()], match.start(), line=line)
                if ref is not None:
                    earlier = ref
            next_session.host, _end = self.take_organization(
                text, host.end(), member=True, line=line, last=earlier
            )
            if next_session.host and _ANAPHORA.match(next_session.host.text):
                next_session.guesses.append(
                    _("“%(words)s” was read as %(name)s, named earlier in the sentence.")
                    % {"words": next_session.host.text, "name": next_session.host.name}
                )
        else:
            place = re.search(r"در\s+(?:شهر\s+)?(?P<city>[\w\u200c]+)\s", text)
            if place and self.index.is_city(place.group("city")):
                next_session.host = self.index.match(place.group("city"))
                next_session.city = place.group("city")
                if next_session.host:
                    next_session.guesses.append(
                        _("The host was taken to be the organization of the city named.")
                    )
        if next_session.host and not next_session.city:
            next_session.city = self.city_of(next_session.host)
        next_session.date_text = text  # resolved in finish()
        self.result.next_session = next_session
        if resolution is not None and next_session.host and resolution.responsible.kind == "none":
            resolution.responsible = Responsible(
                kind="organization",
                organization=next_session.host,
                text=next_session.host.text,
                guesses=[_("The host of the next session was taken as responsible.")],
            )

    def deliverable(self, text: str, resolution: Resolution) -> str:
        """What is to be delivered: the closing clause when it sends, presents or announces something."""
        clauses = [c.strip() for c in re.split(r"\s+و\s+(?![^()]*\))", text.strip().rstrip(" .؛").strip())]
        if not clauses or not _DELIVERY.search(clauses[-1]):
            return ""
        chosen = [clauses[-1]]
        if len(clauses) > 1 and _PRODUCTION.search(clauses[-2]):
            chosen.insert(0, clauses[-2])
        deliverable = " و ".join(chosen)
        deliverable = re.sub(r"^(?:همچنین|سپس|نیز)\s+", "", deliverable)
        if resolution.deadline and deliverable.startswith(resolution.deadline.text):
            deliverable = deliverable[len(resolution.deadline.text) :].strip(" ،,")
        if deliverable:
            resolution.guesses.append(_("The deliverable was read from the closing clause."))
        return deliverable

    # -- after reading everything -----------------------------------------------------------------

    def finish(self) -> None:
        result = self.result
        result.shape = self.shape()
        if result.weekday and result.dates:
            check_weekday(result.dates[0], result.weekday)
        if self.given_reference:
            result.reference_date, result.reference_date_source = (
                from_gregorian(self.given_reference),
                "given",
            )
        else:
            result.reference_date, result.reference_date_source = choose_reference_date(result)
        resolve_deadlines(result)
        self.finish_next_session()
        if not result.city and result.host:
            result.city = self.city_of(result.host)
            if result.city:
                result.guesses.append(_("The city was taken from the host organization."))
        self.finish_notes()
        referenced = {ref.key for ref in result.organization_refs() if not ref.is_known and ref.key}
        result.unknown_organizations = [p for key, p in self.proposals.items() if key in referenced]
        result.unknown_organizations.sort(key=lambda p: (min(p.lines, default=0), p.text))

    def shape(self) -> str:
        """Which layout the session was read from (a key of ``structure.SHAPES``)."""
        if self.enacting and (
            self.letter or not (self.session_fields or self.heading_read or self.intro_read)
        ):
            return "decision_letter"
        if self.session_fields >= 2:
            return "header_form"
        if self.heading_read:
            return "heading"
        if self.intro_read:
            return "prose"
        return "header_form" if self.session_fields else "unknown"

    def finish_next_session(self) -> None:
        result = self.result
        if result.next_session is None:
            return
        next_session = result.next_session
        if result.session_number:
            next_session.number = result.session_number + 1
        reference = result.session_date or (result.reference_date.date if result.reference_date else None)
        date = find_date(next_session.date_text, reference=reference)
        next_session.date_text = date.text if date else ""
        next_session.date = date

    def finish_notes(self) -> None:
        result = self.result
        if result.session_number is None:
            result.notes.append(_("No session number was found; enter it before saving."))
        if not result.dates and result.reference_date is None:
            result.notes.append(_("No date of the session was found; deadlines could not be dated."))
        elif not result.dates:
            result.notes.append(
                _("No date of the session was found; deadlines were counted from %(source)s.")
                % {"source": result.reference_date_source_label}
            )
        if not result.resolutions:
            result.notes.append(_("No resolutions were found in this text."))
