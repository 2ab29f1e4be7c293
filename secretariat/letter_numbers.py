"""Letter numbers as the secretariat's correspondence register gives them.

Iranian organizations number their letters from their own register (دفتر اندیکاتور): a prefix,
the Jalali year and a running number, such as «د/۱۴۰۵/۱۲۷». A working group sets the pattern of
its letters' numbers with these placeholders (Persian or English names):

- ``{سال}`` / ``{year}``: the Jalali year of issue;
- ``{ردیف}`` / ``{register}``: the running number of the group's letters in that year;
- ``{نشست}`` / ``{session}``: the session's number;
- ``{نوبت}`` / ``{issue}``: which issue of the session's invitation it is.

A number is stored with ASCII digits and read with Persian digits, as every number here.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from secretariat.persian import join_list

DEFAULT_PATTERN = "{نشست}/{نوبت}"
PLACEHOLDERS = {
    "سال": "year",
    "year": "year",
    "ردیف": "register",
    "register": "register",
    "نشست": "session",
    "session": "session",
    "نوبت": "issue",
    "issue": "issue",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_LENGTH = 60


def validate_pattern(pattern: str) -> None:
    """A pattern names only known placeholders, and one that tells two letters apart."""
    names = _PLACEHOLDER.findall(pattern)
    unknown = [name for name in names if name.strip() not in PLACEHOLDERS]
    if unknown:
        raise ValidationError(
            _("Unknown placeholder {%(name)s}; use %(known)s.")
            % {"name": unknown[0], "known": join_list(["{سال}", "{ردیف}", "{نشست}", "{نوبت}"])},
            code="unknown_placeholder",
        )
    used = {PLACEHOLDERS[name.strip()] for name in names}
    if "register" not in used and not {"session", "issue"} <= used:
        raise ValidationError(
            _(
                "Put {ردیف} (the register's running number) in the pattern, or both {نشست} and {نوبت}, so that no two letters share a number."
            ),
            code="ambiguous_pattern",
        )


def format_letter_number(pattern: str, *, year: int, register: int, session: int, issue: int) -> str:
    values = {"year": year, "register": register, "session": session, "issue": issue}
    return _PLACEHOLDER.sub(lambda match: str(values[PLACEHOLDERS[match.group(1).strip()]]), pattern)
