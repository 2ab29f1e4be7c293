"""The units the importer's readers share: a paragraph of the text, and an item (a numbered,
lettered or bulleted paragraph and what follows it) before it is read as a resolution or agenda item."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One paragraph of the text, with the line it starts on."""

    line: int
    text: str
    more_lines: list[int] = field(default_factory=list)  # hard-wrapped lines joined to this one


@dataclass
class Item:
    """A numbered, lettered or bulleted paragraph before it is read as a resolution or agenda item."""

    line: int
    label: str
    number: int | None
    sub: int | None
    style: str  # "number", "letter", "bullet", "verb"
    body: str  # the first paragraph; ``text()`` is the whole item
    section: str | None
    # Later paragraphs, each with the separator before it. Kept apart and joined once, at the end:
    # adding to one growing string paragraph by paragraph is quadratic on a long text.
    more: list[str] = field(default_factory=list)

    def text(self) -> str:
        return self.body + "".join(self.more)

    def ended(self) -> bool:
        """Whether its last sentence is finished ("." "؟" "!"): a following paragraph is not part of it."""
        return bool(re.search(r"[.؟!]\s*$", self.more[-1] if self.more else self.body))
