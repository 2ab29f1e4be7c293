"""What changed between two circulations of the same minutes, line by line, in the words the
minutes print: shown to everyone when minutes taken back after a change request go out again, so
that those who had signed see what they are asked to sign now."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.minutes.document import MinutesDocument, document_from_json
from meetings.models import Attendance
from meetings.templatetags.minutes import deadline_words
from secretariat.persian import display_text, format_jalali, format_jalali_days, join_list, localize_digits


@dataclass(frozen=True)
class ChangedLine:
    change: str  # "removed" or "added"
    text: str

    @property
    def removed(self) -> bool:
        return self.change == "removed"


def document_lines(doc: MinutesDocument) -> list[str]:
    """The minutes as lines of plain text: each fact, speech, agenda item and resolution on its own."""
    lines = [
        _("Date") + f": {format_jalali_days(doc.days)}",
        _("Host") + f": {display_text(doc.host)}",
        _("City") + f": {display_text(doc.city)}",
        _("Venue") + f": {display_text(doc.venue)}",
        _("Chair") + f": {display_text(doc.chair)}",
        _("Minutes date") + f": {format_jalali(doc.minutes_date)}",
        display_text(doc.opening_programme),
        display_text(doc.proceedings),
    ]
    lines += [
        f"{display_text(s.speaker)} ({display_text(s.position)}): {display_text(s.summary)}"
        for s in doc.speeches
    ]
    lines += [
        f"{localize_digits(a.number)}. {display_text(a.title)} {display_text(a.outcome)}" for a in doc.agenda
    ]
    for entry in doc.resolutions:
        # Every line of a resolution names it: "who is responsible" alone says not for which.
        of = _("Resolution %(number)s") % {"number": localize_digits(entry.shown_number)}
        lines.append(f"{of}) {display_text(entry.verb)} {display_text(entry.text)}")
        if entry.responsible:
            lines.append(f"{of} — " + _("Responsible") + f": {display_text(entry.responsible)}")
        if entry.collaborators:
            lines.append(
                f"{of} — "
                + _("In collaboration with")
                + f": {join_list(display_text(c) for c in entry.collaborators)}"
            )
        if entry.deadline.is_set:
            lines.append(f"{of} — " + _("Deadline") + f": {deadline_words(entry.deadline, doc.next_session)}")
        if entry.deliverable:
            lines.append(f"{of} — " + _("Deliverable") + f": {display_text(entry.deliverable)}")
        if entry.vote_words:
            lines.append(f"{of} — " + _("Approved") + f": {entry.vote_words}")
    for attendee in doc.attendees:
        kind = Attendance.Kind(attendee.kind).label
        who = attendee.name or attendee.organization
        lines.append(f"{kind}: {display_text(who)} {display_text(attendee.position)}")
    if doc.quorum:
        lines.append(doc.quorum.statement)
    return [" ".join(line.split()) for line in lines if line.strip(" :")]


def differences(before: dict, after: dict) -> list[ChangedLine]:
    """The lines of the minutes ``before`` (as circulated then) that ``after`` removed or added."""
    old, new = document_lines(document_from_json(before)), document_lines(document_from_json(after))
    changed = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed += [ChangedLine("removed", line) for line in old[i1:i2]]
        if tag in ("replace", "insert"):
            changed += [ChangedLine("added", line) for line in new[j1:j2]]
    return changed
