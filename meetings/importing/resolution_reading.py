"""Resolutions from the items read: their numbers, who is responsible (an organization, a
committee formed or named, the secretariat), collaborators, deadlines, what is delivered, and the
next session they announce."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from meetings.importing.deadlines import find_date, find_deadline
from meetings.importing.numbers import ordinal_pattern
from meetings.importing.organizations import words
from meetings.importing.paragraphs import Item
from meetings.importing.patterns import (
    ANAPHORA,
    BY,
    COLLABORATION,
    COMMITTEE,
    DELIVERY,
    HELD,
    HOST,
    NEXT_SESSION,
    OBLIGED,
    PRODUCTION,
    RESPONSIBLE_PHRASE,
    SECRETARIAT,
    SECRETARY,
    VERB_ANYWHERE,
    VERB_AT_START,
)
from meetings.importing.state import ParserState
from meetings.importing.structure import (
    AgendaItem,
    Committee,
    NextSession,
    OrganizationRef,
    Resolution,
    Responsible,
)


class ResolutionReading(ParserState):
    """A mixin of the parser (``parser.Parser``): it reads into ``self.result`` and shares the
    parser's state (``self.section``, ``self.items``…)."""

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
                number, guesses = self.resolution_number(item, numbers_used)
                self.result.resolutions.append(self.resolution(item, number, body))
                self.result.resolutions[-1].guesses[:0] = guesses
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
        verb = VERB_AT_START.match(body)
        if verb:
            resolution.verb = re.sub(r"[\s\u200c]+", " ", verb.group("verb"))
            text = body[verb.end() :].strip()
        else:
            anywhere = list(VERB_ANYWHERE.finditer(body))
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
        committee = COMMITTEE.search(text)
        phrase = RESPONSIBLE_PHRASE.search(text, committee.end() if committee else 0)
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
        collaboration = COLLABORATION.search(text, end)
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
        collaboration = COLLABORATION.search(text, end)
        if collaboration and collaboration.start() - end <= 3:
            resolution.collaborators, _end = self.take_list(text, collaboration.end(), line=line)

    def done_by(self, responsible: Responsible, text: str, line: int) -> bool:
        """ "توسط X": X, when it is an actor."""
        by = BY.search(text)
        if not by:
            return False
        ref, _end = self.take_organization(text, by.end(), line=line)
        self.set_actor(responsible, text[by.end() :], ref)
        return responsible.kind != "none"

    def obliged(self, responsible: Responsible, text: str, line: int) -> bool:
        """ "X موظف است": the longest actor that ends right before "موظف", a known organization first."""
        obliged = OBLIGED.search(text)
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
        secretary = SECRETARY.search(text)
        secretariat = SECRETARIAT.search(text)
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
        collaboration = COLLABORATION.search(text)
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
        # Where ``pattern`` matches, the phrase alone matches at the start too: that is what is kept.
        secretariat = SECRETARIAT.match(stripped)
        if secretariat and pattern(SECRETARIAT.pattern):
            responsible.kind, responsible.text = "secretariat", secretariat.group()
            return True
        secretary = SECRETARY.match(stripped)
        if secretary and pattern(SECRETARY.pattern):
            responsible.kind, responsible.text = "secretary", secretary.group()
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
        mentions_next = NEXT_SESSION.search(text) or (
            self.result.session_number and ordinal_pattern(self.result.session_number + 1).search(text)
        )
        return bool(
            mentions_next
            and HELD.search(text)
            and (
                HOST.search(text) or find_date(text, reference=None) or re.search(r"در\s+(?:شهر|محل)\s", text)
            )
        )

    def next_session_from(self, text: str, line: int, resolution: Resolution | None) -> None:
        if self.result.next_session is not None:
            return
        next_session = NextSession(line=line, resolution_number=resolution.number if resolution else None)
        host = HOST.search(text)
        if host:
            earlier = None
            for match in re.finditer(r"(?<!\w)سازمان\s", text[: host.start()]):
                ref, _end = self.take_organization(text[: host.start()], match.start(), line=line)
                if ref is not None:
                    earlier = ref
            next_session.host, _end = self.take_organization(
                text, host.end(), member=True, line=line, last=earlier
            )
            if next_session.host and ANAPHORA.match(next_session.host.text):
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
        if not clauses or not DELIVERY.search(clauses[-1]):
            return ""
        chosen = [clauses[-1]]
        if len(clauses) > 1 and PRODUCTION.search(clauses[-2]):
            chosen.insert(0, clauses[-2])
        deliverable = " و ".join(chosen)
        deliverable = re.sub(r"^(?:همچنین|سپس|نیز)\s+", "", deliverable)
        if resolution.deadline and deliverable.startswith(resolution.deadline.text):
            deliverable = deliverable[len(resolution.deadline.text) :].strip(" ،,")
        if deliverable:
            resolution.guesses.append(_("The deliverable was read from the closing clause."))
        return deliverable
