"""Reading the structure of Persian minutes as people actually write them.

``parse_minutes(text, organizations=...)`` returns a ``MinutesImport``. The text is read paragraph
by paragraph: headings, the session's opening sentence or header fields, the opening programme,
speeches, the proceedings line, numbered resolutions (or agenda items under an agenda heading),
the next session, the closing time. A paragraph that fits none of these is listed in
``not_understood`` with the reason; nothing is dropped silently.

The reading of each part lives in its own module, a mixin of ``Parser`` over one module of
wording (``patterns``): ``session_reading``, ``speech_reading``, ``organization_reading``,
``resolution_reading`` and ``layouts`` (header forms, headings, decision letters). This module
splits the text into paragraphs, offers each to the readers in turn and finishes the result.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.importing.dates import check_weekday, from_gregorian
from meetings.importing.deadlines import find_date
from meetings.importing.header import is_letter_head, read_fields
from meetings.importing.layouts import LayoutReading, is_enacting_clause
from meetings.importing.organization_reading import OrganizationReading
from meetings.importing.organizations import OrganizationIndex
from meetings.importing.paragraphs import Item, Paragraph
from meetings.importing.patterns import (
    BULLET,
    HEADINGS,
    HELD,
    HONORIFIC_RE,
    LETTERED,
    NEXT_SESSION,
    NOTE,
    NUMBERED,
    TITLE_RE,
    VERB_ANYWHERE,
    VERB_AT_START,
)
from meetings.importing.reference import choose_reference_date, resolve_deadlines
from meetings.importing.resolution_reading import ResolutionReading
from meetings.importing.session_reading import SessionReading
from meetings.importing.speech_reading import SpeechReading
from meetings.importing.structure import (
    MinutesImport,
    NotUnderstood,
    ProposedOrganization,
)
from meetings.importing.text import clean_text
from secretariat.persian import to_ascii_digits


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
    honorific = HONORIFIC_RE.match(rest)
    if honorific:
        parts.honorific = "ms" if "خانم" in honorific.group("honorific") else "mr"
        rest = rest[honorific.end() :].strip()
    while title := TITLE_RE.match(rest):
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
    parser = Parser(clean_text(text), organizations or OrganizationIndex([]), reference_date)
    return parser.parse()


class Parser(LayoutReading, SessionReading, SpeechReading, OrganizationReading, ResolutionReading):
    """Reads a minutes text paragraph by paragraph, offering each to the readers in turn."""

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
                NUMBERED.match(line)
                or LETTERED.match(line)
                or BULLET.match(line)
                or HONORIFIC_RE.match(line)
                or NOTE.match(line)
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
        if item.sub is None and self.section in (None, "discussion") and not VERB_ANYWHERE.search(item.body):
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
                item.section == "resolutions" or item.style == "verb" or VERB_ANYWHERE.search(item.text())
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
        if not (NOTE.match(paragraph.text) and self.items and self.items[-1].style != "next"):
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
        if NEXT_SESSION.search(text) and HELD.search(text) and not VERB_AT_START.match(text):
            self.items.append(Item(paragraph.line, "", None, None, "next", text, "next"))
            return "next_session"
        return None

    def read_verb_paragraph(self, paragraph: Paragraph) -> str | None:
        if VERB_AT_START.match(paragraph.text):
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
        for pattern, style in ((NUMBERED, "number"), (LETTERED, "letter"), (BULLET, "bullet")):
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
            if key in HEADINGS and len(candidate) < 60:
                return HEADINGS[key], remainder
        return None

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
