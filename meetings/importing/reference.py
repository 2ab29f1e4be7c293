"""The reference date that relative deadlines are counted from, and re-counting them from another.

Minutes count "ظرف دو هفته" from the session; a council's decision letter takes effect when it is
notified, so its deadlines count from the letter's date. Staff may choose another date on the
review page: ``with_reference_date`` re-resolves every deadline from it without reading the text
again.
"""

from __future__ import annotations

import copy
import datetime

from meetings.importing.dates import from_gregorian
from meetings.importing.deadlines import find_deadline
from meetings.importing.structure import JalaliDate, MinutesImport


def choose_reference_date(minutes: MinutesImport) -> tuple[JalaliDate | None, str]:
    """The date relative deadlines count from, and its source (a key of ``REFERENCE_SOURCES``).

    A decision letter: the letter's date. Other minutes: the session's last day, the one the
    heading, header form or opening sentence names. The letter's date when that is all there is.
    """
    if minutes.shape == "decision_letter" and minutes.letter_date:
        return copy.deepcopy(minutes.letter_date), "letter_date"
    if minutes.dates:
        return copy.deepcopy(max(minutes.dates, key=lambda day: day.date)), "session_date"
    if minutes.letter_date:
        return copy.deepcopy(minutes.letter_date), "letter_date"
    return None, ""


def resolve_deadlines(minutes: MinutesImport) -> None:
    """Find and date the deadline of every resolution from ``minutes.reference_date`` (in place)."""
    reference = minutes.reference_date.date if minutes.reference_date else None
    notification = minutes.letter_date.date if minutes.letter_date else None
    for resolution in minutes.resolutions:
        deadline = find_deadline(
            resolution.text,
            session_date=reference,
            session_number=minutes.session_number,
            skip_next_session_subject=resolution.schedules_next_session,
            notification_date=notification,
        )
        if deadline and resolution.deliverable and resolution.deliverable.startswith(deadline.text):
            resolution.deliverable = resolution.deliverable[len(deadline.text) :].strip(" ،,")
        resolution.deadline = deadline


def with_reference_date(
    minutes: MinutesImport, reference_date: datetime.date, *, source: str = "given"
) -> MinutesImport:
    """A copy of ``minutes`` with every deadline re-resolved from ``reference_date``; ``minutes`` is unchanged.

    Deadlines "از تاریخ ابلاغ" still count from the letter's date when the text has one.
    """
    changed = copy.deepcopy(minutes)
    changed.reference_date = from_gregorian(reference_date)
    changed.reference_date_source = source
    resolve_deadlines(changed)
    return changed
