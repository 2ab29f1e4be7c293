"""Errors as JSON, each message in Persian and in English.

The site's messages are written in English and translated to Persian (``locale/fa``); an action
raises its message in the site's language. ``both_languages`` finds the English a Persian message
was translated from — by the catalog, the placeholders (``%(date)s``) matched back — so that a
program's log and a person's screen read the same error.
"""

from __future__ import annotations

import functools
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import trans_real

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


@functools.cache
def _reverse_catalog() -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    exact: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    catalog = trans_real.translation("fa")._catalog  # type: ignore[attr-defined]
    for key, translated in catalog.items():
        if not isinstance(key, str) or not translated:
            continue
        english = key.split("\x04", 1)[-1]  # without a context
        if not _PLACEHOLDER.search(translated):
            exact.setdefault(translated, english)
            continue
        parts = _PLACEHOLDER.split(translated)
        # split gives text, name, text, name…: rebuild as a pattern of named groups.
        regex = "".join(re.escape(part) if index % 2 == 0 else "(.+?)" for index, part in enumerate(parts))
        patterns.append((re.compile(f"^{regex}$", re.DOTALL), english))
    return exact, patterns


def english_of(persian: str) -> str:
    """The English a Persian message was translated from; the message itself if it was not.

    A message with values in it is matched against every translation with placeholders; the one
    whose fixed words cover most of the message wins, and only if they cover at least half of it.
    """
    exact, patterns = _reverse_catalog()
    if persian in exact:
        return exact[persian]
    best: tuple[int, str] | None = None
    for pattern, english in patterns:
        found = pattern.match(persian)
        if found is None:
            continue
        values = list(found.groups())
        fixed = len(persian) - sum(len(value) for value in values)
        if fixed * 2 < len(persian) or (best is not None and fixed <= best[0]):
            continue
        translated = trans_real.translation("fa").gettext(english)
        names = _PLACEHOLDER.findall(translated)
        try:
            if names and all(names):
                shown = english % dict(zip(names, values, strict=True))
            else:
                shown = english % tuple(values)
        except (KeyError, TypeError, ValueError):
            continue
        best = (fixed, shown)
    return best[1] if best is not None else persian


def both_languages(message) -> dict[str, str]:
    """A message (text or lazy) as ``{"fa": …, "en": …}``."""
    with translation.override("fa"):
        persian = str(message)
    with translation.override("en"):
        english = str(message)
    if english == persian:
        english = english_of(persian)
    return {"fa": persian, "en": english}


def error_body(code: str, message, fields: dict[str, list] | None = None) -> dict:
    return {
        "code": code,
        "message": both_languages(message),
        "fields": {name: [both_languages(text) for text in texts] for name, texts in (fields or {}).items()},
    }


def validation_error_body(error: ValidationError, general) -> dict:
    """A Django ``ValidationError``: its messages by field (``__all__`` for the whole)."""
    if hasattr(error, "error_dict"):
        fields = {name: [m for e in errors for m in e.messages] for name, errors in error.error_dict.items()}
        return error_body("invalid", general, fields)
    return error_body("invalid", error.messages[0] if error.messages else general)
