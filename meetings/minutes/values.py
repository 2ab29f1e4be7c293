"""The minutes as plain values: what ``meetings.minutes.actions.save_minutes`` takes, whoever calls
it — the editor (from its forms, ``meetings.minutes.forms.minutes_values``), the importer or a test.

A section is a list of rows in the order the minutes show them. A row names the stored row it
changes (``pk``) or none (a new one), and the model's field values; a stored row left out of the
list is removed. Numbers and order come from the position in the list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from secretariat.models import Organization


@dataclass
class Row:
    pk: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewCommittee:
    """A committee that a resolution forms, with its lead (collaborators are the resolution's)."""

    name: str
    lead: Organization
    mandate: str = ""


@dataclass
class ResolutionRow(Row):
    collaborators: list[Organization] = field(default_factory=list)
    # ``{"for": [...], "against": [...], "abstaining": [...]}`` when organizations are named.
    organization_votes: dict[str, list[Organization]] = field(default_factory=dict)
    new_committee: NewCommittee | None = None

    @property
    def votes_cast(self) -> int:
        return sum(self.values.get(name) or 0 for name in ("votes_for", "votes_against", "votes_abstaining"))


@dataclass
class MinutesValues:
    """Everything the editor writes: the head of the minutes and its sections."""

    version: int  # the session's edit number the values were made from
    header: dict[str, Any] = field(default_factory=dict)
    sittings: list[str] = field(default_factory=list)
    days: list[datetime.date] = field(default_factory=list)
    attendance: list[Row] = field(default_factory=list)
    speeches: list[Row] = field(default_factory=list)
    agenda: list[Row] = field(default_factory=list)
    resolutions: list[ResolutionRow] = field(default_factory=list)
