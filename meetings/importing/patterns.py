"""The pattern fragments every reader of the importer shares, defined once.

Persian is typed with a space or a zero-width non-joiner between the parts of a word
(«سازمان‌ها», «سازمان ها», «سازمانها»): ``SPACE`` requires one of them, ``SPACE0`` allows none.
"""

from __future__ import annotations

import re

SPACE = r"[\s\u200c]+"  # a space, or a zero-width non-joiner where people write one
SPACE0 = r"[\s\u200c]*"
WORD = r"[\w\u200c]+"  # a word, with its zero-width non-joiners

# What minutes call a session.
SESSION_WORD = r"(?:نشست|جلسه|اجلاسیه|اجلاس|گردهمایی|همایش)"


def squeeze(text: str) -> str:
    """``text`` with its spaces and zero-width non-joiners taken out, to compare spellings."""
    return re.sub(SPACE, "", text)
