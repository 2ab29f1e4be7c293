"""Whether a session had its quorum: member organizations present, counted by the group's rule.

An organization counts once however many of its people attended; a substitute counts for their
organization when the group says substitutes count. The rule is the working group's setting
(``WorkingGroup.quorum_rule``): more than half of its member organizations by default.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from meetings.models import Attendance
from secretariat.models import WorkingGroup


@dataclass(frozen=True)
class Quorum:
    present: int  # member organizations present
    members: int  # member organizations of the group
    needed: int
    rule: str  # the rule in words

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed


def needed(group: WorkingGroup, members: int) -> int:
    if group.quorum_rule == WorkingGroup.QuorumRule.COUNT and group.quorum_count:
        return group.quorum_count
    if group.quorum_rule == WorkingGroup.QuorumRule.TWO_THIRDS:
        return math.ceil(members * 2 / 3)
    return members // 2 + 1


def quorum(
    group: WorkingGroup, member_ids: Iterable[int], attendance: Iterable[tuple[str, int | None]]
) -> Quorum:
    """The quorum of a session of ``group`` whose ``attendance`` is ``(kind, organization id)`` pairs."""
    members = set(member_ids)
    counted = {Attendance.Kind.PRESENT}
    if group.quorum_counts_substitutes:
        counted.add(Attendance.Kind.SUBSTITUTE)
    present = {
        organization for kind, organization in attendance if kind in counted and organization in members
    }
    rule = WorkingGroup.QuorumRule(group.quorum_rule).label
    if group.quorum_rule == WorkingGroup.QuorumRule.COUNT and not group.quorum_count:
        rule = WorkingGroup.QuorumRule.MAJORITY.label
    return Quorum(
        present=len(present), members=len(members), needed=needed(group, len(members)), rule=str(rule)
    )


VOTING_KINDS = (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE)


def votes_beyond_attendance(
    attendance_kinds: Iterable[str], votes_cast: Iterable[int]
) -> list[tuple[int, int]]:
    """The counted votes that exceed the members present (attendees and substitutes): ``(index of
    the resolution, votes cast)`` for each. One rule for the editor's forms and ``save_minutes``."""
    present = voting_members(attendance_kinds)
    return [(index, cast) for index, cast in enumerate(votes_cast) if cast > present]


def voting_members(attendance_kinds: Iterable[str]) -> int:
    return sum(1 for kind in attendance_kinds if kind in VOTING_KINDS)
