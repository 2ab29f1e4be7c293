"""Words as the archive's search compares them, whatever the spelling.

ی/ي and ک/ك, أ/إ/ا, ۀ/ه, vowel marks, Persian, Arabic and Latin digits are made one; a ZWNJ, a space
or nothing between a word and its suffix are made one: "سازمان‌ها", "سازمان ها" and "سازمانها"
all give the words "سازمان" and "سازمانها"; the ezafe «ه‌ی» / «ۀ» is the word alone
("خانه‌ی" = "خانۀ" = "خانه").
"""

from __future__ import annotations

import itertools
import re

from secretariat.persian import ZWNJ, search_key

# Suffixes written joined, apart or after a ZWNJ: joined to the word before them in the index.
SUFFIXES = ("ها", "های", "هایی", "هایش", "هایشان", "ای", "ام", "اش", "تر", "ترین", "ی")
_WORD = re.compile(r"[\w]+", re.UNICODE)


def words_of(text: str | None) -> list[str]:
    """The normalized words of ``text``, in order (the ezafe «ی» after «ه» dropped)."""
    key = search_key((text or "").replace(ZWNJ, " "))
    found: list[str] = []
    for word in _WORD.findall(key):
        if word == "ی" and found and found[-1].endswith("ه"):
            continue  # «خانه‌ی» is «خانه»
        found.append(word)
    return found


def index_key(text: str | None) -> str:
    """What the index holds for ``text``: its words, and each word joined to a suffix after it."""
    words = words_of(text)
    joined = [f"{word}{suffix}" for word, suffix in itertools.pairwise(words) if suffix in SUFFIXES]
    return " ".join([*words, *joined])


def query_words(query: str | None) -> list[str]:
    """The words a query asks for: a suffix written apart is joined to its word, as the index has it."""
    words = words_of(query)
    merged: list[str] = []
    for word in words:
        if word in SUFFIXES and merged:
            merged[-1] = f"{merged[-1]}{word}"
        else:
            merged.append(word)
    return merged


def group_token(group_id: int) -> str:
    """The word every entry of a group holds in its key (``archive.index``), so that the
    full-text search itself keeps to the reader's groups."""
    return f"zzgroup{group_id}"
