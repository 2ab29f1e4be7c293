"""How a resolution's deadline is written out: one wording for the minutes, the PDF, the tracker's
export and the calendar."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from secretariat.persian import display_text, format_jalali, join_list


def deadline_words(
    date: datetime.date | None,
    *,
    wording: str = "",
    next_session: bool = False,
    next_session_when: str = "",
) -> str:
    """ "۳۱ شهریور ۱۳۹۱، تا نشست بعد («حداکثر تا پایان شهریور ماه سال جاری»)".

    ``next_session_when`` is the next session's date in words, shown when the deadline is that
    session and has no date of its own. Empty when there is no deadline at all.
    """
    parts = []
    if date:
        parts.append(format_jalali(date))
    if next_session:
        by_next = _("by the next session")
        if not date and next_session_when:
            by_next = f"{by_next} ({next_session_when})"
        parts.append(by_next)
    text = join_list(parts)
    if wording:
        quoted = f"«{display_text(wording).strip()}»"
        text = f"{text} ({quoted})" if text else quoted
    return text
