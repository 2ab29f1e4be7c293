"""The session in the prose of the minutes: its opening sentence (number, date, host, city),
its start and end times, the opening programme and the proceedings line."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from meetings.importing.deadlines import find_session_dates
from meetings.importing.layouts import clock_value
from meetings.importing.numbers import find_session_number
from meetings.importing.patterns import (
    APPROVED,
    CITY,
    END_WORDS,
    HELD,
    HOST,
    NEXT_SESSION,
    OPENING,
    PROCEEDINGS,
    SESSION_WORD,
    SITTINGS,
    START_WORDS,
    TIME,
    VERB_ANYWHERE,
)
from meetings.importing.state import ParserState
from meetings.importing.structure import (
    OrganizationRef,
)
from secretariat.persian import to_ascii_digits


class SessionReading(ParserState):
    """A mixin of the parser (``parser.Parser``): it reads into ``self.result`` and shares the
    parser's state (``self.section``, ``self.items``…)."""

    # -- the session -----------------------------------------------------------------------------

    def session_intro(self, text: str) -> bool:
        """ "دوازدهمین نشست ... در تاریخ ... برگزار شد": only before the items, never the next session's."""
        if self.result.session_number is not None and self.result.dates:
            return False
        if self.items or NEXT_SESSION.search(text):
            return False
        if not (re.search(SESSION_WORD, text) and HELD.search(text)):
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
        host = HOST.search(text)
        if host and not self.result.host:
            self.result.host, _end = self.take_organization(text, host.end())
            if self.result.host is None:
                self.result.guesses.append(_("The host named after “به میزبانی” was not recognized."))
        city = CITY.search(text)
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
        if not re.search(r"ساعت", text) or not re.search(SESSION_WORD, text):
            return False
        found = self.read_times(text)
        opening = OPENING.search(text)
        if opening and not self.result.opening_programme:
            self.result.opening_programme = opening.group("programme").strip()
            found = True
        return found

    def read_times(self, text: str, default: str = "") -> bool:
        ascii_text = to_ascii_digits(text)
        matches = list(TIME.finditer(ascii_text))
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
                or (END_WORDS.search(after) and not START_WORDS.search(after))
            ):
                kind = "end"
            elif "شروع" in key or START_WORDS.search(after) or default == "start" or position == 0:
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
        introduces = PROCEEDINGS.search(text) or (
            re.search(r"[:：]\s*$", text) and re.search(SESSION_WORD, text) and not self.items
        )
        approves = APPROVED.search(text) or VERB_ANYWHERE.search(text)
        if not (introduces and approves) or self.result.proceedings:
            return False
        self.result.proceedings = text.rstrip(" :：").strip()
        parts = [code for word, code in SITTINGS.items() if re.search(rf"(?<!\w){word}(?!\w)", text)]
        if parts and "نوبت" in text:
            self.result.sittings = list(dict.fromkeys(parts))
        if text.rstrip().endswith((":", "：")) or re.search(r"به\s+شرح\s+(?:ذیل|زیر)", text):
            self.section = "resolutions"
        return True
