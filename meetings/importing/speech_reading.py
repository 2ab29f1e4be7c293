"""Speeches: "جناب آقای ... مدیر عامل ... عنوان کردند ...", each with the speaker's name,
titles, position and organization, and what they said."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from meetings.importing.organizations import BODY_WORDS, words
from meetings.importing.paragraphs import Paragraph
from meetings.importing.patterns import (
    CONNECTOR,
    HONORIFIC_RE,
    LEADING_SAID,
    POSITION_HEAD_RE,
    SPACE0,
    SPEECH_MARKER,
    TITLE_RE,
)
from meetings.importing.state import ParserState
from meetings.importing.structure import (
    Speech,
)


class SpeechReading(ParserState):
    """A mixin of the parser (``parser.Parser``): it reads into ``self.result`` and shares the
    parser's state (``self.section``, ``self.items``…)."""

    # -- speeches --------------------------------------------------------------------------------

    def speeches(self, paragraph: Paragraph) -> bool:
        text = paragraph.text
        first_word = len(text) - len(text.lstrip())
        markers = [m.start() for m in SPEECH_MARKER.finditer(text)]
        starts: list[tuple[int, int, re.Match]] = []  # (cut before, speaker start, honorific match)
        for match in HONORIFIC_RE.finditer(text):
            if not markers or markers[-1] < match.end():
                break  # nobody after this point says anything
            window_start = max(0, match.start() - 40)  # a connector is a word or two before
            before = text[window_start : match.start()]
            connector = CONNECTOR.search(before)
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
        elif prefix and not CONNECTOR.fullmatch(" " + prefix):
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
        marker = SPEECH_MARKER.search(rest)
        head, summary = (rest[: marker.start()], rest[marker.start() :]) if marker else (rest, "")
        comma = re.search(r"\s*[،,]\s*", head)
        position_head = POSITION_HEAD_RE.search(head)
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
        summary = LEADING_SAID.sub("", summary.strip(), count=1)
        speech.summary = summary.lstrip(": ").strip()
        if not speech.summary:
            speech.guesses.append(_("Nothing of what was said was recognized."))
        if speech.position:
            if self.index.names_group(speech.position):
                speech.is_group_secretary = bool(re.match(r"دبیر(?!" + SPACE0 + "خانه)", speech.position))
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
        while title := TITLE_RE.match(rest):
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
