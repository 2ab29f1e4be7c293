"""Template tags of the minutes document."""

from django import template

from meetings.minutes import DeadlineEntry, NextSessionEntry
from resolutions.display import deadline_words as words
from secretariat.persian import format_jalali

register = template.Library()


@register.simple_tag
def deadline_words(deadline: DeadlineEntry, next_session: NextSessionEntry | None) -> str:
    """A resolution's deadline in the minutes' words (see ``resolutions.display.deadline_words``)."""
    when = ""
    if next_session is not None:
        when = format_jalali(next_session.first_date) or next_session.date_note
    return words(
        deadline.date, wording=deadline.wording, next_session=deadline.next_session, next_session_when=when
    )
