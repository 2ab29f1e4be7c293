"""The state the parser's readers share (``parser.Parser`` and its mixins).

Each reader is a mixin of ``Parser`` in its own module; they read into the same ``result`` and
share the parser's state. ``ParserState`` declares that state, with its types, and the methods one
mixin calls on another, so that each mixin can be checked on its own. It adds nothing at run time:
``Parser.__init__`` sets the attributes and the mixins define the methods.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from meetings.importing.organizations import OrganizationIndex
from meetings.importing.paragraphs import Item, Paragraph
from meetings.importing.structure import MinutesImport, OrganizationRef, ProposedOrganization


class ParserState:
    """The attributes ``Parser.__init__`` sets, and the methods the readers call on each other."""

    text: str
    index: OrganizationIndex
    given_reference: datetime.date | None  # count relative deadlines from this date, if given
    result: MinutesImport
    items: list[Item]
    section: str | None
    proposals: dict[str, ProposedOrganization]  # unknown organizations, by key
    letter: bool  # the document is a letter: plain "تاریخ:" is the letter's date
    enacting: bool  # the enacting clause of a decision letter was read
    heading_read: bool  # a one-line heading gave the session's number or date
    intro_read: bool  # the session's opening sentence was read
    session_fields: int  # labelled session fields read
    attendance_line: int  # the last line read into the attendance
    decision_seen: bool  # an item so far is a decision
    items_checked: int  # how many items ``decisions_seen`` looked at
    highest_number: int  # the highest resolution number given so far

    if TYPE_CHECKING:
        # Defined by one reader and called by another; the definitions are in the modules named.

        # parser.Parser
        def classify(self, paragraph: Paragraph) -> str: ...

        def not_understood(self, paragraph: Paragraph, reason: str) -> str: ...

        def numbered_item(self, paragraph: Paragraph) -> Item | None: ...

        def heading(self, text: str) -> tuple[str | None, str] | None: ...

        # layouts.LayoutReading
        def note_weekday(self, text: str) -> None: ...

        # session_reading.SessionReading
        def city_of(self, ref: OrganizationRef | None) -> str: ...

        # organization_reading.OrganizationReading
        def take_organization(
            self,
            text: str,
            start: int,
            *,
            member: bool = False,
            line: int = 0,
            last: OrganizationRef | None = None,
        ) -> tuple[OrganizationRef | None, int]: ...

        def take_list(self, text: str, start: int, *, line: int) -> tuple[list[OrganizationRef], int]: ...

        def unknown(self, text: str, *, member: bool, line: int) -> OrganizationRef: ...
