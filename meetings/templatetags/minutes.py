"""Template tags of the minutes document."""

from django import template

from meetings.minutes.document import DeadlineEntry, NextSessionEntry
from resolutions.display import deadline_words as words
from secretariat.persian import format_jalali, to_ascii_digits

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


@register.filter
def in_posted_order(formset) -> list:
    """The rows of an editor formset in the order the person left them (their ``order`` field):
    a form sent back with errors keeps the rows where they were dragged, not where they began."""

    def position(indexed):
        index, form = indexed
        value = form["order"].value() if "order" in form.fields else None
        try:
            return (int(to_ascii_digits(value)), index)
        except (TypeError, ValueError):
            return (index + 1, index)

    return [form for _index, form in sorted(enumerate(formset.forms), key=position)]
