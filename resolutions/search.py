"""Spelling-insensitive text search that works the same on SQLite and PostgreSQL.

Persian text is typed in many ways: Arabic ي/ك or Persian ی/ک, Persian, Arabic or ASCII
digits, a zero-width non-joiner, a space or nothing between the parts of a word
("سازمان‌ها", "سازمان ها", "سازمانها"). Both the stored text and the query are brought to one
*compact key* by the same one-character table: in Python for the query, in the database for the
text, so no extra column has to be kept in step with the text. Removing every space and ZWNJ
keeps phrase search: "کمیته حقوقی" still needs those words in that order, whatever separates them.

In the database the key is ``CompactKey``: PostgreSQL's ``TRANSLATE(LOWER(text), …)``; SQLite has
no ``TRANSLATE`` and its parser refuses the sixty nested ``REPLACE`` calls the table would need,
so there the same Python function is registered on each new connection (see ``apps.py``).
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Func, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Concat, Lower, Replace

from secretariat.persian import (
    ARABIC_DIACRITICS,
    ARABIC_DIGITS,
    ASCII_DIGITS,
    PERSIAN_DIGITS,
    SPELLING_VARIANTS,
    ZWNJ,
)

# What is written → what it becomes, one character each; "" removes the character.
REPLACEMENTS: dict[str, str] = {
    **SPELLING_VARIANTS,
    **dict(zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True)),
    **dict(zip(ARABIC_DIGITS, ASCII_DIGITS, strict=True)),
    "ـ": "",  # tatweel, the stretching stroke
    **dict.fromkeys(ARABIC_DIACRITICS, ""),
    ZWNJ: "",
    "\u200f": "",  # right-to-left mark
    "\u200e": "",  # left-to-right mark
    " ": "",
    "\u00a0": "",  # no-break space
    "\n": "",
    "\r": "",
    "\t": "",
}
_TABLE = str.maketrans({written: replacement or None for written, replacement in REPLACEMENTS.items()})
# For TRANSLATE(text, from, to): mapped characters first, then those removed (they have no "to").
_MAPPED = {written: replacement for written, replacement in REPLACEMENTS.items() if replacement}
TRANSLATE_FROM = "".join(_MAPPED) + "".join(w for w, r in REPLACEMENTS.items() if not r)
TRANSLATE_TO = "".join(_MAPPED.values())
SQLITE_FUNCTION = "secretariat_compact_key"

_QuerySetT = TypeVar("_QuerySetT", bound=models.QuerySet)


def compact_key(text: str | None) -> str:
    """The query side: "سازمان‌های ميادين ۱۲" → "سازمانهایمیادین12"."""
    return (text or "").lower().translate(_TABLE)


class CompactKey(Func):
    """``compact_key`` computed by the database."""

    output_field = models.TextField()

    def __init__(self, expression: Combinable | str, **extra) -> None:
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        """Any other database: the table as nested ``REPLACE`` calls over ``LOWER``."""
        text = models.TextField()
        result: Combinable = Lower(self.get_source_expressions()[0], output_field=text)
        for written, replacement in REPLACEMENTS.items():
            result = Replace(
                result,
                Value(written, output_field=text),
                Value(replacement, output_field=text),
                output_field=text,
            )
        return compiler.compile(result)

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(
            compiler,
            connection,
            function="LOWER",
            template="TRANSLATE(%(function)s(%(expressions)s), %%s, %%s)",
        )
        return sql, (*params, TRANSLATE_FROM, TRANSLATE_TO)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the ``compact_key`` function (``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, compact_key, deterministic=True)


def matching(queryset: _QuerySetT, query: str, fields: list[str]) -> _QuerySetT:
    """Rows of ``queryset`` whose ``fields``, taken together, contain ``query`` in any spelling."""
    key = compact_key(query)
    if not key:
        return queryset
    parts: list[Combinable] = []
    for field in fields:
        if parts:
            parts.append(Value("|"))  # a match never spans two fields
        parts.append(Coalesce(field, Value(""), output_field=models.TextField()))
    haystack = Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]
    return queryset.alias(_search_key=CompactKey(haystack)).filter(_search_key__contains=key)
